/**
 * Every kind of response the Studio API emulator gives, checked against Twilio's published OpenAPI specs
 * (twilio_studio_v2.json, twilio_serverless_v1.json, and twilio_api_v2010.json for IncomingPhoneNumbers and
 * the error body), with every declared property required.
 */
import { readFileSync } from 'node:fs';
import { startStudioApiEmulator, type StudioApiEmulator } from '../../scripts/studio-api-emulator';
import { ACCOUNT_SID, AUTH_TOKEN, call, type CallOptions, type HttpResult } from '../support/emulator-http';
import { responseValidator, twilioSpecPath, type ResponseValidator } from './openapi';

const STUDIO = twilioSpecPath('twilio_studio_v2.json');
const SERVERLESS = twilioSpecPath('twilio_serverless_v1.json');
const API = twilioSpecPath('twilio_api_v2010.json');
const NUMBERS = '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json';
const NUMBER = '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json';
/** The only Twilio REST error body with a published schema (code, message, more_info, status). */
const ERROR_PATH = '/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings/{Sid}.json';

const strict = { requireAllProperties: true };
const validators = {
  flowCreate: responseValidator(STUDIO, '/v2/Flows', 'post', 201, strict),
  flowList: responseValidator(STUDIO, '/v2/Flows', 'get', 200, strict),
  flowFetch: responseValidator(STUDIO, '/v2/Flows/{Sid}', 'get', 200, strict),
  flowUpdate: responseValidator(STUDIO, '/v2/Flows/{Sid}', 'post', 200, strict),
  flowDelete: responseValidator(STUDIO, '/v2/Flows/{Sid}', 'delete', 204),
  flowValidate: responseValidator(STUDIO, '/v2/Flows/Validate', 'post', 200, strict),
  revisionList: responseValidator(STUDIO, '/v2/Flows/{Sid}/Revisions', 'get', 200, strict),
  revisionFetch: responseValidator(STUDIO, '/v2/Flows/{Sid}/Revisions/{Revision}', 'get', 200, strict),
  serviceFetch: responseValidator(SERVERLESS, '/v1/Services/{Sid}', 'get', 200, strict),
  environmentList: responseValidator(SERVERLESS, '/v1/Services/{ServiceSid}/Environments', 'get', 200, strict),
  environmentFetch: responseValidator(SERVERLESS, '/v1/Services/{ServiceSid}/Environments/{Sid}', 'get', 200, strict),
  buildFetch: responseValidator(SERVERLESS, '/v1/Services/{ServiceSid}/Builds/{Sid}', 'get', 200, strict),
  functionList: responseValidator(SERVERLESS, '/v1/Services/{ServiceSid}/Functions', 'get', 200, strict),
  functionFetch: responseValidator(SERVERLESS, '/v1/Services/{ServiceSid}/Functions/{Sid}', 'get', 200, strict),
  numberList: responseValidator(API, NUMBERS, 'get', 200, strict),
  numberFetch: responseValidator(API, NUMBER, 'get', 200, strict),
  numberUpdate: responseValidator(API, NUMBER, 'post', 200, strict),
  error: responseValidator(API, ERROR_PATH, 'post', 408, strict),
};

const DEFINITION = {
  description: 'contract',
  states: [
    { name: 'Trigger', type: 'trigger', transitions: [{ event: 'incomingCall', next: 'hello' }], properties: { offset: { x: 0, y: 0 } } },
    { name: 'hello', type: 'say-play', transitions: [{ event: 'audioComplete' }], properties: { say: 'Hello {{trigger.call.From}}' } },
  ],
  initial_state: 'Trigger',
  flags: { allow_concurrent_calls: true },
};

let fake: StudioApiEmulator;
const http = (method: string, path: string, options?: CallOptions): Promise<HttpResult> => call(fake.url, method, path, options);
const flowForm = (extra: Record<string, string> = {}): Record<string, string> => ({
  FriendlyName: 'contract flow',
  Status: 'published',
  Definition: JSON.stringify(DEFINITION),
  ...extra,
});

function expectConforms(validate: ResponseValidator, result: HttpResult, status: number): void {
  expect(result.status).toBe(status);
  expect(result.headers['content-type']).toBe('application/json');
  expect(validate(result.json)).toEqual({ valid: true, errors: [] });
}

