import type { RestCall } from './calls-api';
import { VirtualClock, type ClockLimits, type Proc } from './clock';
import { SimulationError, UnsupportedTwimlError } from './errors';
import { Leg, type LegInit } from './legs';
import type { Parties } from './parties';
import { Queues } from './queues';
import type { Scenario } from './scenario';
import type { SimulationTarget } from './target';
import { Transcript } from './transcript';
import { TwilioInterpreter } from './twilio-interpreter';
import { Webhooks } from './webhooks';

export interface ContextOptions {
  limits?: Partial<ClockLimits>;
}

/** Everything one simulated call shares: the clock, the transcript, the target and the parties. */
export class SimulationContext {
  readonly clock: VirtualClock;
  readonly transcript: Transcript;
  readonly http: Webhooks;
  readonly interpreter: TwilioInterpreter;
  readonly queues = new Queues();
  readonly legs: Leg[] = [];
  /** Real time at the start: Twilio's Timestamp fields are this plus virtual time. */
  private readonly epochMs = Date.now();
  private restCalls: ((call: RestCall) => void) | null = null;

  constructor(
    readonly scenario: Scenario,
    readonly target: SimulationTarget,
    readonly parties: Parties,
    options: ContextOptions = {},
  ) {
    this.clock = new VirtualClock(options.limits);
    this.transcript = new Transcript(() => this.clock.now);
    this.http = new Webhooks(this);
    this.interpreter = new TwilioInterpreter(this);
  }

  newLeg(init: LegInit): Leg {
    const leg = new Leg(this, init);
    this.legs.push(leg);
    return leg;
  }

  /** RFC 2822, as Twilio's Timestamp and RecordingStartTime fields. */
  timestamp(): string {
    return new Date(this.epochMs + this.clock.now * 1000).toUTCString().replace('GMT', '+0000');
  }

  /** The leg's party hangs up after `seconds` unless the call is over by then (a daemon: it keeps nothing alive). */
  hangUpTimer(leg: Leg, seconds: number, why: string): Proc {
    return this.clock.spawn(
      `${leg.who} hangs up (${why})`,
      async (p) => {
        await p.sleep(seconds);
        if (!leg.live) return;
        this.transcript.add({ kind: 'note', text: `${leg.who} gives up: ${why}` });
        leg.hangUpByParty();
      },
      { daemon: true },
    );
  }

  /** Who plays the calls the product places over REST (the carrier registers itself). */
  onRestCall(handler: (call: RestCall) => void): void {
    this.restCalls = handler;
  }

  /**
   * After every request: calls the product created over REST start ringing now, and any REST
   * change to a live call (redirect, hang-up, dequeue) stops the run, since it is not played.
   */
  async afterRequest(): Promise<void> {
    for (const call of await this.target.calls.newCalls()) {
      this.http.noteRestCall(call.createdAtMs);
      if (!this.restCalls) throw new SimulationError(`the product placed a call over REST (${call.sid} to ${call.to}) but no carrier plays REST calls`);
      this.restCalls(call);
    }
    const changes = await this.target.calls.restChanges();
    if (changes.length > 0) {
      throw new UnsupportedTwimlError(`the product changed a live call over the REST API, which the simulator does not play yet: ${changes.join('; ')}`);
    }
  }
}
