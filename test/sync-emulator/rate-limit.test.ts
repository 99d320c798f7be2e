import { asError } from '../support/emulator-http';
import { emulatorPerFile, ManualClock, startEmulator } from './helpers';

// The clock stands still unless a test moves it, so token refills are exact and no test waits.
const clock = new ManualClock();
const env = emulatorPerFile({ now: clock.now, rateLimit: {} });

beforeEach(() => {
  env.emulator.setRateLimit({}); // fresh, full buckets with the defaults (20/s, burst 20)
  env.emulator.resetStats();
});

const burst = (map: string, prefix: string, count: number, data: unknown = {}) =>
  Promise.all(Array.from({ length: count }, (_, i) => env.sync.createItem(map, `${prefix}-${i}`, data)));

describe('per-map write rate limit', () => {
  it('answers part of a burst of 40 writes with 429 / 54009 and Retry-After, without limiting reads', async () => {
    await env.sync.createMap('hot');
    const results = await burst('hot', 'a', 40);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);

    const limited = results.find((r) => r.status === 429);
    expect(limited && asError(limited)).toMatchObject({ code: 54009, status: 429 });
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const reads = await Promise.all(Array.from({ length: 30 }, () => env.sync.fetchItem('hot', 'a-0')));
    expect(reads.every((r) => r.status === 200)).toBe(true);
    expect((await env.sync.listItems('hot')).status).toBe(200);
    expect(env.emulator.stats().hot).toEqual({ reads: 31, writes: 20, rejected: 20 });
  });

  it('refills tokens with time', async () => {
    await env.sync.createMap('refill');
    await burst('refill', 'a', 20);
    expect((await env.sync.createItem('refill', 'late', {})).status).toBe(429);
    clock.advanceSeconds(0.5); // 20/s → 10 tokens
    const statuses = (await burst('refill', 'b', 12)).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
  });

  it('keeps a bucket per map', async () => {
    await env.sync.createMap('busy');
    await env.sync.createMap('quiet');
    await burst('busy', 'a', 25);
    expect((await env.sync.createItem('quiet', 'k', {})).status).toBe(201);
  });

  it('charges 10 tokens for an item over 10 KiB', async () => {
    await env.sync.createMap('heavy');
    const large = { s: 'x'.repeat(11 * 1024) };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await env.sync.createItem('heavy', `big-${i}`, large)).status);
    expect(statuses).toEqual([201, 201, 429]);
  });

  it('limits updates and deletes as well as creates', async () => {
    await env.sync.createMap('mixed');
    await burst('mixed', 'a', 18);
    expect((await env.sync.updateItem('mixed', 'a-0', { Data: '{"v":1}' })).status).toBe(200);
    expect((await env.sync.deleteItem('mixed', 'a-1')).status).toBe(204);
    expect((await env.sync.updateItem('mixed', 'a-2', { Data: '{"v":1}' })).status).toBe(429);
    expect((await env.sync.deleteItem('mixed', 'a-3')).status).toBe(429);
  });

  it('lifts the limit with setRateLimit(false) and applies a custom one', async () => {
    await env.sync.createMap('toggle');
    await burst('toggle', 'a', 20);
    expect((await env.sync.createItem('toggle', 'blocked', {})).status).toBe(429);

    env.emulator.setRateLimit(false);
    expect((await burst('toggle', 'b', 40)).every((r) => r.status === 201)).toBe(true);

    env.emulator.setRateLimit({ writesPerSecond: 2, burst: 3 });
    const statuses = (await burst('toggle', 'c', 5)).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
  });
});

describe('rate limit default', () => {
  it('is off unless asked for', async () => {
    const plain = await startEmulator();
    try {
      await plain.sync.createMap('m');
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => plain.sync.createItem('m', `k${i}`, {})));
      expect(results.every((r) => r.status === 201)).toBe(true);
    } finally {
      await plain.emulator.close();
    }
  });
});
