import { LimitError } from './errors';

/**
 * A discrete-event kernel on virtual time. Every actor of a call (a caller's TwiML, an agent's
 * leg, a hang-up timer) is a process; exactly one process runs at a time, and it only gives way
 * when it sleeps on the virtual clock, waits for a signal, or finishes. Real HTTP happens while a
 * process runs, so webhooks are strictly ordered and a whole call replays identically, in
 * milliseconds, whatever its virtual length.
 */

/** Thrown into a process to stop what it is doing; a process that lets one escape just ends. */
export class Interrupt extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The owner of a helper process no longer needs it. */
export class Cancelled extends Interrupt {
  constructor(why = 'cancelled') {
    super(why);
  }
}

interface Timer {
  at: number;
  seq: number;
  daemon: boolean;
  cancelled: boolean;
  fire: () => void;
}

export interface ClockLimits {
  /** Virtual seconds a simulation may last (Twilio's longest call is 4 h). */
  maxSeconds: number;
  /** Wake-ups the kernel may process: a runaway loop fails instead of spinning. */
  maxSteps: number;
}

const DEFAULT_LIMITS: ClockLimits = { maxSeconds: 6 * 3600, maxSteps: 200_000 };

export class VirtualClock {
  private _now = 0;
  private timers: Timer[] = [];
  private seq = 0;
  private steps = 0;
  private handOff: (() => void) | null = null;
  private failure: { error: unknown } | null = null;
  private readonly live = new Set<Proc>();
  private readonly limits: ClockLimits;

  constructor(limits: Partial<ClockLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Virtual seconds since the simulation started. */
  get now(): number {
    return this._now;
  }

  /**
   * Starts a process at the current virtual time, after the running one gives way. A daemon
   * (a hang-up timer) never keeps the simulation alive on its own.
   */
  spawn(name: string, body: (proc: Proc) => Promise<void>, options: { daemon?: boolean } = {}): Proc {
    const proc = new Proc(this, name, options.daemon ?? false);
    this.live.add(proc);
    proc.wake = this.schedule(this._now, proc.daemon, () => proc.start(body));
    return proc;
  }

  /** Runs until nothing but daemons is left; rethrows the first failure of any process. */
  async run(): Promise<void> {
    for (;;) {
      this.rethrow();
      const timer = this.next();
      if (!timer) break;
      if (timer.at > this.limits.maxSeconds) {
        throw new LimitError(`the call is still going after ${this.limits.maxSeconds} virtual seconds: ${this.describeLive()}`);
      }
      if (++this.steps > this.limits.maxSteps) {
        throw new LimitError(`more than ${this.limits.maxSteps} simulation steps: a loop? ${this.describeLive()}`);
      }
      this._now = Math.max(this._now, timer.at);
      await new Promise<void>((ok) => {
        this.handOff = ok;
        timer.fire();
      });
    }
    this.rethrow();
    const stuck = [...this.live].filter((p) => !p.daemon && p.blockedOn);
    if (stuck.length > 0) {
      throw new LimitError(`the simulation stalled: ${stuck.map((p) => `${p.name} waits for ${p.blockedOn}`).join('; ')}`);
    }
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }

  /** @internal */
  schedule(at: number, daemon: boolean, fire: () => void): Timer {
    const timer: Timer = { at, seq: this.seq++, daemon, cancelled: false, fire };
    let i = this.timers.length;
    while (i > 0 && (this.timers[i - 1].at > at || (this.timers[i - 1].at === at && this.timers[i - 1].seq > timer.seq))) i--;
    this.timers.splice(i, 0, timer);
    return timer;
  }

  /** @internal The running process gave way (blocked or finished). */
  yielded(): void {
    const handOff = this.handOff;
    this.handOff = null;
    handOff?.();
  }

  /** @internal */
  finished(proc: Proc, error: unknown): void {
    this.live.delete(proc);
    if (error !== undefined && !(error instanceof Interrupt) && !this.failure) this.failure = { error };
  }

  private next(): Timer | undefined {
    this.timers = this.timers.filter((t) => !t.cancelled);
    if (!this.timers.some((t) => !t.daemon)) return undefined;
    return this.timers.shift();
  }

  private describeLive(): string {
    return [...this.live].map((p) => `${p.name}${p.blockedOn ? ` (${p.blockedOn})` : ''}`).join(', ');
  }
}

/** Something that happens once; processes may wait for it, and late waiters get it at once. */
export class Signal<T = void> {
  private result: { value: T } | null = null;
  private readonly waiters = new Set<(value: T) => void>();

