import { ACCOUNT_SID, asError, call } from '../support/emulator-http';
import { asItem, emulatorPerFile, itemPath, itemsPath, startEmulator } from './helpers';

const env = emulatorPerFile();

beforeAll(async () => {
  expect((await env.sync.createMap('agents')).status).toBe(201);
});

describe('map item lifecycle', () => {
  it('creates, fetches, updates and deletes an item with Twilio-shaped fields', async () => {
    const created = await env.sync.createItem('agents', 'agent:1', { status: 'available' });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/json');
    const item = asItem(created);
    expect(item).toEqual({
      key: 'agent:1',
      account_sid: ACCOUNT_SID,
      service_sid: expect.stringMatching(/^IS[0-9a-f]{32}$/),
      map_sid: expect.stringMatching(/^MP[0-9a-f]{32}$/),
      url: `${env.emulator.url}/v1/Services/${item.service_sid}/Maps/${item.map_sid}/Items/agent:1`,
      revision: expect.any(String),
      data: { status: 'available' },
      date_expires: null,
      date_created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      date_updated: item.date_created,
      created_by: 'system',
    });
    expect(created.headers.etag).toBe(item.revision);

    const fetched = await env.sync.fetchItem('agents', 'agent:1');
    expect(fetched.status).toBe(200);
    expect(asItem(fetched)).toEqual(item);
    expect(fetched.headers.etag).toBe(item.revision);

    const updated = await env.sync.updateItem('agents', 'agent:1', { Data: '{"status":"busy"}' }, item.revision);
    expect(updated.status).toBe(200);
    expect(asItem(updated).data).toEqual({ status: 'busy' });
    expect(asItem(updated).revision).not.toBe(item.revision);
    expect(updated.headers.etag).toBe(asItem(updated).revision);

    const removed = await env.sync.deleteItem('agents', 'agent:1', asItem(updated).revision);
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    const gone = await env.sync.fetchItem('agents', 'agent:1');
    expect(gone.status).toBe(404);
    expect(asError(gone)).toEqual({
      code: 20404,
      message: expect.stringContaining('was not found'),
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    });
  });

  it('changes the revision on every write, including a TTL-only update', async () => {
    const first = asItem(await env.sync.createItem('agents', 'rev', { n: 0 }));
    const second = asItem(await env.sync.updateItem('agents', 'rev', { Data: '{"n":0}' }));
    const third = asItem(await env.sync.updateItem('agents', 'rev', { Ttl: '0' }));
    expect(new Set([first.revision, second.revision, third.revision]).size).toBe(3);
  });

  it('never reuses a revision for a key that is deleted and created again', async () => {
    const before = asItem(await env.sync.createItem('agents', 'aba', { v: 1 }));
    expect((await env.sync.deleteItem('agents', 'aba')).status).toBe(204);
    expect((await env.sync.createItem('agents', 'aba', { v: 2 })).status).toBe(201);
    const stale = await env.sync.updateItem('agents', 'aba', { Data: '{"v":3}' }, before.revision);
    expect(stale.status).toBe(412);
  });
});

