import { startFakeFreshdesk, type FakeFreshdesk } from '../../scripts/fake-freshdesk';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { signLink, type LinkParams } from '../../src/softphone/link-signature';
import { startFakeAfricasTalking, type FakeAfricasTalking } from '../support/fake-africastalking';
import { verifyHs256 } from '../support/jwt';

const TWILIO = {
  TWILIO_API_KEY: 'SK' + '1'.repeat(32),
  TWILIO_API_SECRET: 'softphone-api-secret',
  TWIML_APP_SID: 'AP' + '2'.repeat(32),
  SOFTPHONE_TOKEN_TTL: '1800',
};
const AT_KEY = 'at-api-key';
const APP_SECRET = 'fd-app-secret-456';

type Body = Record<string, unknown> & { error?: string };

const post = async (runtime: LocalRuntime, path: string, form: Record<string, string>, headers: Record<string, string> = {}) => {
  const res = await fetch(runtime.baseUrl + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Body };
};

const linkFor = async (runtime: LocalRuntime, agentId: string): Promise<LinkParams> => {
  const res = await runtime.dashboard(`/softphone/link?agentId=${agentId}`);
  expect(res.status).toBe(200);
  const { url, path, expiresAt } = (await res.json()) as { url: string; path: string; expiresAt: string };
  expect(url).toBe(runtime.baseUrl + path);
  expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(11.9 * 3600 * 1000);
  expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(12 * 3600 * 1000);
  const query = new URL(url).searchParams;
  expect(new URL(url).pathname).toBe('/softphone.html');
  return { agent: query.get('agent')!, exp: query.get('exp')!, sig: query.get('sig')! };
};

describe('softphone tokens on Twilio', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startLocalRuntime({ env: TWILIO });
  });
  afterAll(() => runtime.close());

  it("gives the agent of a dashboard link a Voice access token for that agent only", async () => {
    const link = await linkFor(runtime, 'alice');
    expect(link.agent).toBe('alice');
    const { status, body } = await post(runtime, '/softphone/token', { ...link });
    expect(status).toBe(200);
    expect(body).toMatchObject({ carrier: 'twilio', identity: 'alice' });
    const { payload } = verifyHs256(body.token as string, TWILIO.TWILIO_API_SECRET);
    expect(payload).toMatchObject({ iss: TWILIO.TWILIO_API_KEY, sub: runtime.stack.runtime.ACCOUNT_SID });
    expect(payload.grants).toEqual({ identity: 'alice', voice: { incoming: { allow: true }, outgoing: { application_sid: TWILIO.TWIML_APP_SID } } });
    expect((payload.exp as number) - (payload.iat as number)).toBe(1800);
    expect(Date.parse(body.expiresAt as string) / 1000).toBeCloseTo(payload.exp as number, -1);
  });

  it('gives no link without the dashboard token, and none for an unknown agent', async () => {
    expect((await runtime.dashboard('/softphone/link?agentId=alice', { token: null })).status).toBe(401);
    expect((await runtime.dashboard('/softphone/link?agentId=alice', { token: 'wrong-token' })).status).toBe(401);
    expect((await runtime.dashboard('/softphone/link?agentId=nobody')).status).toBe(404);
  });

  it.each([
    ['nothing', () => ({}), () => ({}), /softphone link .* or the Freshdesk app/],
    ['a link altered to another agent', async () => ({ ...(await linkFor(runtime, 'alice')), agent: 'bob' }), () => ({}), /signature is wrong/],
    ['a link signed with another key', async () => signLink('not-the-dashboard-token', { agentId: 'alice', expiresAt: new Date(Date.now() + 3600_000) }), () => ({}), /signature is wrong/],
    ['an expired link', async () => signLink(runtime.stack.functionEnv.DASHBOARD_TOKEN, { agentId: 'alice', expiresAt: new Date(Date.now() - 1000) }), () => ({}), /expired at/],
    ['the dashboard token itself', () => ({}), () => ({ Authorization: `Bearer ${runtime.stack.functionEnv.DASHBOARD_TOKEN}` }), /softphone link/],
  ])('answers 401 to %s', async (_label, form, headers, message) => {
    const { status, body } = await post(runtime, '/softphone/token', { ...(await form()) } as Record<string, string>, headers());
    expect(status).toBe(401);
    expect(body.error).toMatch(message);
    expect(body.token).toBeUndefined();
  });
});

