import { CallStore, type CallItem } from '../../src/calls/call-store';
import type { ItemMap } from '../../src/store';
import { memoryMaps } from '../support/memory-maps';

/**
 * Giving back a lease or a claim must survive a lost race on its revision: a lease left behind
 * holds every later delivery of the call back until it expires, a claim left behind keeps anyone
 * else from taking the call.
 */
describe('CallStore: releasing a lease or a claim', () => {
  /** A map where, before each of the first `races` removes, some other writer rewrites the item (same data, new revision). */
  function racingMaps(races: number) {
    const sync = memoryMaps();
    const raced = (map: ItemMap<CallItem>): ItemMap<CallItem> => ({
      name: map.name,
      get: (key) => map.get(key),
      list: () => map.list(),
      create: (key, data, options) => map.create(key, data, options),
      update: (key, data, revision, options) => map.update(key, data, revision, options),
      prepare: () => map.prepare(),
      async remove(key, revision) {
        const item = await map.get(key);
        if (races > 0 && item) {
          races -= 1;
          await map.update(key, item.data, item.revision);
        }
        return map.remove(key, revision);
      },
    });
    const mapFor = (id: string) => raced(sync.map<CallItem>(`call-${id}`));
    return { calls: new CallStore(mapFor, 3600), raw: (id: string) => sync.map<CallItem>(`call-${id}`) };
  }

  it('a lease whose release lost a race to its revision is still released, so the next delivery can take it', async () => {
    const { calls } = racingMaps(4);
    const lease = await calls.lease('CA1', 'outbox', 10);
    expect(await calls.lease('CA1', 'outbox', 10)).toBeNull();
    await lease!.release();
    expect(await calls.lease('CA1', 'outbox', 10)).not.toBeNull();
  });

  it('a lease that has become someone else’s (it expired and was taken again) is left to them', async () => {
    const { calls, raw } = racingMaps(1);
    const lease = await calls.lease('CA1', 'outbox', 10);
    const item = await raw('CA1').get('lease.outbox');
    await raw('CA1').update('lease.outbox', { at: new Date().toISOString(), holder: 'another flush' } as CallItem, item!.revision);
    await lease!.release();
    expect((await raw('CA1').get('lease.outbox'))?.data).toMatchObject({ holder: 'another flush' });
  });

  it('a claim given back after a lost race is gone, so another agent can win the call', async () => {
    const { calls } = racingMaps(3);
    const claim = { agentId: 'alice', legId: 'CAleg1', at: new Date().toISOString() };
    expect((await calls.claim('CA1', claim)).won).toBe(true);
    await calls.dropClaim('CA1', claim);
    expect((await calls.claim('CA1', { agentId: 'bob', legId: 'CAleg2', at: new Date().toISOString() })).won).toBe(true);
  });
});
