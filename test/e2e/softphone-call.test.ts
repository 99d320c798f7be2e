import { startFakeFreshdesk, type FakeFreshdesk } from '../../scripts/fake-freshdesk';
import { startFakeZammad } from '../../scripts/fake-zammad';
import { zammadAgent } from '../support/zammad-agents';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { signLink, type LinkParams } from '../../src/softphone/link-signature';
import { voiceWebhookParams } from '../../scripts/twilio-emulator-kit/voice-webhook-params';
import { AtSession, atSessionId, startFakeAfricasTalking, type FakeAfricasTalking } from '../support/fake-africastalking';
import { callSid, TwilioCall } from '../support/twilio-call';
import { only, parseXml, verbs } from '../support/twiml';

const AT_NUMBER = '+254711082000';
const AT_KEY = 'at-api-key';
const SECRET = 'at-callback-secret';
const APP_SECRET = 'fd-app-secret-456';
const CUSTOMER = '+254722999999';

const FRESHDESK = {
  apiKey: 'fd-api-key',
  agents: [
    { id: 101, available: true, contact: { name: 'Alice Wanjiru', email: 'alice@acme.test', phone: '+254712000001' } },
    { id: 102, available: true, contact: { name: 'Bob Otieno', email: 'bob@acme.test', phone: '+254712000002' } },
  ],
  contacts: [{ id: 7, name: 'Customer', phone: CUSTOMER }],
  tickets: [
    { id: 42, subject: 'Router down', description: '<p>It blinks red</p>', requester_id: 7, status: 2 as const, priority: 1, source: 3, created_at: '2026-12-01T09:00:00Z', updated_at: '2026-12-01T09:00:00Z' },
  ],
  groups: [],
};

type Body = Record<string, unknown> & { error?: string };

