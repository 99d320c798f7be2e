import { ACCOUNT_SID, asError } from '../support/emulator-http';
import { asMap, emulatorPerFile, MAPS_PATH, pathOf } from './helpers';

const env = emulatorPerFile();

interface MapList {
  maps: Array<{ sid: string; unique_name: string | null }>;
  meta: { key: string; next_page_url: string | null; page_size: number };
}

describe('maps', () => {
  it('creates a map and reports it with absolute URLs and the pinned default service', async () => {
    const created = await env.sync.createMap('queues');
    expect(created.status).toBe(201);
    const map = asMap(created);
    expect(map).toMatchObject({
      sid: expect.stringMatching(/^MP[0-9a-f]{32}$/),
      unique_name: 'queues',
      account_sid: ACCOUNT_SID,
      service_sid: expect.stringMatching(/^IS[0-9a-f]{32}$/),
      revision: expect.any(String),
      date_expires: null,
      created_by: 'system',
    });
    expect(map.url).toBe(`${env.emulator.url}/v1/Services/${map.service_sid}/Maps/${map.sid}`);
  });

  it('answers a duplicate unique name with 409 / 54301', async () => {
    await env.sync.createMap('dup-map');
    const again = await env.sync.createMap('dup-map');
    expect(again.status).toBe(409);
    expect(asError(again)).toMatchObject({ code: 54301, status: 409 });
  });

  it('is addressable by sid and unique name, through `default` or the service sid it stands for', async () => {
    const map = asMap(await env.sync.createMap('addressing'));
    for (const path of [
      `${MAPS_PATH}/addressing`,
      `${MAPS_PATH}/${map.sid}`,
      `/v1/Services/${map.service_sid}/Maps/addressing`,
    ]) {
      const fetched = await env.sync.call('GET', path);
      expect(fetched.status).toBe(200);
      expect(asMap(fetched).sid).toBe(map.sid);
    }
  });

  it('keeps other services separate and rejects malformed service sids', async () => {
    const other = `/v1/Services/IS${'f'.repeat(32)}/Maps`;
    expect((await env.sync.call('GET', `${other}/addressing`)).status).toBe(404);
    expect((await env.sync.call('POST', other, { form: { UniqueName: 'addressing' } })).status).toBe(201);
    const bad = await env.sync.call('GET', '/v1/Services/not-a-service/Maps');
    expect(bad.status).toBe(404);
    expect(asError(bad).code).toBe(20404);
  });

  it('deletes a map with its items', async () => {
    await env.sync.createMap('doomed');
    await env.sync.createItem('doomed', 'k', { v: 1 });
    expect((await env.sync.call('DELETE', `${MAPS_PATH}/doomed`)).status).toBe(204);
    const gone = await env.sync.call('GET', `${MAPS_PATH}/doomed`);
    expect(gone.status).toBe(404);
    expect(asError(gone).code).toBe(20404);
    expect((await env.sync.fetchItem('doomed', 'k')).status).toBe(404);
    // The name is free again, and the new map starts empty.
    expect((await env.sync.createMap('doomed')).status).toBe(201);
    expect((await env.sync.fetchItem('doomed', 'k')).status).toBe(404);
  });

  it('creates anonymous maps and rejects unique names that look like map sids', async () => {
    const anonymous = await env.sync.call('POST', MAPS_PATH, { form: {} });
    expect(anonymous.status).toBe(201);
    expect(asMap(anonymous).unique_name).toBeNull();
    const sidLike = await env.sync.createMap(`MP${'0'.repeat(32)}`);
    expect(sidLike.status).toBe(400);
  });

  it('lists maps in creation order under the "maps" key, paging with tokens', async () => {
    const names = ['list-a', 'list-b', 'list-c'];
    for (const name of names) await env.sync.createMap(name);
    const seen: string[] = [];
    let path: string | null = `${MAPS_PATH}?PageSize=2`;
    for (let page = 0; page < 20 && path; page++) {
      const result = await env.sync.call('GET', path);
      expect(result.status).toBe(200);
      const body = result.json as MapList;
      expect(body.meta.key).toBe('maps');
      expect(body.maps.length).toBeLessThanOrEqual(2);
      seen.push(...body.maps.map((m) => m.unique_name ?? m.sid));
      path = body.meta.next_page_url === null ? null : pathOf(body.meta.next_page_url);
    }
    expect(path).toBeNull();
    expect(seen.filter((name) => names.includes(name))).toEqual(names);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('sets and updates the map TTL (Ttl is an alias of CollectionTtl)', async () => {
    const map = asMap(await env.sync.createMap('expiring', { Ttl: '3600' }));
    expect(map.date_expires).not.toBeNull();
    const updated = await env.sync.call('POST', `${MAPS_PATH}/expiring`, { form: { CollectionTtl: '0' } });
    expect(updated.status).toBe(200);
    expect(asMap(updated).date_expires).toBeNull();
    expect(asMap(updated).revision).not.toBe(map.revision);
  });
});
