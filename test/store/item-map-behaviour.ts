import { ItemExistsError, ItemNotFoundError, InvalidKeyError, RevisionMismatchError, removeItem, updateItem, type ItemMap } from '../../src/store';

/** Makes maps on a clock the test moves; closes whatever it started. */
export interface MapFactory {
  map<T>(name: string): ItemMap<T>;
  close?(): Promise<void>;
}

/**
 * The ItemMap contract, run against every implementation: the Sync adapter on the emulator (itself
 * checked against Twilio's OpenAPI spec) and the in-memory map, so the fake cannot drift.
 */
export function describeItemMap(name: string, start: (now: () => number) => Promise<MapFactory>): void {
  describe(`ItemMap contract: ${name}`, () => {
    let clock: number;
    let maps: MapFactory;

    beforeEach(async () => {
      clock = Date.parse('2026-11-23T12:00:00Z');
      maps = await start(() => clock);
    });
    afterEach(() => maps.close?.());

    it('creates, reads, updates and removes with revisions', async () => {
      const map = maps.map<{ n: number }>('things');
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

    it('prepares a map for its first write, any number of times, without storing an item', async () => {
      const map = maps.map<{ n: number }>('fresh');
      await map.prepare();
      await map.prepare();
      expect(await map.list()).toEqual([]);
      expect((await map.create('a', { n: 1 })).data).toEqual({ n: 1 });
      await map.prepare();
      expect((await map.list()).map((i) => i.key)).toEqual(['a']);
    });

    it('rejects a write with a stale revision and leaves the item as it was', async () => {
      const map = maps.map<{ n: number }>('things');
      const first = await map.create('a', { n: 1 });
      await map.update('a', { n: 2 }, first.revision);
      await expect(map.update('a', { n: 99 }, first.revision)).rejects.toBeInstanceOf(RevisionMismatchError);
      expect((await map.get('a'))?.data).toEqual({ n: 2 });
    });

    it('gives a 50-way concurrent claim on one key exactly one winner', async () => {
      const map = maps.map<{ by: number }>('claims');
      const results = await Promise.allSettled(Array.from({ length: 50 }, (_, by) => map.create('CA0001', { by }, { ttl: 60 })));
      const winners = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof map.create>>> => r.status === 'fulfilled');
      const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(winners).toHaveLength(1);
      for (const loser of losers) expect(loser.reason).toBeInstanceOf(ItemExistsError);
      expect((await map.get('CA0001'))?.data).toEqual(winners[0].value.data);
    });

    it('re-reads and re-decides when a concurrent write wins the race', async () => {
      const map = maps.map<{ n: number }>('counters');
      await map.create('c', { n: 0 });
      await Promise.all(Array.from({ length: 8 }, () => updateItem(map, 'c', (cur) => ({ n: cur.n + 1 }), { maxAttempts: 50 })));
      expect((await map.get('c'))?.data).toEqual({ n: 8 });
    });

    it('removes an item while it is still wanted, re-reading when a concurrent write wins the race', async () => {
      const map = maps.map<{ owner: string; n: number }>('owned');
      await map.create('x', { owner: 'a', n: 0 });
      const known = await map.get('x');
      await updateItem(map, 'x', (cur) => ({ ...cur, n: cur.n + 1 }));
      // `known` is stale now: the first remove loses on its revision, the re-read still finds it ours.
      expect(await removeItem(map, 'x', (cur) => cur.owner === 'a', { known })).toBe(true);
      expect(await map.get('x')).toBeUndefined();

      await map.create('y', { owner: 'b', n: 0 });
      expect(await removeItem(map, 'y', (cur) => cur.owner === 'a')).toBe(false);
      expect((await map.get('y'))?.data).toEqual({ owner: 'b', n: 0 });
      expect(await removeItem(map, 'gone', () => true)).toBe(false);
    });

    it('lists every item across pages in key order', async () => {
      const map = maps.map<{ i: number }>('many');
      const keys = Array.from({ length: 230 }, (_, i) => `k${String(i).padStart(3, '0')}`);
      for (const key of [...keys].reverse()) await map.create(key, { i: keys.indexOf(key) });
      expect((await map.list()).map((item) => item.key)).toEqual(keys);
    });

    it('lets a claim expire after its TTL', async () => {
      const map = maps.map<{ agent: string }>('claims');
      const claim = await map.create('CA0002', { agent: 'alice' }, { ttl: 30 });
      expect(claim.expiresAt).toBe('2026-11-23T12:00:30.000Z');
      clock += 29_000;
      await expect(map.create('CA0002', { agent: 'bob' })).rejects.toBeInstanceOf(ItemExistsError);
      clock += 2_000;
      expect(await map.get('CA0002')).toBeUndefined();
      expect(await map.list()).toEqual([]);
      expect((await map.create('CA0002', { agent: 'bob' })).data).toEqual({ agent: 'bob' });
    });

    it('refuses keys Sync cannot address before storing anything', async () => {
      const map = maps.map('things');
      await expect(map.create('a/b', {})).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(map.get('')).rejects.toBeInstanceOf(InvalidKeyError);
    });

    it('refuses a map name Sync cannot hold (one made from request input, like a call id)', () => {
      expect(() => maps.map('call-<Say>&amp;</Say>')).toThrow(InvalidKeyError);
    });

    it('refuses an item over 16 KiB and keeps the one stored', async () => {
      const map = maps.map<{ s: string }>('big');
      const small = await map.create('a', { s: 'x' });
      await expect(map.update('a', { s: 'x'.repeat(17 * 1024) }, small.revision)).rejects.toThrow();
      expect((await map.get('a'))?.data).toEqual({ s: 'x' });
    });
  });
}
