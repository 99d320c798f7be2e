/**
 * The official twilio client, unchanged, against the emulator: only its request URIs are rewritten,
 * through the documented `httpClient` option.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { ACCOUNT_SID, AUTH_TOKEN } from '../support/emulator-http';
import { emulatorPerFile } from './helpers';

const SYNC_ORIGIN = 'https://sync.twilio.com';

class LoopbackRequestClient extends twilio.RequestClient {
  constructor(private readonly target: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = opts.uri.startsWith(SYNC_ORIGIN) ? this.target + opts.uri.slice(SYNC_ORIGIN.length) : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

const env = emulatorPerFile();
let client: twilio.Twilio;

beforeAll(async () => {
  client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LoopbackRequestClient(env.emulator.url) });
});

describe('official twilio client', () => {
  it('creates a map and items, enforces If-Match, and pages lists', async () => {
    const service = client.sync.v1.services('default');
    const map = await service.syncMaps.create({ uniqueName: 'agents' });
    expect(map.uniqueName).toBe('agents');
    expect(map.sid).toMatch(/^MP[0-9a-f]{32}$/);

    const items = service.syncMaps('agents').syncMapItems;
    const created = await items.create({ key: 'a', data: { x: 1 } });
    expect(created).toMatchObject({ key: 'a', data: { x: 1 }, accountSid: ACCOUNT_SID, createdBy: 'system' });
    expect(created.dateCreated).toBeInstanceOf(Date);
    const staleRevision = created.revision;

    const itemA = service.syncMaps('agents').syncMapItems('a');
    const updated = await itemA.update({ data: { x: 2 }, ifMatch: staleRevision });
    expect(updated.data).toEqual({ x: 2 });

    const rejection: unknown = await itemA.update({ data: { x: 3 }, ifMatch: staleRevision }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(rejection).toBeInstanceOf(twilio.RestException);
    expect(rejection).toMatchObject({ status: 412, code: 54205 });

    const duplicate: unknown = await items.create({ key: 'a', data: {} }).catch((error: unknown) => error);
    expect(duplicate).toMatchObject({ status: 409, code: 54208 });

    for (let i = 0; i < 130; i++) {
      await items.create({ key: `agent:${String(i).padStart(3, '0')}`, data: { i } });
    }
    const listed = await items.list({ pageSize: 100 });
    expect(listed).toHaveLength(131);
    const keys = listed.map((item) => item.key);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(131);
    expect(env.emulator.stats().agents?.reads).toBe(2); // 131 items at 100 per page

    const fetched = await service.syncMaps('agents').syncMapItems('agent:042').fetch();
    expect(fetched.data).toEqual({ i: 42 });
    expect(await service.syncMaps('agents').syncMapItems('agent:042').remove()).toBe(true);
  });
});
