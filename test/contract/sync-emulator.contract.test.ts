/**
 * Every kind of response the Sync emulator gives, checked against Twilio's published OpenAPI spec.
 */
import { asItem, asMap, emulatorPerFile, itemPath, itemsPath, ManualClock, MAPS_PATH, pathOf } from '../sync-emulator/helpers';
import type { HttpResult } from '../support/emulator-http';
import { responseValidator, twilioSpecPath, type ResponseValidator } from './openapi';

const SYNC_SPEC = twilioSpecPath('twilio_sync_v1.json');
const MAPS = '/v1/Services/{ServiceSid}/Maps';
const MAP = '/v1/Services/{ServiceSid}/Maps/{Sid}';
const ITEMS = '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items';
const ITEM = '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}';

/**
 * The Sync spec documents no error responses. The only Twilio REST error body with a published
 * schema (code, message, more_info, status) is the 408 of the Recording update in the 2010 API, and
 * every Twilio API shares that body, so error responses are held to it.
 */
const ERROR_SPEC = twilioSpecPath('twilio_api_v2010.json');
const ERROR_PATH = '/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings/{Sid}.json';

const strict = { requireAllProperties: true };
const validators = {
  mapCreate: responseValidator(SYNC_SPEC, MAPS, 'post', 201, strict),
  mapList: responseValidator(SYNC_SPEC, MAPS, 'get', 200, strict),
  mapFetch: responseValidator(SYNC_SPEC, MAP, 'get', 200, strict),
  mapUpdate: responseValidator(SYNC_SPEC, MAP, 'post', 200, strict),
  mapDelete: responseValidator(SYNC_SPEC, MAP, 'delete', 204),
  itemCreate: responseValidator(SYNC_SPEC, ITEMS, 'post', 201, strict),
  itemList: responseValidator(SYNC_SPEC, ITEMS, 'get', 200, strict),
  itemFetch: responseValidator(SYNC_SPEC, ITEM, 'get', 200, strict),
  itemUpdate: responseValidator(SYNC_SPEC, ITEM, 'post', 200, strict),
  itemDelete: responseValidator(SYNC_SPEC, ITEM, 'delete', 204),
  error: responseValidator(ERROR_SPEC, ERROR_PATH, 'post', 408, strict),
};

function expectConforms(validate: ResponseValidator, result: HttpResult, status: number): void {
  expect(result.status).toBe(status);
  expect(validate(result.json)).toEqual({ valid: true, errors: [] });
}

const clock = new ManualClock();
const env = emulatorPerFile({ now: clock.now });

describe('Sync emulator responses conform to twilio_sync_v1.json', () => {
  it('map create, fetch, update, list and delete', async () => {
    expectConforms(validators.mapCreate, await env.sync.createMap('contract', { Ttl: '3600' }), 201);
    expectConforms(validators.mapCreate, await env.sync.call('POST', MAPS_PATH, { form: {} }), 201);
    expectConforms(validators.mapFetch, await env.sync.call('GET', `${MAPS_PATH}/contract`), 200);
    const updated = await env.sync.call('POST', `${MAPS_PATH}/contract`, { form: { Ttl: '0' } });
    expectConforms(validators.mapUpdate, updated, 200);
    const list = await env.sync.call('GET', `${MAPS_PATH}?PageSize=1`);
    expectConforms(validators.mapList, list, 200);
    const next = (list.json as { meta: { next_page_url: string } }).meta.next_page_url;
    expectConforms(validators.mapList, await env.sync.call('GET', pathOf(next)), 200);

    await env.sync.createMap('to-delete');
    const deleted = await env.sync.call('DELETE', `${MAPS_PATH}/to-delete`);
    expect(deleted.status).toBe(204);
    expect(validators.mapDelete(deleted.json).valid).toBe(true);
  });

  it('item create, fetch, update, list (with and without expiry, first and later pages) and delete', async () => {
    const nested = { nested: [1, { b: null }] };
    expectConforms(validators.itemCreate, await env.sync.createItem('contract', 'a', nested), 201);
    expectConforms(validators.itemCreate, await env.sync.createItem('contract', 'b', {}, { Ttl: '60' }), 201);
    expectConforms(validators.itemFetch, await env.sync.fetchItem('contract', 'b'), 200);
    const revision = asItem(await env.sync.fetchItem('contract', 'a')).revision;
    const updated = await env.sync.updateItem('contract', 'a', { Data: '{"v":2}' }, revision);
    expectConforms(validators.itemUpdate, updated, 200);

    const first = await env.sync.listItems('contract', { PageSize: '1' });
    expectConforms(validators.itemList, first, 200);
    const next = (first.json as { meta: { next_page_url: string } }).meta.next_page_url;
    const second = await env.sync.call('GET', pathOf(next));
    expectConforms(validators.itemList, second, 200);
    expectConforms(validators.itemList, await env.sync.listItems('contract', { From: 'zzz' }), 200);

    const deleted = await env.sync.deleteItem('contract', 'a');
    expect(deleted.status).toBe(204);
    expect(validators.itemDelete(deleted.json).valid).toBe(true);
  });

  it("error bodies have Twilio's error shape", async () => {
    env.emulator.setRateLimit({ burst: 1, writesPerSecond: 1 });
    const map = asMap(await env.sync.createMap('errors'));
    const errors: Array<[HttpResult, number]> = [
      [await env.sync.fetchItem('errors', 'missing'), 404],
      [await env.sync.createItem('errors', 'a', {}), 201],
      [await env.sync.createItem('errors', 'a', {}), 429],
      [await env.sync.createMap('errors'), 409],
      [await env.sync.call('GET', `${itemsPath(map.sid)}/a%2Fb`), 400],
      [await env.sync.call('GET', itemPath('errors', 'a'), { auth: null }), 401],
      [await env.sync.call('GET', '/v1/Nothing'), 404],
    ];
    env.emulator.setRateLimit(false);
    errors.push(
      [await env.sync.createItem('errors', 'a', {}), 409],
      [await env.sync.updateItem('errors', 'a', { Data: '{}' }, 'stale'), 412],
      [await env.sync.createItem('errors', 'big', { s: 'x'.repeat(17000) }), 413],
    );
    for (const [result, status] of errors) {
      if (status === 201) continue;
      expectConforms(validators.error, result, status);
      expect(result.headers['content-type']).toBe('application/json');
    }
  });
});

