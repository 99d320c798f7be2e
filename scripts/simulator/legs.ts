import { voiceWebhookParams, type LegDirection } from '../twilio-emulator-kit/voice-webhook-params';
import type { CallStatus } from '../voice-api-emulator';
import { Interrupt, Signal, type Proc } from './clock';
import type { SimulationContext } from './context';
import type { Party } from './parties';

export type { LegDirection };

const FINAL: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
export const isFinal = (status: CallStatus): boolean => FINAL.has(status);

export interface StatusCallback {
  url: string;
  method: string;
  /** Of initiated, ringing, answered, completed: only these are posted. */
  events: ReadonlySet<string>;
}

/** The party on this leg hung up: thrown into whatever the leg's processes are doing. */
export class PartyHungUp extends Interrupt {
  constructor(readonly leg: Leg) {
    super(`${leg.who} hung up`);
  }
}

export interface LegInit {
  sid: string;
  from: string;
  to: string;
  direction: LegDirection;
  parentCallSid?: string;
  party: Party;
  statusCallback: StatusCallback | null;
  /** Known to the Calls API emulator, whose status must follow the leg's. */
  emulated: boolean;
}

/** Which status callback event a status belongs to (Twilio's statusCallbackEvent names). */
function eventOf(status: CallStatus): string {
  if (status === 'queued') return 'initiated';
  if (status === 'ringing') return 'ringing';
  if (status === 'in-progress') return 'answered';
  return 'completed';
}

/** One call leg: the caller's call, an agent's <Dial> leg, or a REST-created call. */
export class Leg {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly direction: LegDirection;
  readonly parentCallSid: string | undefined;
  readonly party: Party;
  readonly statusCallback: StatusCallback | null;
  readonly emulated: boolean;
  status: CallStatus = 'queued';
  answeredAt: number | null = null;
  endedAt: number | null = null;
  /** Webhooks posted for this leg; bounded so a redirect loop fails instead of running forever. */
  webhooks = 0;
  /** <Dial>s this leg has made: the ring-all wave number. */
  dials = 0;
  private sequence = 0;
  /** A leg is created `queued`; the first setStatus('queued') announces it (the `initiated` event). */
  private initiated = false;
  /** Processes acting for this leg: a hang-up by its party is thrown into each of them. */
  private readonly procs = new Set<Proc>();
  readonly ended: Signal<CallStatus>;

  constructor(
    private readonly sim: SimulationContext,
    init: LegInit,
  ) {
    this.sid = init.sid;
    this.from = init.from;
    this.to = init.to;
    this.direction = init.direction;
    this.parentCallSid = init.parentCallSid;
    this.party = init.party;
    this.statusCallback = init.statusCallback;
    this.emulated = init.emulated;
    this.ended = new Signal(`${this.who}'s call to end`);
  }

  get who(): string {
    return this.party.who;
  }

  get live(): boolean {
    return !isFinal(this.status);
  }

  /** Seconds since the leg was answered (0 if it never was). */
  duration(): number {
    if (this.answeredAt === null) return 0;
    return Math.round((this.endedAt ?? this.sim.clock.now) - this.answeredAt);
  }

  /** The parameters Twilio sends with every request about this call. */
  params(): Record<string, string> {
    return voiceWebhookParams({
      accountSid: this.sim.target.accountSid,
      callSid: this.sid,
      parentCallSid: this.parentCallSid,
      from: this.from,
      to: this.to,
      status: this.status === 'queued' ? 'ringing' : this.status,
      direction: this.direction,
    });
  }

  attach(proc: Proc): void {
    this.procs.add(proc);
  }

  detach(proc: Proc): void {
    this.procs.delete(proc);
  }

  /** The party puts the phone down: whatever acts for the leg gets PartyHungUp. */
  hangUpByParty(): void {
    if (!this.live) return;
    for (const proc of this.procs) proc.interrupt(new PartyHungUp(this));
  }

  /**
   * Moves the leg on, as the network would: the emulator's copy follows, and the status callback
   * is posted when its event was asked for. Moves from a final status are ignored.
   */
  async setStatus(status: CallStatus): Promise<void> {
    const announce = status === 'queued' && !this.initiated;
    this.initiated = true;
    if ((status === this.status && !announce) || !this.live) return;
    this.status = status;
    const now = this.sim.clock.now;
    if (status === 'in-progress') {
      this.answeredAt = now;
      const after = this.party.behaviour.hangUpAfter;
      // A called party's hangUpAfter counts from when it answers; the caller's from the call's start.
      if (this.party.role !== 'caller' && after !== undefined) this.sim.hangUpTimer(this, after, `hangUpAfter ${after} s`);
    }
    if (isFinal(status)) this.endedAt = now;
    if (this.emulated) await this.sim.target.calls.setStatus(this.sid, status);
    const callback = this.statusCallback;
    const event = eventOf(status);
    if (callback && callback.events.has(event)) {
      const params: Record<string, string> = {
        ...this.params(),
        // UNCONFIRMED: the `initiated` event's CallStatus; the call resource itself says `queued`.
        CallStatus: status === 'queued' ? 'initiated' : status,
        CallbackSource: 'call-progress-events',
        SequenceNumber: String(this.sequence++),
        Timestamp: this.sim.timestamp(),
      };
      if (isFinal(status)) {
        params.CallDuration = String(this.duration());
        params.Duration = String(Math.ceil(this.duration() / 60));
      }
      await this.sim.http.callback(this, `${this.who}'s status callback (${event})`, callback.url, callback.method, params);
    }
    if (isFinal(status)) this.ended.fire(status);
  }
}

/** `statusCallbackEvent="initiated ringing"` (space separated) into a set; Twilio's default is completed. */
export function callbackEvents(value: string | undefined): Set<string> {
  const events = (value ?? '').split(/[\s,]+/).filter(Boolean);
  return new Set(events.length > 0 ? events : ['completed']);
}