/** The 2010 API sends page links relative to https://api.twilio.com; the spec types them as `uri` (see the Voice contract test). */
function resolvePageUris(body: unknown): unknown {
  const envelope = { ...(body as Record<string, unknown>) };
  for (const field of ['uri', 'first_page_uri', 'next_page_uri', 'previous_page_uri']) {
    const value = envelope[field];
    if (typeof value === 'string') {
      expect(value).toMatch(/^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/IncomingPhoneNumbers\.json\?/);
      envelope[field] = `https://api.twilio.com${value}`;
    }
  }
  return envelope;
}

const json = (result: HttpResult): Record<string, unknown> => result.json as Record<string, unknown>;

beforeAll(async () => {
  fake = await startStudioApiEmulator({ credentials: { username: ACCOUNT_SID, password: AUTH_TOKEN } });
});

afterAll(async () => {
  await fake.close();
});

describe('Studio API emulator responses conform to twilio_studio_v2.json', () => {
  it('flow create, fetch, update (published and draft), list across pages, and delete', async () => {
    const created = await http('POST', '/v2/Flows', { form: flowForm({ CommitMessage: 'first' }) });
    expectConforms(validators.flowCreate, created, 201);
    const sid = String(json(created).sid);
    expectConforms(validators.flowFetch, await http('GET', `/v2/Flows/${sid}`), 200);
    expectConforms(validators.flowUpdate, await http('POST', `/v2/Flows/${sid}`, { form: { Status: 'published', CommitMessage: 'again' } }), 200);
    const draft = await http('POST', `/v2/Flows/${sid}`, { form: { Status: 'draft', Definition: JSON.stringify({ ...DEFINITION, initial_state: 'Nope' }) } });
    expectConforms(validators.flowUpdate, draft, 200);
    expect(json(draft)).toMatchObject({ revision: 3, status: 'draft', valid: false, errors: [expect.objectContaining({ property_path: '#/initial_state' })] });

    await http('POST', '/v2/Flows', { form: flowForm({ FriendlyName: 'second' }) });
    const first = await http('GET', '/v2/Flows?PageSize=1');
    expectConforms(validators.flowList, first, 200);
    const next = (json(first).meta as { next_page_url: string }).next_page_url;
    expect(next).toMatch(/^https:\/\/studio\.twilio\.com\/v2\/Flows\?PageSize=1&Page=1&PageToken=/);
    const second = await http('GET', next.slice('https://studio.twilio.com'.length));
    expectConforms(validators.flowList, second, 200);
    expect((json(second).flows as unknown[]).length).toBe(1);

    const deleted = await http('DELETE', `/v2/Flows/${sid}`);
    expect(deleted.status).toBe(204);
    expect(validators.flowDelete(deleted.json).valid).toBe(true);
  });

  it('revisions: list and fetch by number, LatestRevision and LatestPublished', async () => {
    const sid = String(json(await http('POST', '/v2/Flows', { form: flowForm() })).sid);
    await http('POST', `/v2/Flows/${sid}`, { form: { Status: 'draft', CommitMessage: 'wip' } });
    const list = await http('GET', `/v2/Flows/${sid}/Revisions`);
    expectConforms(validators.revisionList, list, 200);
    expect((json(list).revisions as Array<{ revision: number }>).map((r) => r.revision)).toEqual([2, 1]);
    for (const revision of ['1', 'LatestRevision', 'LatestPublished']) {
      expectConforms(validators.revisionFetch, await http('GET', `/v2/Flows/${sid}/Revisions/${revision}`), 200);
    }
    expect(json(await http('GET', `/v2/Flows/${sid}/Revisions/LatestPublished`))).toMatchObject({ revision: 1, status: 'published' });
  });

  it('validate answers {"valid": true} and saves nothing', async () => {
    const before = fake.flows().length;
    expectConforms(validators.flowValidate, await http('POST', '/v2/Flows/Validate', { form: flowForm() }), 200);
    expect(fake.flows()).toHaveLength(before);
  });
});