describe('the validator', () => {
  const goodItem = {
    key: 'k',
    account_sid: `AC${'a'.repeat(32)}`,
    service_sid: `IS${'b'.repeat(32)}`,
    map_sid: `MP${'c'.repeat(32)}`,
    url: 'https://sync.twilio.com/v1/Services/IS/Maps/MP/Items/k',
    revision: '0',
    data: {},
    date_expires: null,
    date_created: '2026-01-01T00:00:00Z',
    date_updated: '2026-01-01T00:00:00Z',
    created_by: 'system',
  };

  it('accepts a good item, and rejects a missing field, a wrong type, a bad sid and a bad date', () => {
    expect(validators.itemFetch(goodItem).valid).toBe(true);

    const { revision: _dropped, ...missingRevision } = goodItem;
    const missing = validators.itemFetch(missingRevision);
    expect(missing.valid).toBe(false);
    expect(missing.errors.join('\n')).toMatch(/revision/);

    expect(validators.itemFetch({ ...goodItem, revision: 5 }).errors).toEqual(['/revision must be string']);
    expect(validators.itemFetch({ ...goodItem, map_sid: 'MP123' }).valid).toBe(false);
    expect(validators.itemFetch({ ...goodItem, date_created: 'yesterday' }).valid).toBe(false);
    expect(validators.itemFetch({ ...goodItem, url: '/relative/only' }).valid).toBe(false);
  });

  it('follows $refs into list responses and checks meta types', () => {
    const meta = {
      page: 0,
      page_size: 50,
      first_page_url: 'https://sync.twilio.com/x',
      previous_page_url: null,
      url: 'https://sync.twilio.com/x',
      next_page_url: null,
      key: 'items',
    };
    expect(validators.itemList({ items: [goodItem], meta }).valid).toBe(true);
    const wrongKeyType = validators.itemList({ items: [{ ...goodItem, key: 7 }], meta });
    expect(wrongKeyType.errors).toEqual(['/items/0/key must be string']);
    expect(validators.itemList({ items: [], meta: { ...meta, page: '0' } }).valid).toBe(false);
  });

  it('rejects a malformed error body', () => {
    expect(validators.error({ code: '20404', message: 'x', more_info: 'y', status: 404 }).valid).toBe(false);
    expect(validators.error({ code: 20404, message: 'x', status: 404 }).valid).toBe(false);
  });

  it('refuses to validate against a response the spec does not document', () => {
    expect(() => responseValidator(SYNC_SPEC, ITEM, 'get', 404)).toThrow(/documents no 404/);
    expect(() => responseValidator(SYNC_SPEC, '/v1/Nope', 'get', 200)).toThrow(/documents no GET/);
  });
});