describe("calling out from the browser on Africa's Talking", () => {
  let at: FakeAfricasTalking;
  let freshdesk: FakeFreshdesk;
  let runtime: LocalRuntime;
  /** The Freshdesk agents' ids here. */
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    at = await startFakeAfricasTalking(AT_KEY);
    freshdesk = await startFakeFreshdesk(FRESHDESK);
    runtime = await startLocalRuntime({
      env: {
        FRESHDESK_URL: freshdesk.url,
        FRESHDESK_API_KEY: FRESHDESK.apiKey,
        CARRIER: 'africastalking',
        DEFAULT_REGION: 'KE',
        AT_USERNAME: 'helpdesk',
        AT_API_KEY: AT_KEY,
        AT_PHONE_NUMBER: AT_NUMBER,
        AT_CALLBACK_SECRET: SECRET,
        AT_API_URL: at.url,
        AT_WEBRTC_URL: at.url,
        FRESHDESK_APP_SECRET: APP_SECRET,
        OUTBOUND_BLOCKED_PREFIXES: '+25420',
      },
    });
    const agents = [...(await runtime.agents()).values()];
    alice = agents.find((a) => a.email === 'alice@acme.test')!.id;
    bob = agents.find((a) => a.email === 'bob@acme.test')!.id;
  });
  afterAll(async () => {
    await runtime.close();
    await freshdesk.close();
    await at.close();
  });

  const link = (agentId: string): LinkParams => signLink(runtime.stack.functionEnv.DASHBOARD_TOKEN, { agentId, expiresAt: new Date(Date.now() + 3600_000) });
  const dialWrites = () => runtime.stack.emulator.stats()['softphones-dials']?.writes ?? 0;
  const queueCall = async (body: Record<string, string>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${runtime.baseUrl}/softphone/call`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Body };
  };

  describe('POST /softphone/call', () => {
    it("queues an allowed number for the link's agent", async () => {
      const before = dialWrites();
      expect(await queueCall({ ...link(alice), number: CUSTOMER, ticketId: '42' })).toEqual({ status: 200, body: { number: CUSTOMER } });
      expect(dialWrites()).toBe(before + 1);
    });

    it('takes the Freshdesk app with the logged-in agent', async () => {
      const res = await queueCall({ agentEmail: 'alice@acme.test', number: CUSTOMER }, { Authorization: `Bearer ${APP_SECRET}` });
      expect(res).toEqual({ status: 200, body: { number: CUSTOMER } });
    });

    it.each([
      ['no credentials', () => ({ number: CUSTOMER }), {}, /softphone link .* or the Freshdesk app/],
      ['a link altered to another agent', () => ({ ...link(alice), agent: bob, number: CUSTOMER }), {}, /signature is wrong/],
      ['a wrong app secret', () => ({ agentEmail: 'alice@acme.test', number: CUSTOMER }), { Authorization: 'Bearer not-the-secret' }, /./],
    ])('answers 401 to %s', async (_label, body, headers, message) => {
      const res = await queueCall(body() as Record<string, string>, headers);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatch(message);
    });

    it.each([
      ['no number', {}, /missing parameter number/],
      ['a national form', { number: '0722999999' }, /international form/],
      ['another country', { number: '+14155550100' }, /calls to US are not allowed \(allowed: KE\)/],
      ['a premium-rate number', { number: '+19005550100' }, /premium-rate/],
      ['a blocked prefix', { number: '+254202222222' }, /numbers starting \+25420 are blocked/],
      ['a ticket id that is no Freshdesk ticket', { number: CUSTOMER, ticketId: '42; drop' }, /ticketId must be a Freshdesk ticket number/],
    ])('answers 400 to %s and queues nothing', async (_label, body, message) => {
      const before = dialWrites();
      const res = await queueCall({ ...link(bob), ...body } as Record<string, string>);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(message);
      expect(dialWrites()).toBe(before);
    });
  });

  describe("the dial plan for a browser client's call", () => {
    const voice = (params: Record<string, string>) =>
      fetch(`${runtime.baseUrl}/africastalking/voice?key=${encodeURIComponent(SECRET)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      });
    /** A browser client `helpdesk.<agent id>` dials `number`: AT's first request, then the session as AtSession plays it. */
    const browserDials = async (agentId: string, number: string) => {
      const session = new AtSession(voice, atSessionId(), `helpdesk.${agentId}`, number);
      const first = await voice({ isActive: '1', sessionId: session.sessionId, direction: 'Inbound', callerNumber: session.callerNumber, destinationNumber: number, clientDialedNumber: number, callSessionState: 'Ringing' });
      expect(first.status).toBe(200);
      return { session, xml: parseXml(await first.text()) };
    };

    it('dials the number the agent queued, from the AT number, as an outbound call logged on its ticket', async () => {
      expect((await queueCall({ ...link(bob), number: CUSTOMER, ticketId: '42' })).status).toBe(200);
      const { session, xml } = await browserDials(bob, CUSTOMER);
      expect(only(xml, 'Dial').attrs).toMatchObject({ phoneNumbers: CUSTOMER, callerId: AT_NUMBER });
      expect((await runtime.agents()).get(bob)?.status).toMatchObject({ kind: 'busy', callId: session.sessionId });

      await session.dialAnswered(CUSTOMER);
      await session.final({ hangupCause: 'NORMAL_CLEARING', durationInSeconds: 70, dialDestinationNumber: CUSTOMER, dialDurationInSeconds: 60 });
      const record = await runtime.callRecord(session.sessionId);
      expect(record).toMatchObject({ carrier: 'africastalking', direction: 'out', from: AT_NUMBER, to: CUSTOMER, answer: { agentId: bob }, phase: 'ended' });
      expect(record!.events.map((e) => e.type)).toEqual(['started', 'answered', 'ended']);
      expect((await runtime.agents()).get(bob)?.status).toEqual({ kind: 'idle' });
      expect(freshdesk.notes(42).filter((n) => n.body.includes(session.sessionId))).toHaveLength(1);
    });

    it('refuses, saying why, when the agent queued nothing or another number, and dials nothing', async () => {
      const nothing = await browserDials(bob, CUSTOMER);
      expect(verbs(nothing.xml)).toEqual(['Say']);
      expect(only(nothing.xml, 'Say').text).toMatch(/did not ask for this call first/);
      expect(await runtime.callRecord(nothing.session.sessionId)).toBeUndefined();

      expect((await queueCall({ ...link(bob), number: CUSTOMER })).status).toBe(200);
      const other = await browserDials(bob, '+254722999998');
      expect(only(other.xml, 'Say').text).toMatch(/asked to call \+254722999999, not this number/);
      expect(await runtime.callRecord(other.session.sessionId)).toBeUndefined();
      expect((await runtime.agents()).get(bob)?.status).toEqual({ kind: 'idle' });
    });
  });
});

