/**
 * The fake Freshdesk against Freshdesk's documented API v2 behaviour (developers.freshdesk.com/api):
 * Basic auth with the key, exact-match contact filters, ticket validation with Freshdesk's error
 * body, include=requester, notes, agents paged by the Link header, and 429 with Retry-After.
 */
import { startFakeFreshdesk, type FakeFreshdesk } from '../../scripts/fake-freshdesk';

const KEY = 'key-abc';
let fake: FakeFreshdesk;

beforeEach(async () => {
  fake = await startFakeFreshdesk({
    apiKey: KEY,
    contacts: [{ id: 1, name: 'Mary', phone: '0722 999999', mobile: '+254733000111' }],
    agents: Array.from({ length: 3 }, (_, i) => ({ id: 10 + i, available: i !== 1, contact: { name: `Agent ${i}`, email: `a${i}@acme.test` } })),
  });
});

afterEach(async () => {
  await fake.close();
});

const call = async (method: string, path: string, body?: unknown, key: string | null = KEY) => {
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers: { ...(key === null ? {} : { Authorization: `Basic ${Buffer.from(`${key}:X`).toString('base64')}` }), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
};

describe('fake Freshdesk', () => {
  it('refuses requests without the API key, with Freshdesk\'s 401 body', async () => {
    for (const key of [null, 'wrong']) {
      const res = await call('GET', '/api/v2/contacts', undefined, key);
      expect(res).toMatchObject({ status: 401, json: { code: 'invalid_credentials' } });
    }
  });

  it('filters contacts by phone and mobile exactly as typed', async () => {
    expect((await call('GET', `/api/v2/contacts?phone=${encodeURIComponent('0722 999999')}`)).json).toHaveLength(1);
    expect((await call('GET', '/api/v2/contacts?phone=0722999999')).json).toHaveLength(0);
    expect((await call('GET', `/api/v2/contacts?mobile=${encodeURIComponent('+254733000111')}`)).json).toMatchObject([{ id: 1 }]);
  });

  it('validates a new ticket with Freshdesk\'s error body, and shows the requester on request', async () => {
    const bad = await call('POST', '/api/v2/tickets', { requester_id: 99, status: 9 });
    expect(bad.status).toBe(400);
    expect(bad.json.description).toBe('Validation failed');
    expect(bad.json.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)).toEqual([
      'requester_id invalid_value',
      'subject missing_field',
      'description missing_field',
      'status invalid_value',
    ]);
    const made = await call('POST', '/api/v2/tickets', { requester_id: 1, subject: 'S', description: '<p>D</p>', status: 2, priority: 1, source: 3 });
    expect(made.status).toBe(201);
    const shown = await call('GET', `/api/v2/tickets/${made.json.id}?include=requester`);
    expect(shown.json).toMatchObject({ subject: 'S', source: 3, requester: { id: 1, name: 'Mary', phone: '0722 999999' } });
    expect((await call('GET', '/api/v2/tickets/424242')).status).toBe(404);
  });

  it('adds private notes by default and lists them as conversations', async () => {
    const ticket = (await call('POST', '/api/v2/tickets', { requester_id: 1, subject: 'S', description: 'D' })).json;
    expect((await call('POST', `/api/v2/tickets/${ticket.id}/notes`, {})).status).toBe(400);
    expect((await call('POST', `/api/v2/tickets/${ticket.id}/notes`, { body: '<b>hi</b>' })).json).toMatchObject({ private: true, body_text: 'hi' });
    expect((await call('GET', `/api/v2/tickets/${ticket.id}/conversations`)).json).toHaveLength(1);
  });

  it('pages agents with a Link header to the next page, and none on the last', async () => {
    const first = await call('GET', '/api/v2/agents?per_page=2');
    expect(first.json.map((a: { id: number }) => a.id)).toEqual([10, 11]);
    expect(first.headers.get('link')).toBe(`<${fake.url}/api/v2/agents?per_page=2&page=2>; rel="next"`);
    const last = await call('GET', '/api/v2/agents?per_page=2&page=2');
    expect(last.json).toMatchObject([{ id: 12, available: true, contact: { email: 'a2@acme.test' } }]);
    expect(last.headers.get('link')).toBeNull();
  });

  it('answers 429 with Retry-After while rate limited, for as many requests as asked', async () => {
    fake.setOutage({ kind: 'rate-limit', retryAfterSeconds: 7, count: 2 });
    const limited = await call('GET', '/api/v2/agents');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await call('GET', '/api/v2/agents')).status).toBe(429);
    expect((await call('GET', '/api/v2/agents')).status).toBe(200);
  });
});
