/**
 * Account CPS pacing. Twilio does not reject creates above the account's calls-per-second limit: it
 * keeps them `queued` and starts them one slot apart. The emulator records when each would start.
 */
export interface Slot {
  /** When the call would start dialing. */
  startAt: number;
  /** True when the create arrived before the next free slot, i.e. faster than the limit allows. */
  delayed: boolean;
}

export class CallPacer {
  private readonly intervalMs: number | undefined;
  private nextFree = Number.NEGATIVE_INFINITY;

  constructor(callsPerSecond: number | false) {
    if (callsPerSecond !== false && !(Number.isFinite(callsPerSecond) && callsPerSecond > 0)) {
      throw new Error(`callsPerSecond must be a positive number or false, not ${String(callsPerSecond)}`);
    }
    this.intervalMs = callsPerSecond === false ? undefined : 1000 / callsPerSecond;
  }

  schedule(now: number): Slot {
    if (this.intervalMs === undefined) return { startAt: now, delayed: false };
    const delayed = now < this.nextFree;
    // Whole milliseconds, rounded up so a slot is never earlier than 1/cps after the previous one.
    const startAt = delayed ? Math.ceil(this.nextFree) : now;
    this.nextFree = startAt + this.intervalMs;
    return { startAt, delayed };
  }
}