describe('softphone tokens where a carrier is not set up', () => {
  it('names the missing Twilio variables', async () => {
    const runtime = await startLocalRuntime({ env: { TWILIO_API_KEY: TWILIO.TWILIO_API_KEY, TWILIO_API_SECRET: TWILIO.TWILIO_API_SECRET } });
    try {
      const { status, body } = await post(runtime, '/softphone/token', { ...(await linkFor(runtime, 'alice')) });
      expect(status).toBe(409);
      expect(body.error).toBe('the Twilio softphone is not set up here (set TWIML_APP_SID)');
    } finally {
      await runtime.close();
    }
  });
});

describe("softphone tokens on Africa's Talking", () => {
  let at: FakeAfricasTalking;
  let runtime: LocalRuntime;
  beforeAll(async () => {
    at = await startFakeAfricasTalking(AT_KEY);
    runtime = await startLocalRuntime({
      env: {
        CARRIER: 'africastalking',
        DEFAULT_REGION: 'KE',
        AT_USERNAME: 'helpdesk',
        AT_API_KEY: AT_KEY,
        AT_PHONE_NUMBER: '+254711082000',
        AT_CALLBACK_SECRET: 'at-callback-secret',
        AT_API_URL: at.url,
        AT_WEBRTC_URL: at.url,
      },
    });
  });
  afterAll(async () => {
    await runtime.close();
    await at.close();
  });

  it("hands the agent the capability token AT issued for the agent's client name and the AT number", async () => {
    const { status, body } = await post(runtime, '/softphone/token', { ...(await linkFor(runtime, 'bob')) });
    expect(status).toBe(200);
    const asked = at.tokenRequests();
    expect(asked).toHaveLength(1);
    expect(asked[0].body).toEqual({ username: 'helpdesk', clientName: 'bob', phoneNumber: '+254711082000', incoming: 'true', outgoing: 'true', expire: '3600s' });
    expect(body).toMatchObject({ carrier: 'africastalking', identity: 'bob', token: asked[0].token });
  });

  it('asks for a Twilio token only when the page says so, and Twilio is not set up here', async () => {
    const { status, body } = await post(runtime, '/softphone/token', { ...(await linkFor(runtime, 'bob')), carrier: 'twilio' });
    expect(status).toBe(409);
    expect(body.error).toMatch(/set TWILIO_API_KEY, TWILIO_API_SECRET, TWIML_APP_SID/);
  });
});

describe('softphone tokens for the Freshdesk app', () => {
  let freshdesk: FakeFreshdesk;
  let runtime: LocalRuntime;
  beforeAll(async () => {
    freshdesk = await startFakeFreshdesk({
      apiKey: 'fd-api-key',
      agents: [{ id: 101, available: true, contact: { name: 'Wanjiru Kamau', email: 'Wanjiru@acme.test', phone: '+254712000001' } }],
      contacts: [],
      tickets: [],
      groups: [],
    });
    runtime = await startLocalRuntime({ env: { ...TWILIO, DEFAULT_REGION: 'KE', FRESHDESK_URL: freshdesk.url, FRESHDESK_API_KEY: 'fd-api-key', FRESHDESK_APP_SECRET: APP_SECRET } });
  });
  afterAll(async () => {
    await runtime.close();
    await freshdesk.close();
  });

  it("gives the logged-in agent's token to the app's secret, and nothing to a wrong one", async () => {
    const wanjiru = [...(await runtime.agents()).values()].find((a) => a.email === 'wanjiru@acme.test');
    expect(wanjiru).toBeDefined();
    const ok = await post(runtime, '/softphone/token', { agentEmail: 'WANJIRU@acme.test' }, { Authorization: `Bearer ${APP_SECRET}` });
    expect(ok.status).toBe(200);
    expect(verifyHs256(ok.body.token as string, TWILIO.TWILIO_API_SECRET).payload.grants).toMatchObject({ identity: wanjiru!.id });
    const wrong = await post(runtime, '/softphone/token', { agentEmail: 'wanjiru@acme.test' }, { Authorization: 'Bearer not-the-app-secret' });
    expect(wrong.status).toBe(401);
    const unknown = await post(runtime, '/softphone/token', { agentEmail: 'nobody@acme.test' }, { Authorization: `Bearer ${APP_SECRET}` });
    expect(unknown.status).toBe(404);
  });
});
