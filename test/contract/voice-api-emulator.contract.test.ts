/**
 * Every kind of response the Voice API emulator gives, checked against Twilio's published OpenAPI spec
 * for the 2010-04-01 API (twilio_api_v2010.json), with every declared property required.
 */
import {
  APP_URL,
  CALLS_PATH,
  ManualClock,
  QUEUES_PATH,
  TWILIO_NUMBER,
  asCall,
  asQueue,
  callPath,
  memberPath,
  membersPath,
  queuePath,
  startEmulator,
  type Started,
} from '../voice-api-emulator/helpers';
import type { HttpResult } from '../support/emulator-http';
import { readFileSync } from 'node:fs';
import { responseValidator, twilioSpecPath, type ResponseValidator } from './openapi';

const SPEC = twilioSpecPath('twilio_api_v2010.json');
const ACCOUNT = '/2010-04-01/Accounts/{AccountSid}';
const CALLS = `${ACCOUNT}/Calls.json`;
const CALL = `${ACCOUNT}/Calls/{Sid}.json`;
const QUEUES = `${ACCOUNT}/Queues.json`;
const QUEUE = `${ACCOUNT}/Queues/{Sid}.json`;
const MEMBERS = `${ACCOUNT}/Queues/{QueueSid}/Members.json`;
const MEMBER = `${ACCOUNT}/Queues/{QueueSid}/Members/{CallSid}.json`;
/** The only Twilio REST error body with a published schema (code, message, more_info, status). */
const ERROR_PATH = `${ACCOUNT}/Calls/{CallSid}/Recordings/{Sid}.json`;

const strict = { requireAllProperties: true };
const validators = {
  callCreate: responseValidator(SPEC, CALLS, 'post', 201, strict),
  callList: responseValidator(SPEC, CALLS, 'get', 200, strict),
  callFetch: responseValidator(SPEC, CALL, 'get', 200, strict),
  callUpdate: responseValidator(SPEC, CALL, 'post', 200, strict),
  queueCreate: responseValidator(SPEC, QUEUES, 'post', 201, strict),
  queueList: responseValidator(SPEC, QUEUES, 'get', 200, strict),
  queueFetch: responseValidator(SPEC, QUEUE, 'get', 200, strict),
  queueUpdate: responseValidator(SPEC, QUEUE, 'post', 200, strict),
  queueDelete: responseValidator(SPEC, QUEUE, 'delete', 204),
  memberList: responseValidator(SPEC, MEMBERS, 'get', 200, strict),
  memberFetch: responseValidator(SPEC, MEMBER, 'get', 200, strict),
  memberUpdate: responseValidator(SPEC, MEMBER, 'post', 200, strict),
  error: responseValidator(SPEC, ERROR_PATH, 'post', 408, strict),
};

const API_ORIGIN = 'https://api.twilio.com';
const PAGE_URI_FIELDS = ['uri', 'first_page_uri', 'next_page_uri', 'previous_page_uri'] as const;

/**
 * The spec types the list envelope's page links as `format: uri`, yet the 2010 API (and the spec's own
 * examples, see below) sends them relative to https://api.twilio.com, which is also what the twilio
 * client expects: it prefixes them with its API origin. Lists are therefore validated with those links
 * resolved against that origin; the test asserts first that they are relative.
 */
function resolvePageUris(body: unknown): unknown {
  const envelope = { ...(body as Record<string, unknown>) };
  for (const field of PAGE_URI_FIELDS) {
    const value = envelope[field];
    if (typeof value === 'string') {
      expect(value).toMatch(/^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\//);
      envelope[field] = API_ORIGIN + value;
    }
  }
  return envelope;
}

function expectConforms(validate: ResponseValidator, result: HttpResult, status: number): void {
  expect(result.status).toBe(status);
  expect(result.headers['content-type']).toBe('application/json');
  expect(validate(result.json)).toEqual({ valid: true, errors: [] });
}

function expectListConforms(validate: ResponseValidator, result: HttpResult): void {
  expect(result.status).toBe(200);
  expect(validate(resolvePageUris(result.json))).toEqual({ valid: true, errors: [] });
}

/** Just enough of the spec's shape to reach a documented response example. */
interface SpecWithExamples {
  paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, MediaType> }> }>>;
}

interface MediaType {
  examples?: Record<string, { value: unknown }>;
}

/** Follows a list's next_page_uri (relative, as the API gives it). */
function nextPage(list: HttpResult): Promise<HttpResult> {
  return env.voice.call('GET', (list.json as { next_page_uri: string }).next_page_uri);
}

