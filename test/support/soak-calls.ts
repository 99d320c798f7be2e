import type { LocalRuntime } from '../../scripts/local/local-runtime';
import { numbersOf, TwilioCall } from './twilio-call';
import { only, type XmlElement } from './twiml';

export interface RingingCall {
  call: TwilioCall;
  dial: XmlElement;
  /** The rung phones that are free to pick up, as many as were asked for. */
  legs: XmlElement[];
}

/**
 * The calls a soak plays, each from its own caller: which calls and callers there were (for the
 * audit and the log check), and which phones are on a call, since a phone already on a call does
 * not pick up another.
 */
export class SoakCalls {
  readonly callIds: string[] = [];
  readonly callers: string[] = [];
  private readonly onCall = new Set<string>();

  constructor(private readonly runtime: LocalRuntime) {}

  /** Call `n` comes in and rings; `phones` of the free phones it rang are taken for it. */
  async ring(n: number, phones = 1): Promise<RingingCall> {
    const call = new TwilioCall(this.runtime, `+1415556${String(1000 + n).padStart(4, '0')}`);
    this.callIds.push(call.sid);
    this.callers.push(call.from);
    const dial = only(await call.incoming(), 'Dial');
    const legs = numbersOf(dial).filter((number) => !this.onCall.has(number.text)).slice(0, phones);
    if (legs.length < phones) throw new Error(`call ${n}: fewer than ${phones} of the phones it rang are free`);
    for (const leg of legs) this.onCall.add(leg.text);
    return { call, dial, legs };
  }

  /** The call is over for these phones. */
  free(legs: readonly XmlElement[]): void {
    for (const leg of legs) this.onCall.delete(leg.text);
  }
}