describe('Studio API emulator responses conform to twilio_serverless_v1.json', () => {
  it('service, environments, build and Functions', async () => {
    const service = fake.addService({ uniqueName: 'contract' });
    const dev = fake.addEnvironment(service.sid, { domainSuffix: 'dev' });
    const production = fake.addEnvironment(service.sid, { domainSuffix: null });
    const build = fake.deployBuild(service.sid, dev.sid, [{ path: '/studio/agents' }, { path: '/agents/state', visibility: 'public' }]);
    const base = `/v1/Services/${service.sid}`;

    expectConforms(validators.serviceFetch, await http('GET', base), 200);
    expectConforms(validators.serviceFetch, await http('GET', '/v1/Services/contract'), 200);
    const environments = await http('GET', `${base}/Environments`);
    expectConforms(validators.environmentList, environments, 200);
    expect(json(environments).environments).toEqual([
      expect.objectContaining({ unique_name: 'dev-environment', domain_suffix: 'dev', domain_name: `${service.domainBase}-dev.twil.io`, build_sid: build.sid }),
      expect.objectContaining({ unique_name: 'production', domain_suffix: null, domain_name: `${service.domainBase}.twil.io`, build_sid: null }),
    ]);
    expectConforms(validators.environmentFetch, await http('GET', `${base}/Environments/${production.sid}`), 200);

    const fetched = await http('GET', `${base}/Builds/${build.sid}`);
    expectConforms(validators.buildFetch, fetched, 200);
    // function_versions items are untyped in the schema: hold them to the keys of the spec's own example.
    const example = buildExample();
    for (const version of json(fetched).function_versions as Array<Record<string, unknown>>) {
      expect(Object.keys(version).sort()).toEqual(Object.keys(example).sort());
      expect(version.function_sid).toMatch(/^ZH[0-9a-f]{32}$/);
    }
    expectConforms(validators.functionList, await http('GET', `${base}/Functions`), 200);
    const fn = build.functions['/studio/agents']?.functionSid ?? '';
    expectConforms(validators.functionFetch, await http('GET', `${base}/Functions/${fn}`), 200);
  });
});

describe('Studio API emulator IncomingPhoneNumbers conform to twilio_api_v2010.json', () => {
  it('list by PhoneNumber, fetch and update of the Voice URL', async () => {
    const number = fake.addPhoneNumber({ phoneNumber: '+14155550142' });
    fake.addPhoneNumber({ phoneNumber: '+14155550143' });
    const path = `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers`;
    const list = await http('GET', `${path}.json?PhoneNumber=%2B14155550142`);
    expect(list.status).toBe(200);
    expect(validators.numberList(resolvePageUris(list.json))).toEqual({ valid: true, errors: [] });
    expect((json(list).incoming_phone_numbers as unknown[]).length).toBe(1);
    const wildcard = await http('GET', `${path}.json?PhoneNumber=55501*&PageSize=1`);
    expect(validators.numberList(resolvePageUris(wildcard.json))).toEqual({ valid: true, errors: [] });
    expect(json(wildcard).next_page_uri).not.toBeNull();

    expectConforms(validators.numberFetch, await http('GET', `${path}/${number.sid}.json`), 200);
    const updated = await http('POST', `${path}/${number.sid}.json`, {
      form: { VoiceUrl: `https://webhooks.twilio.com/v1/Accounts/${ACCOUNT_SID}/Flows/FW${'a'.repeat(32)}`, VoiceMethod: 'POST' },
    });
    expectConforms(validators.numberUpdate, updated, 200);
  });
});

describe('Studio API emulator errors', () => {
  it("have Twilio's error shape, and an invalid definition carries its details", async () => {
    const invalid = await http('POST', '/v2/Flows/Validate', { form: flowForm({ Definition: JSON.stringify({ ...DEFINITION, states: [DEFINITION.states[0]] }) }) });
    expectConforms(validators.error, invalid, 400);
    expect(json(invalid)).toMatchObject({
      code: 81022,
      details: { errors: [{ property_path: '#/states/0/transitions/0/next', message: 'refers to a widget that does not exist: hello' }] },
    });
    const errors: Array<[HttpResult, number]> = [
      [await http('POST', '/v2/Flows', { form: flowForm({ Definition: JSON.stringify({ states: 'none' }) }) }), 400],
      [await http('POST', '/v2/Flows', { form: flowForm({ Definition: '{not json' }) }), 400],
      [await http('POST', '/v2/Flows', { form: { FriendlyName: 'x', Definition: '{}' } }), 400],
      [await http('POST', '/v2/Flows', { form: flowForm({ Status: 'live' }) }), 400],
      [await http('GET', `/v2/Flows/FW${'0'.repeat(32)}`), 404],
      [await http('GET', '/v1/Services/nope/Environments'), 404],
      [await http('GET', `/2010-04-01/Accounts/AC${'9'.repeat(32)}/IncomingPhoneNumbers.json`), 404],
      [await http('POST', `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/PN${'0'.repeat(32)}.json`, { form: { VoiceUrl: 'x' } }), 404],
      [await http('GET', '/v2/Flows', { auth: null }), 401],
      [await http('GET', '/v2/Flows', { auth: { username: ACCOUNT_SID, password: 'wrong' } }), 401],
      [await http('DELETE', '/v2/Flows/Validate'), 405],
    ];
    for (const [result, status] of errors) expectConforms(validators.error, result, status);
  });
});

