import type { RateLimitSetting } from './types';

/**
 * Sync limits writes per object: "up to 20/s per object, 10 s burst window", and a write to any item
 * counts against the containing Map. Payloads of 10 KiB or more are throttled to about 2 writes/s,
 * which we model as such a write costing 10 tokens.
 */
export const DEFAULT_WRITES_PER_SECOND = 20;
export const DEFAULT_BURST = 20;
const LARGE_ITEM_BYTES = 10 * 1024;
const LARGE_ITEM_COST = 10;

export interface RateLimitConfig {
  writesPerSecond: number;
  burst: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export function writeCost(dataBytes: number): number {
  return dataBytes > LARGE_ITEM_BYTES ? LARGE_ITEM_COST : 1;
}

export function normaliseRateLimit(setting: RateLimitSetting | undefined): RateLimitConfig | null {
  if (setting === undefined || setting === false) return null;
  const config = {
    writesPerSecond: setting.writesPerSecond ?? DEFAULT_WRITES_PER_SECOND,
    burst: setting.burst ?? DEFAULT_BURST,
  };
  for (const [name, value] of Object.entries(config)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new TypeError(`rateLimit.${name} must be a positive number, got ${String(value)}`);
    }
  }
  return config;
}

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** One token bucket per map, refilled continuously from the (injectable) clock. */
export class WriteRateLimiter {
  private config: RateLimitConfig | null = null;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    setting: RateLimitSetting | undefined,
    private readonly now: () => number,
  ) {
    this.configure(setting);
  }

  /** A new setting starts every bucket full, so tests do not inherit debt from an earlier limit. */
  configure(setting: RateLimitSetting | undefined): void {
    this.config = normaliseRateLimit(setting);
    this.buckets.clear();
  }

  take(bucketId: string, cost: number): TakeResult {
    const config = this.config;
    if (!config) return { ok: true };
    // A cost above the bucket size could never be paid; charging a full bucket keeps it possible.
    const price = Math.min(cost, config.burst);
    const now = this.now();
    const bucket = this.buckets.get(bucketId) ?? { tokens: config.burst, refilledAt: now };
    // An injected clock may be set backwards; never let that drain the bucket.
    const elapsedMs = Math.max(0, now - bucket.refilledAt);
    bucket.tokens = Math.min(config.burst, bucket.tokens + (elapsedMs / 1000) * config.writesPerSecond);
    bucket.refilledAt = now;
    this.buckets.set(bucketId, bucket);
    if (bucket.tokens >= price) {
      bucket.tokens -= price;
      return { ok: true };
    }
    const waitSeconds = (price - bucket.tokens) / config.writesPerSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }

  forget(bucketId: string): void {
    this.buckets.delete(bucketId);
  }
}
