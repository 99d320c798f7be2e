import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { startFakeFreshdesk, type FakeFreshdesk } from '../../scripts/fake-freshdesk';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { ROUTES } from '../../src/carriers/twilio/routes';
import { withQuery } from '../../src/carriers/twilio/webhook-url';
import { railsJson } from '../../src/helpdesks/zammad/webhook-signature';
import { startFakeAfricasTalking, type FakeAfricasTalking } from '../support/fake-africastalking';

/**
 * Every endpoint, fed what nobody should send: unknown fields and ids, lone surrogates, 70 KB
 * values, the wrong content type. Each request is authenticated as its caller kind would be, so
 * the input reaches the code that must judge it. Whatever comes in: no 5xx, a message a person
 * can read on a 4xx, well-formed XML when XML comes back, and a 4xx changes nothing stored.
 * `npm test` plays a slice; `npm run test:soak` the full count (SOAK=full).
 */
const RUNS = process.env.SOAK === 'full' ? 10_000 : 300;

const AT_SECRET = 'fuzz-at-secret';
const ZAMMAD_SECRET = 'fuzz-zammad-secret';
const APP_SECRET = 'fuzz-app-secret';
const FRESHDESK_KEY = 'fuzz-freshdesk-key';

type CallerKind = 'twilio' | 'africastalking' | 'dashboard' | 'freshdesk-app' | 'zammad' | 'softphone';

interface Endpoint {
  path: string;
  method: 'GET' | 'POST';
  kind: CallerKind;
  /** Twilio's webhooks: the keys our URLs put in the query string (the route table's). */
  queryKeys?: readonly string[];
}

const twilio = (path: string, queryKeys: readonly string[] = []): Endpoint => ({ path, method: 'POST', kind: 'twilio', queryKeys });
const ENDPOINTS: Endpoint[] = [
  ...Object.values(ROUTES).map((route) => twilio(route.path, route.queryKeys)),
  twilio('/studio/agents'),
  twilio('/studio/events'),
  { path: '/africastalking/voice', method: 'POST', kind: 'africastalking' },
  { path: '/africastalking/events', method: 'POST', kind: 'africastalking' },
  { path: '/agents/state', method: 'GET', kind: 'dashboard' },
  { path: '/agents/presence', method: 'POST', kind: 'dashboard' },
  { path: '/calls/state', method: 'GET', kind: 'dashboard' },
  { path: '/calls/outbound', method: 'POST', kind: 'dashboard' },
  { path: '/outbox/flush', method: 'POST', kind: 'dashboard' },
  { path: '/zammad/sync-agents', method: 'POST', kind: 'dashboard' },
  { path: '/freshdesk/sync-agents', method: 'POST', kind: 'dashboard' },
  { path: '/freshdesk/click-to-call', method: 'POST', kind: 'freshdesk-app' },
  { path: '/freshdesk/call-status', method: 'GET', kind: 'freshdesk-app' },
  { path: '/freshdesk/agent-call', method: 'GET', kind: 'freshdesk-app' },
  { path: '/zammad/click-to-call', method: 'POST', kind: 'zammad' },
  { path: '/softphone/link', method: 'GET', kind: 'dashboard' },
  { path: '/softphone/token', method: 'POST', kind: 'softphone' },
  { path: '/softphone/heartbeat', method: 'POST', kind: 'softphone' },
  { path: '/softphone/call', method: 'POST', kind: 'softphone' },
];
/** What an agent's signed softphone link puts in the query; generated input never overrides it. */
const LINK_KEYS = new Set(['agent', 'exp', 'sig']);

/** Field names the endpoints read, so generated input often lands on a real field. */
const FIELDS = [
  'CallSid', 'ParentCallSid', 'From', 'To', 'Called', 'CallStatus', 'Direction', 'Digits', 'DialCallStatus', 'DialCallSid',
  'RecordingUrl', 'RecordingSid', 'RecordingStatus', 'RecordingDuration', 'TranscriptionText', 'TranscriptionStatus',
  'QueueResult', 'QueuePosition', 'agentId', 'wave', 'callId', 'languageKey', 'event', 'preferAgent', 'caller', 'called',
  'sessionId', 'isActive', 'callerNumber', 'destinationNumber', 'direction', 'dtmfDigits', 'hangupCause', 'durationInSeconds',
  'presence', 'phoneSwitch', 'customerNumber', 'number', 'carrier', 'ticketId', 'agentEmail', 'key',
];