describe('the validators', () => {
  const goodFlow = {
    sid: `FW${'a'.repeat(32)}`,
    account_sid: ACCOUNT_SID,
    author_sid: null,
    friendly_name: 'x',
    definition: DEFINITION,
    status: 'published',
    revision: 1,
    commit_message: null,
    valid: true,
    errors: [],
    warnings: [],
    date_created: '2026-11-23T18:00:00Z',
    date_updated: null,
    webhook_url: `https://webhooks.twilio.com/v1/Accounts/${ACCOUNT_SID}/Flows/FW${'a'.repeat(32)}`,
    url: `https://studio.twilio.com/v2/Flows/FW${'a'.repeat(32)}`,
    links: {},
  };

  it('accept a good flow and reject tampered ones', () => {
    expect(validators.flowFetch(goodFlow)).toEqual({ valid: true, errors: [] });
    const { webhook_url: _dropped, ...missing } = goodFlow;
    expect(validators.flowFetch(missing).errors.join('\n')).toMatch(/webhook_url/);
    expect(validators.flowFetch({ ...goodFlow, sid: 'FW123' }).valid).toBe(false);
    expect(validators.flowFetch({ ...goodFlow, status: 'live' }).valid).toBe(false);
    expect(validators.flowFetch({ ...goodFlow, revision: '1' }).errors).toEqual(['/revision must be integer']);
    expect(validators.flowFetch({ ...goodFlow, date_created: 'Mon, 23 Nov 2026 18:00:00 +0000' }).valid).toBe(false);
    expect(validators.flowValidate({ valid: 'yes' }).valid).toBe(false);
  });

  it('reject an environment without its domain or with a foreign SID type', () => {
    const environment = {
      sid: `ZE${'a'.repeat(32)}`,
      account_sid: ACCOUNT_SID,
      service_sid: `ZS${'a'.repeat(32)}`,
      build_sid: null,
      unique_name: 'dev-environment',
      domain_suffix: 'dev',
      date_created: '2026-11-23T18:00:00Z',
      date_updated: '2026-11-23T18:00:00Z',
      url: 'https://serverless.twilio.com/v1/Services/x/Environments/y',
      links: {},
    };
    expect(validators.environmentFetch(environment).errors.join('\n')).toMatch(/domain_name/);
    expect(validators.environmentFetch({ ...environment, domain_name: 'a-1234-dev.twil.io', sid: `ZS${'a'.repeat(32)}` }).valid).toBe(false);
  });

  it("shows why the fake sends null for unset values: the spec's own example sends \"\", which its schema rejects", () => {
    const spec = JSON.parse(readFileSync(API, 'utf8')) as {
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, { examples: Record<string, { value: { incoming_phone_numbers: unknown[] } }> }> }> } }>;
    };
    const example = spec.paths[NUMBERS]?.get.responses['200']?.content['application/json']?.examples.readFull?.value.incoming_phone_numbers[0];
    expect(example).toMatchObject({ sms_application_sid: '' });
    expect(validators.numberFetch(example).errors).toContain('/sms_application_sid must match pattern "^AP[0-9a-fA-F]{32}$"');
    const nulled = Object.fromEntries(Object.entries(example as object).map(([key, value]) => [key, value === '' ? null : value]));
    expect(validators.numberFetch(nulled)).toEqual({ valid: true, errors: [] });
  });
});

/** The first function_versions item of the spec's FetchBuild example. */
function buildExample(): Record<string, unknown> {
  const spec = JSON.parse(readFileSync(SERVERLESS, 'utf8')) as {
    paths: Record<string, { get: { responses: Record<string, { content: Record<string, { examples: Record<string, { value: { function_versions: Array<Record<string, unknown>> } }> }> }> } }>;
  };
  const examples = spec.paths['/v1/Services/{ServiceSid}/Builds/{Sid}']?.get.responses['200']?.content['application/json']?.examples ?? {};
  const first = Object.values(examples)[0]?.value.function_versions[0];
  if (!first) throw new Error('the spec has no FetchBuild example');
  return first;
}