let env: Started;
const clock = new ManualClock();

beforeAll(async () => {
  env = await startEmulator({ now: clock.now, callsPerSecond: 1 });
});

afterAll(async () => {
  await env.emulator.close();
});

describe('Voice API emulator responses conform to twilio_api_v2010.json', () => {
  it('call create (Url, Twiml, client and sip destinations, paced), fetch and update through its lifecycle', async () => {
    const created = await env.voice.createCall([
      ['StatusCallback', 'http://127.0.0.1:3000/status'],
      ['StatusCallbackEvent', 'initiated'],
      ['StatusCallbackEvent', 'completed'],
    ]);
    expectConforms(validators.callCreate, created, 201);
    const toClient = await env.voice.createCall({ To: 'client:alice', Twiml: '<Response/>' }, ['Url']);
    expectConforms(validators.callCreate, toClient, 201);
    expectConforms(validators.callCreate, await env.voice.createCall({ To: 'sip:bob@example.com' }), 201);

    const sid = asCall(created).sid;
    expectConforms(validators.callFetch, await env.voice.call('GET', callPath(sid)), 200);
    env.emulator.setCallStatus(sid, 'ringing');
    clock.advance(3000);
    env.emulator.setCallStatus(sid, 'in-progress');
    expectConforms(validators.callUpdate, await env.voice.updateCall(sid, { Url: APP_URL }), 200);
    clock.advance(61_000);
    const completed = await env.voice.updateCall(sid, { Status: 'completed' });
    expectConforms(validators.callUpdate, completed, 200);
    expect(asCall(completed)).toMatchObject({ duration: '61', end_time: expect.any(String) });

    const canceled = await env.voice.updateCall(asCall(await env.voice.createCall()).sid, { Status: 'canceled' });
    expectConforms(validators.callUpdate, canceled, 200);
    const inbound = env.emulator.addInboundCall({ from: '+14155550123', to: TWILIO_NUMBER });
    expectConforms(validators.callFetch, await env.voice.call('GET', callPath(inbound.sid)), 200);
  });

  it('call list: first and a later page, filtered and empty', async () => {
    const first = await env.voice.call('GET', `${CALLS_PATH}?PageSize=2`);
    expectListConforms(validators.callList, first);
    const middle = await nextPage(first);
    expectListConforms(validators.callList, middle);
    expect((middle.json as { previous_page_uri: string | null }).previous_page_uri).not.toBeNull();
    expectListConforms(validators.callList, await env.voice.call('GET', `${CALLS_PATH}?Status=completed`));
    expectListConforms(validators.callList, await env.voice.call('GET', `${CALLS_PATH}?To=%2B19999999999`));
  });

  it('queue create, fetch, update, list and delete', async () => {
    const created = await env.voice.createQueue('support');
    expectConforms(validators.queueCreate, created, 201);
    const queue = asQueue(created);
    expectConforms(validators.queueCreate, await env.voice.createQueue('sales', { MaxSize: '10' }), 201);
    const member = env.emulator.addInboundCall({ from: '+14155550124', to: TWILIO_NUMBER }).sid;
    env.emulator.enqueue('support', member);
    clock.advance(5000);
    expectConforms(validators.queueFetch, await env.voice.call('GET', queuePath(queue.sid)), 200);
    const updated = await env.voice.call('POST', queuePath(queue.sid), { form: { MaxSize: '50' } });
    expectConforms(validators.queueUpdate, updated, 200);
    const list = await env.voice.call('GET', `${QUEUES_PATH}?PageSize=1`);
    expectListConforms(validators.queueList, list);
    expectListConforms(validators.queueList, await nextPage(list));

    const doomed = asQueue(await env.voice.createQueue('doomed'));
    const deleted = await env.voice.call('DELETE', queuePath(doomed.sid));
    expect(deleted.status).toBe(204);
    expect(validators.queueDelete(deleted.json).valid).toBe(true);
  });

  it('member list, fetch (by sid and Front) and update (dequeue)', async () => {
    const queue = asQueue(await env.voice.createQueue('members'));
    const [a, b] = ['+14155550125', '+14155550126'].map(
      (from) => env.emulator.addInboundCall({ from, to: TWILIO_NUMBER, status: 'in-progress' }).sid,
    );
    env.emulator.enqueue('members', a ?? '');
    env.emulator.enqueue('members', b ?? '');
    clock.advance(12_000);

    const list = await env.voice.call('GET', `${membersPath(queue.sid)}?PageSize=1`);
    expectListConforms(validators.memberList, list);
    expectListConforms(validators.memberList, await nextPage(list));
    expectConforms(validators.memberFetch, await env.voice.call('GET', memberPath(queue.sid, 'Front')), 200);
    expectConforms(validators.memberFetch, await env.voice.call('GET', memberPath(queue.sid, b ?? '')), 200);
    expectConforms(validators.memberUpdate, await env.voice.dequeue(queue.sid, 'Front'), 200);
    const named = await env.voice.dequeue(queue.sid, b ?? '', { Url: APP_URL, Method: 'GET' });
    expectConforms(validators.memberUpdate, named, 200);
    expectListConforms(validators.memberList, await env.voice.call('GET', membersPath(queue.sid)));
  });

  it("error bodies have Twilio's error shape", async () => {
    const queue = asQueue(await env.voice.createQueue('errors'));
    const ended = asCall(await env.voice.createCall()).sid;
    env.emulator.setCallStatus(ended, 'busy');
    const errors: Array<[HttpResult, number]> = [
      [await env.voice.createCall({}, ['To']), 400],
      [await env.voice.createCall({}, ['From']), 400],
      [await env.voice.createCall({}, ['Url']), 400],
      [await env.voice.createCall({ Twiml: 'x'.repeat(4001) }, ['Url']), 400],
      [await env.voice.updateCall(ended, { Url: APP_URL }), 400],
      [await env.voice.call('GET', callPath(`CA${'0'.repeat(32)}`)), 404],
      [await env.voice.call('POST', QUEUES_PATH, { form: {} }), 400],
      [await env.voice.dequeue(queue.sid, 'Front'), 404],
      [await env.voice.call('GET', `${CALLS_PATH}?PageSize=5000`), 400],
      [await env.voice.call('GET', CALLS_PATH, { auth: null }), 401],
      [await env.voice.call('GET', `/2010-04-01/Accounts/AC${'9'.repeat(32)}/Calls.json`), 404],
      [await env.voice.call('DELETE', CALLS_PATH), 405],
    ];
    for (const [result, status] of errors) expectConforms(validators.error, result, status);
  });
});