describe('calling out from the browser on Twilio', () => {
  const OUR_NUMBER = '+254711000000';
  let freshdesk: FakeFreshdesk;
  let runtime: LocalRuntime;
  let alice: string;
  beforeAll(async () => {
    freshdesk = await startFakeFreshdesk(FRESHDESK);
    runtime = await startLocalRuntime({
      env: { FRESHDESK_URL: freshdesk.url, FRESHDESK_API_KEY: FRESHDESK.apiKey, DEFAULT_REGION: 'KE', OUTBOUND_CALLER_ID: OUR_NUMBER },
    });
    alice = [...(await runtime.agents()).values()].find((a) => a.email === 'alice@acme.test')!.id;
  });
  afterAll(async () => {
    await runtime.close();
    await freshdesk.close();
  });

  /** What Twilio posts to the TwiML App's Voice URL when the Voice SDK connects with these params. */
  const browserCall = (from: string, to: string, extra: Record<string, string> = {}) => {
    const sid = callSid();
    const params = { ...voiceWebhookParams({ accountSid: runtime.stack.runtime.ACCOUNT_SID, callSid: sid, from, to, status: 'ringing', direction: 'inbound' }), ...extra };
    return { sid, twiml: () => new TwilioCall(runtime, from, to, sid).twiml('/voice/softphone-outbound', params) };
  };

  it("dials the customer from the line's number, keeps the agent busy, and logs the call on the ticket it came from", async () => {
    const call = browserCall(`client:${alice}`, CUSTOMER, { ticketId: '42' });
    const dial = only(await call.twiml(), 'Dial');
    expect(dial.attrs).toMatchObject({ callerId: OUR_NUMBER, action: `/voice/outbound-result?callId=${call.sid}` });
    const number = only(dial, 'Number');
    expect(number.text).toBe(CUSTOMER);
    expect(number.attrs.statusCallback).toBe(`/voice/customer-status?callId=${call.sid}`);
    expect((await runtime.agents()).get(alice)?.status).toMatchObject({ kind: 'busy', callId: call.sid });

    // A second call from the same agent meanwhile is refused: one agent, one call.
    const second = browserCall(`client:${alice}`, '+254722999998');
    expect(verbs(await second.twiml())).toEqual(['Say', 'Hangup']);
    expect(await runtime.callRecord(second.sid)).toBeUndefined();

    const session = new TwilioCall(runtime, `client:${alice}`, CUSTOMER, call.sid);
    await session.post(number.attrs.statusCallback, { CallSid: callSid(), ParentCallSid: call.sid, CallStatus: 'in-progress' });
    expect(verbs(await session.twiml(dial.attrs.action, { CallSid: call.sid, DialCallStatus: 'completed', DialCallDuration: '61' }))).toEqual(['Hangup']);

    const record = await runtime.callRecord(call.sid);
    expect(record).toMatchObject({ direction: 'out', from: OUR_NUMBER, to: CUSTOMER, phase: 'ended', answer: { agentId: alice }, originTicket: { helpdesk: 'freshdesk', id: '42' } });
    expect(record!.events.map((e) => e.type)).toEqual(['started', 'answered', 'ended']);
    expect((await runtime.agents()).get(alice)?.status).toEqual({ kind: 'idle' });
    expect(freshdesk.notes(42)).toHaveLength(1);
    expect(freshdesk.notes(42)[0].body).toContain('outbound from');
  });

  it.each([
    ['a number in a country not allowed', () => `client:${alice}`, '+14155550100', /calls to US are not allowed/],
    ['a premium-rate number', () => `client:${alice}`, '+19005550100', /premium-rate/],
    ['a number not in E.164', () => `client:${alice}`, '0722999999', /international form/],
    ['an identity that is no agent', () => 'client:mallory', CUSTOMER, /not signed in as an agent/],
    ['a caller that is no browser', () => '+254722000000', CUSTOMER, /not signed in as an agent/],
  ])('says why it refuses %s and hangs up, changing nothing', async (_label, from, to, reason) => {
    const call = browserCall(from(), to);
    const response = await call.twiml();
    expect(verbs(response)).toEqual(['Say', 'Hangup']);
    expect(only(response, 'Say').text).toMatch(reason);
    expect(await runtime.callRecord(call.sid)).toBeUndefined();
    expect((await runtime.agents()).get(alice)?.status).toEqual({ kind: 'idle' });
  });

  it('answers 403 to a request Twilio did not sign', async () => {
    const res = await runtime.twilioPost('/voice/softphone-outbound', { CallSid: callSid(), From: `client:${alice}`, To: CUSTOMER }, { signature: 'forged' });
    expect(res.status).toBe(403);
  });
});

describe("a browser call in Zammad's caller log", () => {
  it("is logged as outbound for the agent, with the caller id Zammad's routing table picks", async () => {
    const zammad = await startFakeZammad({ ctiToken: 'cti-token', apiToken: 'api-token', users: [zammadAgent(3, 'ben', { phone: '+49 30 2222222' })], routingTable: [{ dest: '49*', caller_id: '493088880000' }] });
    const runtime = await startLocalRuntime({
      env: { DEFAULT_REGION: 'DE', ZAMMAD_URL: zammad.url, ZAMMAD_CTI_TOKEN: 'cti-token', ZAMMAD_API_TOKEN: 'api-token', OUTBOUND_CALLER_ID: '+493099990000' },
    });
    try {
      const ben = [...(await runtime.agents()).values()].find((a) => a.email === 'ben@example.com')!.id;
      const sid = callSid();
      const call = new TwilioCall(runtime, `client:${ben}`, '+49305550177', sid);
      const params = voiceWebhookParams({ accountSid: runtime.stack.runtime.ACCOUNT_SID, callSid: sid, from: `client:${ben}`, to: '+49305550177', status: 'ringing', direction: 'inbound' });
      const dial = only(await call.twiml('/voice/softphone-outbound', params), 'Dial');
      expect(dial.attrs.callerId).toBe('+493088880000');
      await call.post(only(dial, 'Number').attrs.statusCallback, { CallSid: callSid(), ParentCallSid: sid, CallStatus: 'in-progress' });
      await call.twiml(dial.attrs.action, { CallSid: sid, DialCallStatus: 'completed' });

      const cti = zammad.requests().filter((r) => r.params.callId === sid && r.status === 200);
      expect(cti.map((r) => r.params.event)).toEqual(['newCall', 'answer', 'hangup']);
      expect(cti[0].params).toMatchObject({ direction: 'out', to: '49305550177' });
      expect(zammad.log(sid)).toMatchObject({ direction: 'out', to: '49305550177', state: 'hangup' });
    } finally {
      await runtime.close();
      await zammad.close();
    }
  });
});