const unknownSid = fc.stringMatching(/^[0-9a-f]{32}$/).map((hex) => `CA${hex}`);
const value = fc.oneof(
  fc.constantFrom('', '1', '9', 'alice', 'wanjiru', '+14155550101', '+254712345678', 'completed', 'in-progress', 'ringing', 'true', 'null', '[]', '{}'),
  unknownSid,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('\ud800', 'a\udfffb', '\u0000', '<Say>&amp;</Say>', "' OR 1=1 --", '../../etc/passwd'),
  fc.integer().map(String),
  fc.constant('x'.repeat(70 * 1024)),
);
const anyKey = fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 }));
/**
 * Signed senders (Twilio, Zammad) name their fields plainly. The signature is checked over the fields
 * as the runtime parsed them, and its parser reads `a[b]` as nesting and reorders numeric JSON keys,
 * so a key no such sender uses would only test the signature, never the input behind it.
 */
const plainKey = fc.oneof(fc.constantFrom(...FIELDS), fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/));
const fields = (key: fc.Arbitrary<string>) => fc.dictionary(key, value, { maxKeys: 6 });
/** A URL's query stays short: past Node's 16 KB of headers the HTTP server, not the product, answers 431. */
const queryFields = (key: fc.Arbitrary<string>) => fc.dictionary(key, value.filter((v) => v.length <= 200), { maxKeys: 4 });

interface Hostile {
  endpoint: Endpoint;
  query: Record<string, string>;
  body: Record<string, string>;
  json: boolean;
}

const hostile: fc.Arbitrary<Hostile> = fc.constantFrom(...ENDPOINTS).chain((endpoint) => {
  if (endpoint.kind === 'twilio') {
    // Twilio signs the URL it was given, and only our URLs carry a query: their keys, any values.
    const inQuery = new Set(endpoint.queryKeys);
    const query = inQuery.size ? queryFields(fc.constantFrom(...inQuery)) : fc.constant({});
    return fc.record({ endpoint: fc.constant(endpoint), query, body: fields(plainKey.filter((k) => !inQuery.has(k))), json: fc.constant(false) });
  }
  if (endpoint.kind === 'zammad') {
    // Zammad posts JSON to the URL it was given, and signs the body.
    return fc.record({ endpoint: fc.constant(endpoint), query: fc.constant({}), body: fields(plainKey), json: fc.constant(true) });
  }
  // Africa's Talking's secret is the URL's `key`; a body naming `key` too is refused (403), rightly, and is not what this explores.
  // Likewise a softphone's link keys.
  const key = endpoint.kind === 'africastalking' ? anyKey.filter((k) => k !== 'key') : endpoint.kind === 'softphone' ? anyKey.filter((k) => !LINK_KEYS.has(k)) : anyKey;
  return fc.record({ endpoint: fc.constant(endpoint), query: queryFields(key), body: fields(key), json: fc.boolean() });
});

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (text: string) => text.replace(LONE_SURROGATE, '\ufffd');

function brief(input: Hostile | undefined): string {
  if (!input) return '(no input)';
  const short = (fields: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.length > 60 ? `${v.slice(0, 20)}… (${v.length} chars)` : v])));
  return `${input.endpoint.method} ${input.endpoint.path} query ${short(input.query)} body ${input.json ? 'JSON' : 'form'} ${short(input.body)}`;
}

interface Stored {
  writes: number;
  maps: string[];
  calls: number;
}