describe('optimistic concurrency', () => {
  it('rejects an update with a stale If-Match with 412 / 54205 and leaves the item alone', async () => {
    const original = asItem(await env.sync.createItem('agents', 'occ', { v: 1 }));
    expect((await env.sync.updateItem('agents', 'occ', { Data: '{"v":2}' }, original.revision)).status).toBe(200);

    const stale = await env.sync.updateItem('agents', 'occ', { Data: '{"v":3}' }, original.revision);
    expect(stale.status).toBe(412);
    expect(asError(stale)).toMatchObject({ code: 54205, status: 412 });
    expect(asItem(await env.sync.fetchItem('agents', 'occ')).data).toEqual({ v: 2 });
  });

  it('rejects a delete with a stale If-Match and accepts the current one (quoted, as an ETag may be)', async () => {
    const item = asItem(await env.sync.createItem('agents', 'occ-del', { v: 1 }));
    const current = asItem(await env.sync.updateItem('agents', 'occ-del', { Data: '{"v":2}' }));
    const stale = await env.sync.deleteItem('agents', 'occ-del', item.revision);
    expect(stale.status).toBe(412);
    expect(asError(stale).code).toBe(54205);
    expect((await env.sync.deleteItem('agents', 'occ-del', `"${current.revision}"`)).status).toBe(204);
  });

  it('treats If-Match: * as "any existing revision" and an empty If-Match as invalid (54003)', async () => {
    await env.sync.createItem('agents', 'star', { v: 1 });
    expect((await env.sync.updateItem('agents', 'star', { Data: '{"v":2}' }, '*')).status).toBe(200);
    const empty = await env.sync.updateItem('agents', 'star', { Data: '{"v":3}' }, '');
    expect(empty.status).toBe(400);
    expect(asError(empty).code).toBe(54003);
  });

  it('lets exactly one of 50 concurrent creates of the same key win', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => env.sync.createItem('agents', 'claimed', { claimant: i })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const loser = results.find((r) => r.status === 409);
    expect(loser && asError(loser)).toMatchObject({ code: 54208, status: 409 });
  });
});

describe('conflicts and missing things', () => {
  it('answers a duplicate create with 409 / 54208', async () => {
    await env.sync.createItem('agents', 'dup', { v: 1 });
    const again = await env.sync.createItem('agents', 'dup', { v: 2 });
    expect(again.status).toBe(409);
    expect(asError(again)).toMatchObject({ code: 54208, status: 409 });
  });

  it('answers 404 / 20404 for a missing item on fetch, update and delete', async () => {
    for (const result of [
      await env.sync.fetchItem('agents', 'nobody'),
      await env.sync.updateItem('agents', 'nobody', { Data: '{}' }),
      await env.sync.deleteItem('agents', 'nobody'),
    ]) {
      expect(result.status).toBe(404);
      expect(asError(result).code).toBe(20404);
    }
  });

  it('answers 404 / 20404 for items of a missing map', async () => {
    for (const result of [
      await env.sync.createItem('no-such-map', 'k', {}),
      await env.sync.fetchItem('no-such-map', 'k'),
      await env.sync.listItems('no-such-map'),
    ]) {
      expect(result.status).toBe(404);
      expect(asError(result).code).toBe(20404);
    }
  });
});

