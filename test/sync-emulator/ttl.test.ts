import { asItem, asItemList, asMap, emulatorPerFile, ManualClock, MAPS_PATH } from './helpers';

const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
const env = emulatorPerFile({ now: clock.now });

describe('time to live', () => {
  it('hides and purges an item once its Ttl has passed', async () => {
    await env.sync.createMap('ttl');
    const item = asItem(await env.sync.createItem('ttl', 'short', { v: 1 }, { Ttl: '60' }));
    expect(item.date_created).toBe('2026-01-01T12:00:00Z');
    expect(item.date_expires).toBe('2026-01-01T12:01:00Z');

    clock.advanceSeconds(59);
    expect((await env.sync.fetchItem('ttl', 'short')).status).toBe(200);

    clock.advanceSeconds(1);
    expect((await env.sync.fetchItem('ttl', 'short')).status).toBe(404);
    expect(asItemList(await env.sync.listItems('ttl')).items.map((i) => i.key)).not.toContain('short');
    expect((await env.sync.updateItem('ttl', 'short', { Data: '{}' })).status).toBe(404);
    // The key is free again.
    expect((await env.sync.createItem('ttl', 'short', { v: 2 })).status).toBe(201);
  });

  it('prefers ItemTtl over its alias Ttl', async () => {
    const item = asItem(await env.sync.createItem('ttl', 'both', {}, { Ttl: '10', ItemTtl: '100' }));
    expect(Date.parse(item.date_expires ?? '') - clock.ms).toBe(100_000);
  });

  it('keeps the expiry on a data-only update, moves it on a Ttl update, and clears it with Ttl=0', async () => {
    await env.sync.createItem('ttl', 'renew', {}, { Ttl: '30' });
    const dataOnly = asItem(await env.sync.updateItem('ttl', 'renew', { Data: '{"v":2}' }));
    expect(Date.parse(dataOnly.date_expires ?? '') - clock.ms).toBe(30_000);
    const moved = asItem(await env.sync.updateItem('ttl', 'renew', { Ttl: '300' }));
    expect(Date.parse(moved.date_expires ?? '') - clock.ms).toBe(300_000);
    const cleared = asItem(await env.sync.updateItem('ttl', 'renew', { ItemTtl: '0' }));
    expect(cleared.date_expires).toBeNull();
    clock.advanceSeconds(3600);
    expect((await env.sync.fetchItem('ttl', 'renew')).status).toBe(200);
  });

  it('expires a whole map after its CollectionTtl, items included', async () => {
    const map = asMap(await env.sync.createMap('fleeting', { CollectionTtl: '120' }));
    expect(Date.parse(map.date_expires ?? '') - clock.ms).toBe(120_000);
    await env.sync.createItem('fleeting', 'k', {});
    clock.advanceSeconds(120);
    expect((await env.sync.call('GET', `${MAPS_PATH}/fleeting`)).status).toBe(404);
    expect((await env.sync.fetchItem('fleeting', 'k')).status).toBe(404);
    expect((await env.sync.createMap('fleeting')).status).toBe(201);
  });

  it("sets the parent map's expiry from an item write's CollectionTtl", async () => {
    await env.sync.createMap('parent');
    await env.sync.createItem('parent', 'k', {}, { CollectionTtl: '600' });
    const map = asMap(await env.sync.call('GET', `${MAPS_PATH}/parent`));
    expect(Date.parse(map.date_expires ?? '') - clock.ms).toBe(600_000);
  });
});