describe('the validator', () => {
  const goodCall = {
    sid: `CA${'a'.repeat(32)}`,
    date_created: 'Mon, 23 Nov 2026 18:00:00 +0000',
    date_updated: 'Mon, 23 Nov 2026 18:00:00 +0000',
    parent_call_sid: null,
    account_sid: `AC${'b'.repeat(32)}`,
    to: '+14155550101',
    to_formatted: '(415) 555-0101',
    from: '+14155550100',
    from_formatted: '(415) 555-0100',
    phone_number_sid: null,
    status: 'queued',
    start_time: null,
    end_time: null,
    duration: null,
    price: null,
    price_unit: 'USD',
    direction: 'outbound-api',
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri: `/2010-04-01/Accounts/AC${'b'.repeat(32)}/Calls/CA${'a'.repeat(32)}.json`,
    subresource_uris: {},
  };

  it('accepts a good call resource and rejects tampered ones', () => {
    expect(validators.callFetch(goodCall)).toEqual({ valid: true, errors: [] });

    const { queue_time: _dropped, ...missing } = goodCall;
    expect(validators.callFetch(missing).errors.join('\n')).toMatch(/queue_time/);
    expect(validators.callFetch({ ...goodCall, status: 'ended' }).valid).toBe(false);
    expect(validators.callFetch({ ...goodCall, sid: 'CA123' }).valid).toBe(false);
    expect(validators.callFetch({ ...goodCall, date_created: '2026-11-23T18:00:00Z' }).valid).toBe(false);
    expect(validators.callFetch({ ...goodCall, duration: 61 }).errors).toEqual(['/duration must be string']);
  });

  it("shows why page links are resolved first: the spec's own list examples are relative and fail format uri", () => {
    const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as SpecWithExamples;
    const examples = spec.paths[CALLS]?.get?.responses['200']?.content['application/json']?.examples ?? {};
    const page = examples.readFullPage1?.value;
    expect(page).toBeDefined();
    const result = validators.callList(page);
    expect(result.valid).toBe(false);
    expect(result.errors).toContain('/first_page_uri must match format "uri"');
    expect(validators.callList(resolvePageUris(page))).toEqual({ valid: true, errors: [] });
  });
});