describe('input validation', () => {
  it('rejects a key containing "/" (sent as %2F in the path, or in the form) with 400 / 54209', async () => {
    const inPath = await env.sync.call('GET', `${itemsPath('agents')}/a%2Fb`);
    expect(inPath.status).toBe(400);
    expect(asError(inPath).code).toBe(54209);
    const inForm = await env.sync.createItem('agents', 'a/b', {});
    expect(inForm.status).toBe(400);
    expect(asError(inForm).code).toBe(54209);
  });

  it('accepts keys of 1 and 256 characters and rejects 257 or none', async () => {
    expect((await env.sync.createItem('agents', 'x', {})).status).toBe(201);
    expect((await env.sync.createItem('agents', 'k'.repeat(256), {})).status).toBe(201);
    expect(asError(await env.sync.createItem('agents', 'k'.repeat(257), {})).code).toBe(54209);
    expect(asError(await env.sync.createItem('agents', '', {})).code).toBe(54209);
  });

  it('decodes keys from the path', async () => {
    await env.sync.createItem('agents', 'with space+plus', { ok: true });
    const fetched = await env.sync.call('GET', itemPath('agents', 'with space+plus'));
    expect(fetched.status).toBe(200);
    expect(asItem(fetched).key).toBe('with space+plus');
    expect(asItem(fetched).url).toMatch(/\/Items\/with%20space\+plus$/);
  });

  it('takes Data up to 16 KiB of JSON and answers 413 / 54006 beyond that', async () => {
    const wrapper = JSON.stringify({ s: '' }).length; // {"s":""}
    const exactly16k = { s: 'a'.repeat(16 * 1024 - wrapper) };
    expect(Buffer.byteLength(JSON.stringify(exactly16k))).toBe(16384);
    expect((await env.sync.createItem('agents', 'big-ok', exactly16k)).status).toBe(201);

    const oneByteOver = { s: 'a'.repeat(16 * 1024 - wrapper + 1) };
    const tooBig = await env.sync.createItem('agents', 'big-no', oneByteOver);
    expect(tooBig.status).toBe(413);
    expect(asError(tooBig)).toMatchObject({ code: 54006, status: 413 });
    const tooBigUpdate = await env.sync.updateItem('agents', 'big-ok', { Data: JSON.stringify(oneByteOver) });
    expect(tooBigUpdate.status).toBe(413);
  });

  it('counts UTF-8 bytes, not characters, against the 16 KiB limit', async () => {
    const euro = '\u20ac'; // 3 bytes in UTF-8
    const tooBig = await env.sync.createItem('agents', 'utf8', { s: euro.repeat(6000) });
    expect(tooBig.status).toBe(413);
  });

  it('rejects Data that is not JSON (54008), not an object, or missing (54206)', async () => {
    const notJson = await env.sync.call('POST', itemsPath('agents'), { form: { Key: 'bad', Data: '{nope' } });
    expect(notJson.status).toBe(400);
    expect(asError(notJson).code).toBe(54008);
    for (const data of ['[1,2]', '"text"', '42', 'null']) {
      const notObject = await env.sync.call('POST', itemsPath('agents'), { form: { Key: 'bad', Data: data } });
      expect(notObject.status).toBe(400);
      expect(asError(notObject).code).toBe(54206);
      expect(asError(notObject).message).toMatch(/JSON object/);
    }
    const missing = await env.sync.call('POST', itemsPath('agents'), { form: { Key: 'bad' } });
    expect(asError(missing).code).toBe(54206);
  });

  it('rejects malformed TTLs with 400 / 20001', async () => {
    for (const ttl of ['-1', 'soon', '1.5', '']) {
      const result = await env.sync.createItem('agents', 'ttl-bad', {}, { Ttl: ttl });
      expect(result.status).toBe(400);
      expect(asError(result).code).toBe(20001);
    }
  });

  it('rejects an update that changes nothing', async () => {
    await env.sync.createItem('agents', 'noop', {});
    const result = await env.sync.updateItem('agents', 'noop', {});
    expect(result.status).toBe(400);
    expect(asError(result).code).toBe(20001);
  });
});

describe('auth and routing', () => {
  it('requires Basic auth (401 / 20003) and uses the username as account_sid only when it is an AC sid', async () => {
    const none = await env.sync.call('GET', itemPath('agents', 'x'), { auth: null });
    expect(none.status).toBe(401);
    expect(asError(none)).toMatchObject({ code: 20003, status: 401 });

    const apiKey = await env.sync.call('GET', itemPath('agents', 'x'), { auth: { username: 'SKkey', password: 's' } });
    expect(apiKey.status).toBe(200);
    expect(asItem(apiKey).account_sid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(asItem(apiKey).account_sid).not.toBe(ACCOUNT_SID);
  });

  it('checks configured credentials', async () => {
    const locked = await startEmulator({ credentials: { username: ACCOUNT_SID, password: 'right' } });
    try {
      const wrong = await call(locked.emulator.url, 'GET', '/v1/Services/default/Maps', {
        auth: { username: ACCOUNT_SID, password: 'wrong' },
      });
      expect(wrong.status).toBe(401);
      expect(asError(wrong).code).toBe(20003);
      const right = await call(locked.emulator.url, 'GET', '/v1/Services/default/Maps', {
        auth: { username: ACCOUNT_SID, password: 'right' },
      });
      expect(right.status).toBe(200);
    } finally {
      await locked.emulator.close();
    }
  });

  it('answers unknown routes with 404 / 20404 and unsupported methods with 405', async () => {
    const unknown = await env.sync.call('GET', '/v1/Services/default/Documents');
    expect(unknown.status).toBe(404);
    expect(asError(unknown).code).toBe(20404);
    expect((await env.sync.call('PUT', itemPath('agents', 'x'))).status).toBe(405);
  });
});
