/** Public types of the embedded Twilio Sync v1 emulator (Maps and Map Items only). */

export type RateLimitSetting = false | { writesPerSecond?: number; burst?: number };

/** Injected faults (soak runs): fractions of item requests throttled (429) and of conditional writes beaten to it (412). */
export interface StormSetting {
  throttle?: number;
  conflict?: number;
  /** Seeds the emulator's own generator, so the same traffic meets the same faults. */
  seed?: number;
}

export interface StormCounts {
  /** Item requests answered 429 by the storm (not by the rate limit). */
  throttled: number;
  /** Conditional writes that found the item rewritten by the storm's other writer. */
  conflicts: number;
}

export interface SyncEmulatorOptions {
  /** State lives in `${dataDir}/sync-emulator.json`; it is loaded at start so it survives a restart. */
  dataDir: string;
  /** Default 0: the OS picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. Only loopback hosts are accepted: the emulator has no real security. */
  host?: string;
  /** Default false. When on: one token bucket per map, default 20 writes/s with a burst of 20. */
  rateLimit?: RateLimitSetting;
  /** Millisecond clock, injectable so TTL and rate-limit tests need no real waiting. Default Date.now. */
  now?: () => number;
  /** When set, Basic auth must match exactly. When unset, any Basic auth is accepted, but one must be sent. */
  credentials?: { username: string; password: string };
}

export interface MapStats {
  reads: number;
  writes: number;
  rejected: number;
}

export interface SyncEmulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:54321 */
  url: string;
  /** Stops listening and flushes pending persistence. */
  close(): Promise<void>;
  setRateLimit(limit: RateLimitSetting): void;
  /** Starts (or, with false, ends) a storm of injected 429s and 412s; counts survive until the next start. */
  setStorm(storm: StormSetting | false): void;
  stormCounts(): StormCounts;
  /**
   * Per map (unique name, or sid for anonymous maps): item reads (each fetch, each list page) and
   * item writes (create/update/delete) that reached an existing map; `rejected` counts 429s.
   */
  stats(): Record<string, MapStats>;
  resetStats(): void;
}
