import { asMap, emulatorPerFile } from './helpers';

const env = emulatorPerFile();

describe('stats', () => {
  it('counts item reads (fetches and list pages) and writes per map, and resets', async () => {
    await env.sync.createMap('counted');
    const anonymous = asMap(await env.sync.call('POST', '/v1/Services/default/Maps', { form: {} }));
    env.emulator.resetStats();

    await env.sync.createItem('counted', 'a', {});
    await env.sync.createItem('counted', 'b', {});
    await env.sync.createItem('counted', 'a', {}); // 409, but it reached the map
    await env.sync.updateItem('counted', 'a', { Data: '{"v":1}' });
    await env.sync.deleteItem('counted', 'b');
    await env.sync.fetchItem('counted', 'a');
    await env.sync.fetchItem('counted', 'missing'); // 404, but it reached the map
    await env.sync.listAllPages('counted', { PageSize: '1' }); // one item left → one page
    await env.sync.createItem(anonymous.sid, 'x', {});
    await env.sync.fetchItem('no-such-map', 'x'); // never reached a map

    expect(env.emulator.stats()).toEqual({
      counted: { reads: 3, writes: 5, rejected: 0 },
      [anonymous.sid]: { reads: 0, writes: 1, rejected: 0 },
    });

    env.emulator.resetStats();
    expect(env.emulator.stats()).toEqual({});
  });

  it('counts each page of a multi-page list', async () => {
    await env.sync.createMap('paged');
    for (let i = 0; i < 5; i++) await env.sync.createItem('paged', `k${i}`, {});
    env.emulator.resetStats();
    const pages = await env.sync.listAllPages('paged', { PageSize: '2' });
    expect(pages).toHaveLength(3);
    expect(env.emulator.stats().paged).toEqual({ reads: 3, writes: 0, rejected: 0 });
  });
});