  constructor(readonly description: string) {}

  get fired(): boolean {
    return this.result !== null;
  }

  get value(): T | undefined {
    return this.result?.value;
  }

  /** The first value wins; later fires are ignored (a call ends once). */
  fire(value: T): void {
    if (this.result) return;
    this.result = { value };
    for (const waiter of [...this.waiters]) waiter(value);
    this.waiters.clear();
  }

  /** @internal */
  subscribe(waiter: (value: T) => void): () => void {
    this.waiters.add(waiter);
    return () => this.waiters.delete(waiter);
  }
}

export class Proc {
  /** @internal The timer that will resume this process, when one is scheduled. */
  wake: Timer | null = null;
  /** What the process is blocked on, for stall reports; null while it runs. */
  blockedOn: string | null = null;
  private reject: ((error: unknown) => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private pending: Interrupt | null = null;
  private done = false;
  readonly ended: Signal<void>;

  constructor(
    private readonly clock: VirtualClock,
    readonly name: string,
    readonly daemon: boolean,
  ) {
    this.ended = new Signal(`${name} to end`);
  }

  get now(): number {
    return this.clock.now;
  }

  get finished(): boolean {
    return this.done;
  }

  /** @internal */
  start(body: (proc: Proc) => Promise<void>): void {
    this.wake = null;
    if (this.pending) {
      // Interrupted before it ever ran: it never starts.
      this.finish(undefined);
      return;
    }
    body(this).then(
      () => this.finish(undefined),
      (error: unknown) => this.finish(error),
    );
  }

  sleep(seconds: number): Promise<void> {
    if (!(seconds >= 0) || !Number.isFinite(seconds)) throw new RangeError(`${this.name}: cannot sleep ${seconds} s`);
    return this.block(`${seconds} s to pass`, (resume) => {
      this.wake = this.clock.schedule(this.clock.now + seconds, this.daemon, () => this.resume(() => resume(undefined)));
      return () => undefined;
    });
  }

  /** Waits for the signal; returns at once (without giving way) if it has already fired. */
  wait<T>(signal: Signal<T>): Promise<T> {
    if (signal.fired && !this.pending) return Promise.resolve(signal.value as T);
    return this.block(signal.description, (resume) =>
      signal.subscribe((value) => {
        this.unsubscribe = null;
        this.wake = this.clock.schedule(this.clock.now, this.daemon, () => this.resume(() => resume(value)));
      }),
    );
  }

  /**
   * Throws `error` into the process where it is blocked (at the current virtual time), or at its
   * next block if it is the one running. No effect once it has finished.
   */
  interrupt(error: Interrupt): void {
    if (this.done) return;
    if (!this.reject) {
      this.pending ??= error;
      return;
    }
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.wake) this.wake.cancelled = true;
    const reject = this.reject;
    this.wake = this.clock.schedule(this.clock.now, this.daemon, () => this.resume(() => reject(error)));
  }

  private block<T>(what: string, register: (resume: (value: T) => void) => () => void): Promise<T> {
    if (this.pending) {
      const error = this.pending;
      this.pending = null;
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      this.blockedOn = what;
      this.reject = reject;
      this.unsubscribe = register(resolve);
      this.clock.yielded();
    });
  }

  private resume(go: () => void): void {
    this.wake = null;
    this.blockedOn = null;
    this.reject = null;
    this.unsubscribe = null;
    go();
  }

  private finish(error: unknown): void {
    this.done = true;
    this.blockedOn = null;
    this.clock.finished(this, error);
    this.ended.fire();
    this.clock.yielded();
  }
}