describe('hostile input on every endpoint', () => {
  let runtime: LocalRuntime;
  let freshdesk: FakeFreshdesk;
  let at: FakeAfricasTalking;
  /** The agent's signed softphone link, as the dashboard hands it out. */
  let link: Record<string, string>;

  beforeAll(async () => {
    // With Freshdesk on and Zammad off the agents come from Freshdesk: one, so a softphone link has someone to sign in.
    freshdesk = await startFakeFreshdesk({ apiKey: FRESHDESK_KEY, agents: [{ id: 101, available: true, contact: { name: 'Fuzz Agent', email: 'fuzz@acme.test', phone: '+14155550101' } }], contacts: [], tickets: [], groups: [] });
    at = await startFakeAfricasTalking('at-key');
    runtime = await startLocalRuntime({
      env: {
        AT_USERNAME: 'helpdesk', AT_API_KEY: 'at-key', AT_PHONE_NUMBER: '+254711082000', AT_CALLBACK_SECRET: AT_SECRET, AT_API_URL: at.url,
        ZAMMAD_WEBHOOK_SECRET: ZAMMAD_SECRET, FRESHDESK_URL: freshdesk.url, FRESHDESK_API_KEY: FRESHDESK_KEY, FRESHDESK_APP_SECRET: APP_SECRET,
      },
    });
    const res = await runtime.dashboard('/softphone/link?agentId=freshdesk-101');
    expect(res.status).toBe(200);
    link = Object.fromEntries(new URL(((await res.json()) as { path: string }).path, runtime.baseUrl).searchParams);
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    await freshdesk?.close();
    await at?.close();
  });

  const stored = async (): Promise<Stored> => ({
    writes: Object.values(runtime.stack.emulator.stats()).reduce((sum, map) => sum + map.writes, 0),
    maps: (await runtime.syncMaps()).sort(),
    calls: runtime.stack.voiceApi.calls().length,
  });

  async function send({ endpoint, query, body, json }: Hostile): Promise<Response> {
    // A form on the wire is UTF-8, so a lone surrogate arrives as U+FFFD: sign what arrives, as Twilio would.
    // A Twilio webhook's URL is one our TwiML gave it, built as the product builds them; Twilio signs that URL.
    if (endpoint.kind === 'twilio') return runtime.twilioPost(wellFormed(withQuery(endpoint.path, query)), Object.fromEntries(Object.entries(body).map(([k, v]) => [wellFormed(k), wellFormed(v)])));
    const auth = endpoint.kind === 'africastalking' ? { key: AT_SECRET } : endpoint.kind === 'softphone' ? link : {};
    const search = new URLSearchParams({ ...query, ...auth }).toString();
    const path = search ? `${endpoint.path}?${search}` : endpoint.path;
    const url = runtime.baseUrl + path;
    // Zammad's body is Rails' JSON (<, >, & escaped), which is what it signs.
    const text = endpoint.method === 'GET' ? undefined : endpoint.kind === 'zammad' ? railsJson(body) : json ? JSON.stringify(body) : new URLSearchParams(body).toString();
    const headers: Record<string, string> = {};
    if (text !== undefined) headers['Content-Type'] = json ? 'application/json' : 'application/x-www-form-urlencoded';
    if (endpoint.kind === 'dashboard') headers.Authorization = `Bearer ${runtime.stack.functionEnv.DASHBOARD_TOKEN}`;
    if (endpoint.kind === 'freshdesk-app') headers.Authorization = `Bearer ${APP_SECRET}`;
    if (endpoint.kind === 'zammad') headers['X-Hub-Signature'] = `sha1=${createHmac('sha1', ZAMMAD_SECRET).update(text ?? '').digest('hex')}`;
    return fetch(url, { method: endpoint.method, headers, body: text });
  }

  it(`answers ${RUNS} hostile requests without a 5xx, with a reason on every 4xx, and a 4xx changes nothing`, async () => {
    const refused = new Set<string>();
    const details = await fc.check(
      fc.asyncProperty(hostile, async (input) => {
        const before = await stored();
        const res = await send(input);
        const text = await res.text();
        if (res.status === 401 || res.status === 403) refused.add(`${res.status} ${text.slice(0, 200)} ${brief(input)}`);
        const where = `answered ${res.status}: ${text.slice(0, 300)}`;
        expect({ where, serverError: res.status >= 500 }).toEqual({ where, serverError: false });
        if ((res.headers.get('content-type') ?? '').includes('xml')) expect({ where, xml: XMLValidator.validate(text) }).toEqual({ where, xml: true });
        if (res.status >= 400) {
          // A reason a person can act on, not an empty body or a stack trace.
          expect(text.trim().length).toBeGreaterThan(0);
          expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
          expect(await stored()).toEqual(before);
        }
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, endOnFailure: true },
    );
    // fast-check's own report prints every 70 KB value in full; this one is short enough to read.
    if (details.failed) throw new Error(`seed ${details.seed}: ${brief(details.counterexample?.[0])}\n${(details.errorInstance as Error | undefined)?.message ?? ''}`);
    // Every request was authenticated as its caller would be; a refusal means the input never reached the code under test.
    expect([...refused]).toEqual([]);
    // Still standing: an ordinary request after all of that.
    expect((await runtime.dashboard('/agents/state')).status).toBe(200);
  }, RUNS * 500 + 60_000);
});
