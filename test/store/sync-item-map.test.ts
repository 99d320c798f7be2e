import {
  ItemExistsError,
  ItemNotFoundError,
  InvalidKeyError,
  RevisionMismatchError,
  StoreUnavailableError,
  updateItem,
} from '../../src/store';
import { startEmulatedSync, type EmulatedSync } from '../support/emulated-sync';

describe('SyncItemMap against the Sync emulator, through the official twilio client', () => {
  let sync: EmulatedSync;

  beforeEach(async () => {
    sync = await startEmulatedSync();
  });
  afterEach(() => sync.close());

  it('creates the map on first write, then reads, updates and removes with revisions', async () => {
    const map = sync.map<{ n: number }>('things');
    expect(await map.list()).toEqual([]);
    expect(await map.get('a')).toBeUndefined();

    const created = await map.create('a', { n: 1 });
    expect(created).toMatchObject({ key: 'a', data: { n: 1 }, expiresAt: null });
    const updated = await map.update('a', { n: 2 }, created.revision);
    expect(updated.data).toEqual({ n: 2 });
    expect(updated.revision).not.toBe(created.revision);
    expect((await map.get('a'))?.data).toEqual({ n: 2 });

    await expect(map.remove('a', created.revision)).rejects.toBeInstanceOf(RevisionMismatchError);
    expect(await map.remove('a', updated.revision)).toBe(true);
    expect(await map.remove('a')).toBe(false);
    await expect(map.update('a', { n: 3 }, updated.revision)).rejects.toBeInstanceOf(ItemNotFoundError);
  });

  it('rejects a write with a stale revision and leaves the item as it was', async () => {
    const map = sync.map<{ n: number }>('things');
    const first = await map.create('a', { n: 1 });
    await map.update('a', { n: 2 }, first.revision);
    await expect(map.update('a', { n: 99 }, first.revision)).rejects.toBeInstanceOf(RevisionMismatchError);
    expect((await map.get('a'))?.data).toEqual({ n: 2 });
  });

  it('gives a 50-way concurrent claim on one key exactly one winner', async () => {
    const map = sync.map<{ by: number }>('claims');
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, by) => map.create('CA0001', { by }, { ttl: 60 })));
    const winners = results.filter((r) => r.status === 'fulfilled');
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    for (const loser of losers) expect(loser.reason).toBeInstanceOf(ItemExistsError);
    const stored = await map.get('CA0001');
    expect(stored?.data).toEqual((winners[0] as PromiseFulfilledResult<{ data: { by: number } }>).value.data);
  });

  it('re-reads and re-decides when a concurrent write wins the race', async () => {
    const map = sync.map<{ n: number }>('counters');
    await map.create('c', { n: 0 });
    await Promise.all(Array.from({ length: 8 }, () => updateItem(map, 'c', (cur) => ({ n: cur.n + 1 }), { maxAttempts: 50 })));
    expect((await map.get('c'))?.data).toEqual({ n: 8 });
  });

  it('lists every item across pages in key order', async () => {
    const map = sync.map<{ i: number }>('many');
    const keys = Array.from({ length: 230 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    for (const [i, key] of keys.entries()) await map.create(key, { i });
    const listed = await map.list();
    expect(listed.map((item) => item.key)).toEqual(keys);
    expect(sync.emulator.stats().many.reads).toBe(3);
  });

  it('lets a claim expire after its TTL', async () => {
    let clock = Date.parse('2026-11-23T12:00:00Z');
    await sync.close();
    sync = await startEmulatedSync({ now: () => clock });
    const map = sync.map<{ agent: string }>('claims');
    const claim = await map.create('CA0002', { agent: 'alice' }, { ttl: 30 });
    expect(claim.expiresAt).toBe('2026-11-23T12:00:30.000Z');
    clock += 29_000;
    await expect(map.create('CA0002', { agent: 'bob' })).rejects.toBeInstanceOf(ItemExistsError);
    clock += 2_000;
    expect(await map.get('CA0002')).toBeUndefined();
    expect((await map.create('CA0002', { agent: 'bob' })).data).toEqual({ agent: 'bob' });
  });

  it('refuses keys Sync cannot address before sending anything', async () => {
    const map = sync.map('things');
    await expect(map.create('a/b', {})).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(map.get('')).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it('backs off on 429 and gets every write through under the rate limit', async () => {
    sync.emulator.setRateLimit({ writesPerSecond: 20, burst: 5 });
    const map = sync.map<{ i: number }>('busy', { budgetMs: 8000, baseMs: 20, capMs: 300 });
    await Promise.all(Array.from({ length: 25 }, (_, i) => map.create(`k${i}`, { i })));
    expect(await map.list()).toHaveLength(25);
    expect(sync.emulator.stats().busy.rejected).toBeGreaterThan(0);
  });

  it('gives up with StoreUnavailableError once the retry budget is spent', async () => {
    const map = sync.map<{ i: number }>('slow', { budgetMs: 150, baseMs: 50, capMs: 100 });
    await map.create('seed', { i: 0 });
    sync.emulator.setRateLimit({ writesPerSecond: 0.01, burst: 1 });
    await map.create('first', { i: 1 }).catch(() => undefined);
    await expect(map.create('second', { i: 2 })).rejects.toBeInstanceOf(StoreUnavailableError);
    sync.emulator.setRateLimit(false);
    expect(await map.get('second')).toBeUndefined();
  });
});
