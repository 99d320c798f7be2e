import { startFakeFreshdesk, type FakeFreshdesk, type FakeFreshdeskAgent, type FakeFreshdeskTicket } from '../../scripts/fake-freshdesk';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { AtSession, startFakeAfricasTalking } from '../support/fake-africastalking';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only } from '../support/twiml';

const API_KEY = 'fd-api-key-123';
const APP_SECRET = 'fd-app-secret-456';
const OUR_NUMBER = '+254711082000';
const CALLER = '+254722999999';
const WANJIRU = '+254712000001';
const OTIENO = '+254712000002';

const AGENTS: FakeFreshdeskAgent[] = [
  { id: 101, available: true, contact: { name: 'Wanjiru Kamau', email: 'Wanjiru@acme.test', phone: '+254712000001' }, group_ids: [5] },
  { id: 102, available: true, contact: { name: 'Otieno Odhiambo', email: 'otieno@acme.test', mobile: '0712 000002' } },
  { id: 103, available: false, contact: { name: 'Achieng Auma', email: 'achieng@acme.test', phone: '+254712000003' } },
];
const CONTACTS = [
  { id: 7, name: 'Mary Customer', phone: '0722 999999' },
  { id: 8, name: 'No Number', email: 'nonumber@example.com' },
];
const recent = new Date(Date.now() - 86_400_000).toISOString();
const openTicket = (id: number, requester: number, updatedAt = recent): FakeFreshdeskTicket => ({
  id,
  subject: `ticket ${id}`,
  description: '<p>help</p>',
  requester_id: requester,
  status: 2,
  priority: 1,
  source: 1,
  created_at: updatedAt,
  updated_at: updatedAt,
});

interface Ctx {
  freshdesk: FakeFreshdesk;
  runtime: LocalRuntime;
}

async function withFreshdesk(tickets: FakeFreshdeskTicket[], body: (ctx: Ctx) => Promise<void>, env: Record<string, string> = {}) {
  const freshdesk = await startFakeFreshdesk({ apiKey: API_KEY, agents: AGENTS, contacts: CONTACTS, tickets, groups: [{ id: 5, name: 'Sales' }, { id: 6, name: 'Billing' }] });
  const runtime = await startLocalRuntime({
    env: { DEFAULT_REGION: 'KE', FRESHDESK_URL: freshdesk.url, FRESHDESK_API_KEY: API_KEY, FRESHDESK_APP_SECRET: APP_SECRET, OUTBOUND_CALLER_ID: OUR_NUMBER, ...env },
  });
  try {
    await body({ freshdesk, runtime });
  } finally {
    await runtime.close();
    await freshdesk.close();
  }
}

const app = (runtime: LocalRuntime, path: string, init: { body?: unknown; secret?: string | null } = {}) =>
  fetch(`${runtime.baseUrl}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.secret === null ? {} : { Authorization: `Bearer ${init.secret ?? APP_SECRET}` }),
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

/** Nobody answers: every leg is canceled and the caller gives up while it rings. */
async function missedCall(runtime: LocalRuntime, from = CALLER) {
  const call = new TwilioCall(runtime, from, OUR_NUMBER);
  const dial = only(await call.incoming(), 'Dial');
  for (const n of numbersOf(dial)) await call.legStatus(n, 'canceled');
  await call.status('completed');
  return call;
}

async function answeredCall(runtime: LocalRuntime) {
  const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
  const dial = only(await call.incoming(), 'Dial');
  const first = numbersOf(dial).find((n) => n.text === WANJIRU)!;
  await call.press(await call.pickUp(first), first, '1');
  await call.dialResult(dial, 'completed');
  await call.legStatus(first, 'completed');
  await call.status('completed');
  return call;
}

describe('agents from Freshdesk', () => {
  it('reads every page of Freshdesk\'s agents, with the "available" toggle as the take-calls switch', async () => {
    await withFreshdesk([], async ({ runtime, freshdesk }) => {
      const agents = await runtime.agents();
      expect([...agents.keys()].sort()).toEqual(['freshdesk-101', 'freshdesk-102', 'freshdesk-103']);
      expect(agents.get('freshdesk-102')).toMatchObject({ name: 'Otieno Odhiambo', phoneNumbers: [OTIENO], email: 'otieno@acme.test', phoneSwitch: true, helpdeskIds: { freshdesk: '102' } });
      expect(agents.get('freshdesk-103')?.phoneSwitch).toBe(false);
      expect(agents.get('freshdesk-101')?.teams).toEqual(['Sales']);

      const many = Array.from({ length: 130 }, (_, i) => ({ id: 200 + i, available: true, contact: { name: `Agent ${i}`, email: `a${i}@acme.test`, phone: `+2547130${String(i).padStart(5, '0')}` } }));
      freshdesk.setAgents(many);
      const res = await runtime.dashboard('/freshdesk/sync-agents', { method: 'POST' });
      expect(res.status).toBe(200);
      expect((await runtime.agents()).size).toBe(130);
      expect(freshdesk.requests().filter((r) => r.url.startsWith('/api/v2/agents')).slice(-2).map((r) => r.url)).toEqual([
        '/api/v2/agents?per_page=100',
        '/api/v2/agents?per_page=100&page=2',
      ]);
    });
  });

  it('takes teams from Freshdesk\'s groups: a line for a group rings its members only', async () => {
    const SALES_LINE = '+254711082001';
    await withFreshdesk([], async ({ runtime }) => {
      const dial = only(await new TwilioCall(runtime, CALLER, SALES_LINE).incoming(), 'Dial');
      expect(numbersOf(dial).map((n) => n.text)).toEqual([WANJIRU]);
    }, { LINES: JSON.stringify({ lines: { [SALES_LINE]: { team: 'sales' } } }) });
  });
});

describe('every call logged in Freshdesk', () => {
  it('a missed call from an unknown caller: a new contact and one phone ticket saying why', async () => {
    await withFreshdesk([], async ({ runtime, freshdesk }) => {
      const call = await missedCall(runtime, '+254733000111');
      const contact = freshdesk.contacts().find((c) => c.phone === '+254733000111');
      expect(contact?.name).toBe('Caller +254733000111');
      const tickets = freshdesk.tickets();
      expect(tickets).toHaveLength(1);
      expect(tickets[0]).toMatchObject({ requester_id: contact?.id, subject: 'Missed call from +254733000111', source: 3, status: 2 });
      expect(tickets[0]?.description).toContain('the caller hung up while the phones rang');
      expect(tickets[0]?.description).toContain(call.sid);
      expect(freshdesk.notes()).toHaveLength(0);
    });
  });

  it('a missed call from a caller with a recent open ticket: a private note on it, found by the number as typed in Freshdesk', async () => {
    await withFreshdesk([openTicket(50, 7)], async ({ runtime, freshdesk }) => {
      await missedCall(runtime);
      expect(freshdesk.tickets()).toHaveLength(1);
      const [note] = freshdesk.notes(50);
      expect(note).toMatchObject({ private: true });
      expect(note?.body).toContain('Missed because:</b> the caller hung up');
    });
  });

  it('a voicemail: one ticket with the recording link and the transcript', async () => {
    await withFreshdesk([], async ({ runtime, freshdesk }) => {
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      const record = only(await call.dialResult(only(await call.incoming(), 'Dial'), 'no-answer'), 'Record');
      const recordingUrl = 'https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1';
      const params = { CallSid: call.sid, RecordingUrl: recordingUrl, RecordingSid: 'RE' + '1'.repeat(32), RecordingDuration: '14' };
      await call.twiml(record.attrs.action, params);
      await call.post(record.attrs.recordingStatusCallback, { ...params, RecordingStatus: 'completed' });
      await call.status('completed');
      // The call has ended but its transcript is still coming: the ticket waits for it.
      expect(freshdesk.tickets()).toHaveLength(0);
      await call.post(record.attrs.transcribeCallback, { ...params, TranscriptionStatus: 'completed', TranscriptionText: 'Please call me back <soon>.' });
      const [ticket] = freshdesk.tickets();
      expect(freshdesk.tickets()).toHaveLength(1);
      expect(ticket).toMatchObject({ subject: 'Voicemail from Mary Customer', requester_id: 7, source: 3 });
      expect(ticket?.description).toContain(`<a href="${recordingUrl}">`);
      expect(ticket?.description).toContain('Please call me back &lt;soon&gt;.');
      expect(freshdesk.notes()).toHaveLength(0);
    });
  });

  it('a voicemail whose transcript is late: the ticket after TRANSCRIPT_WAIT, the transcript as a note on it', async () => {
    await withFreshdesk([], async ({ runtime, freshdesk }) => {
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      const record = only(await call.dialResult(only(await call.incoming(), 'Dial'), 'no-answer'), 'Record');
      const params = { CallSid: call.sid, RecordingUrl: 'https://api.twilio.com/r/RE2', RecordingSid: 'RE' + '2'.repeat(32), RecordingDuration: '20' };
      await call.twiml(record.attrs.action, params);
      await call.post(record.attrs.recordingStatusCallback, { ...params, RecordingStatus: 'completed' });
      await call.status('completed');
      expect(freshdesk.tickets()).toHaveLength(1);
      expect(freshdesk.tickets()[0]?.description).not.toContain('Transcript');
      await call.post(record.attrs.transcribeCallback, { ...params, TranscriptionStatus: 'failed' });
      const [ticket] = freshdesk.tickets();
      expect(freshdesk.notes(ticket!.id).map((n) => n.body)).toEqual([expect.stringContaining('transcription failed')]);
    }, { TRANSCRIPT_WAIT: '0' });
  });

  it('an answered call: one private note on the caller\'s open ticket, even an older one, with the agent and the talk time', async () => {
    const twoMonthsAgo = new Date(Date.now() - 60 * 86_400_000).toISOString();
    await withFreshdesk([openTicket(60, 7, twoMonthsAgo)], async ({ runtime, freshdesk }) => {
      await answeredCall(runtime);
      const notes = freshdesk.notes(60);
      expect(notes).toHaveLength(1);
      expect(notes[0]?.body).toContain('Agent:</b> Wanjiru Kamau');
      expect(notes[0]?.body).toContain('Talk time:');
      expect(freshdesk.tickets()).toHaveLength(1);
    });
  });

  it('still one note when Freshdesk first answers 429 with Retry-After', async () => {
    await withFreshdesk([openTicket(60, 7)], async ({ runtime, freshdesk }) => {
      freshdesk.setOutage({ kind: 'rate-limit', retryAfterSeconds: 1, count: 1 });
      await answeredCall(runtime);
      expect(freshdesk.requests().some((r) => r.status === 429)).toBe(true);
      expect(freshdesk.notes(60)).toHaveLength(1);
    });
  });

  it('still one note when the note was taken but the reply was lost, after POST /outbox/flush', async () => {
    await withFreshdesk([openTicket(60, 7)], async ({ runtime, freshdesk }) => {
      freshdesk.setOutage({ kind: 'lost-reply' });
      await answeredCall(runtime);
      expect(freshdesk.notes(60)).toHaveLength(1);
      freshdesk.setOutage(false);
      const flushed = await runtime.dashboard('/outbox/flush', { method: 'POST' });
      expect(flushed.status).toBe(200);
      expect(freshdesk.notes(60)).toHaveLength(1);
      expect(freshdesk.requests().filter((r) => r.url.includes('/conversations')).length).toBeGreaterThan(0);
    });
  });

  it('loses nothing while Freshdesk is down, and logs the call once it is back', async () => {
    await withFreshdesk([], async ({ runtime, freshdesk }) => {
      freshdesk.setOutage({ kind: 'status', status: 503 });
      await missedCall(runtime);
      expect(freshdesk.tickets()).toHaveLength(0);
      freshdesk.setOutage(false);
      await runtime.dashboard('/outbox/flush', { method: 'POST' });
      await runtime.dashboard('/outbox/flush', { method: 'POST' });
      expect(freshdesk.tickets()).toHaveLength(1);
    });
  });
});

describe('the inbound pop-up (agent-call)', () => {
  it('shows an incoming call to each agent it rings, then only to the one who took it, then nothing', async () => {
    await withFreshdesk([openTicket(90, 7)], async ({ runtime }) => {
      const popup = async (email: string) => ((await (await app(runtime, `/freshdesk/agent-call?agentEmail=${email}`)).json()) as { call: Record<string, unknown> | null }).call;
      expect(await popup('wanjiru@acme.test')).toBeNull();

      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      const dial = only(await call.incoming(), 'Dial');
      const ringing = { direction: 'in', state: 'ringing-agent', callerNumber: CALLER, contact: { id: 7, name: 'Mary Customer' }, ticket: { id: 90 } };
      expect(await popup('wanjiru@acme.test')).toMatchObject({ callId: call.sid, ...ringing });
      expect(await popup('otieno@acme.test')).toMatchObject({ callId: call.sid, ...ringing });
      expect(await popup('achieng@acme.test')).toBeNull();

      const first = numbersOf(dial).find((n) => n.text === WANJIRU)!;
      await call.press(await call.pickUp(first), first, '1');
      expect(await popup('wanjiru@acme.test')).toMatchObject({ callId: call.sid, state: 'in-progress' });
      expect(await popup('otieno@acme.test')).toBeNull();

      await call.dialResult(dial, 'completed');
      await call.legStatus(first, 'completed');
      await call.status('completed');
      expect(await popup('wanjiru@acme.test')).toBeNull();
    });
  });
});

describe('click-to-call from a Freshdesk ticket', () => {
  it('on Twilio: rings the agent, then the requester, follows the call, and logs it on that ticket', async () => {
    await withFreshdesk([openTicket(70, 7), openTicket(71, 7)], async ({ runtime, freshdesk }) => {
      const res = await app(runtime, '/freshdesk/click-to-call', { body: { ticketId: 70, agentEmail: 'wanjiru@ACME.test' } });
      expect(res.status).toBe(201);
      const { callId } = (await res.json()) as { callId: string };
      const status = async () => (await (await app(runtime, `/freshdesk/call-status?callId=${callId}`)).json()) as { state: string };
      expect(await status()).toEqual({ state: 'ringing-agent' });

      const [agentCall] = runtime.stack.voiceApi.calls();
      expect(agentCall?.to).toBe(WANJIRU);
      const call = new TwilioCall(runtime, OUR_NUMBER, WANJIRU, callId);
      const path = (u: string | null) => new URL(u!).pathname + new URL(u!).search;
      const whisper = await call.twiml(path(agentCall!.url), { CallSid: callId, From: OUR_NUMBER, To: WANJIRU, CallStatus: 'in-progress' });
      const dial = only(await call.twiml(only(whisper, 'Gather').attrs.action, { CallSid: callId, From: OUR_NUMBER, To: WANJIRU, Digits: '1' }), 'Dial');
      expect(only(dial, 'Number').text).toBe(CALLER);
      expect(await status()).toEqual({ state: 'ringing-customer' });
      await call.post(only(dial, 'Number').attrs.statusCallback, { CallSid: 'CA' + 'f'.repeat(32), ParentCallSid: callId, CallStatus: 'in-progress' });
      expect(await status()).toEqual({ state: 'in-progress' });
      const popup = (await (await app(runtime, '/freshdesk/agent-call?agentEmail=wanjiru@acme.test')).json()) as { call: Record<string, unknown> };
      expect(popup.call).toMatchObject({ callId, direction: 'out', callerNumber: CALLER, contact: { id: 7, name: 'Mary Customer' }, ticket: { id: 71 } });
      await call.twiml(dial.attrs.action, { CallSid: callId, DialCallStatus: 'completed' });
      expect(await status()).toMatchObject({ state: 'ended', endedReason: 'normalClearing' });

      expect(freshdesk.notes(70)).toHaveLength(1);
      expect(freshdesk.notes(70)[0]?.body).toContain('outbound from');
      expect(freshdesk.notes(71)).toHaveLength(0);
    });
  });

  it('on Africa\'s Talking: the Voice API calls the agent, then the dial plan connects the requester; logged on the ticket', async () => {
    const at = await startFakeAfricasTalking('at-api-key');
    const secret = 'at-callback-secret';
    try {
      await withFreshdesk([openTicket(80, 7)], async ({ runtime, freshdesk }) => {
        const res = await app(runtime, '/freshdesk/click-to-call', { body: { ticketId: '80', agentId: 'freshdesk-102', carrier: 'africastalking' } });
        expect(res.status).toBe(201);
        const { callId } = (await res.json()) as { callId: string };
        expect(at.calls()).toMatchObject([{ to: OTIENO, sessionId: callId }]);
        const post = (params: Record<string, string>) =>
          fetch(`${runtime.baseUrl}/africastalking/voice?key=${secret}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
        const leg = new AtSession(post, callId, OUR_NUMBER, OTIENO, 'Outbound');
        expect(await (await leg.start()).text()).toContain(`phoneNumbers="${CALLER}"`);
        await leg.final({ hangupCause: 'NORMAL_CLEARING', durationInSeconds: 60, dialDestinationNumber: CALLER, dialDurationInSeconds: 45 });
        expect(freshdesk.notes(80)).toHaveLength(1);
        expect(freshdesk.notes(80)[0]?.body).toContain('africastalking');
      }, { AT_USERNAME: 'helpdesk', AT_API_KEY: 'at-api-key', AT_PHONE_NUMBER: OUR_NUMBER, AT_CALLBACK_SECRET: secret, AT_API_URL: at.url });
    } finally {
      await at.close();
    }
  });

  it('refuses a request without the app secret (401) and calls nobody', async () => {
    await withFreshdesk([openTicket(70, 7)], async ({ runtime }) => {
      for (const secret of [null, 'not-the-secret']) {
        const res = await app(runtime, '/freshdesk/click-to-call', { body: { ticketId: 70, agentEmail: 'wanjiru@acme.test' }, secret });
        expect(res.status).toBe(401);
      }
      expect((await app(runtime, '/freshdesk/call-status?callId=CA' + '0'.repeat(32), { secret: null })).status).toBe(401);
      expect(runtime.stack.voiceApi.calls()).toEqual([]);
    });
  });

  it.each([
    ['an unknown ticket', { ticketId: 999, agentEmail: 'wanjiru@acme.test' }, 404, /no ticket 999/],
    ['a requester without a number', { ticketId: 90, agentEmail: 'wanjiru@acme.test' }, 422, /no phone or mobile number/],
    ['an unknown agent', { ticketId: 70, agentEmail: 'nobody@acme.test' }, 404, /nobody@acme.test/],
    ['no ticket', { agentEmail: 'wanjiru@acme.test' }, 400, /ticketId/],
    ['an unknown carrier', { ticketId: 70, agentEmail: 'wanjiru@acme.test', carrier: 'pigeon' }, 400, /carrier/],
  ])('answers %s with a message a person can act on, and calls nobody', async (_name, body, status, message) => {
    await withFreshdesk([openTicket(70, 7), openTicket(90, 8)], async ({ runtime }) => {
      const res = await app(runtime, '/freshdesk/click-to-call', { body });
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
      expect(runtime.stack.voiceApi.calls()).toEqual([]);
    });
  });

  it('answers 409 when the agent is on a call', async () => {
    await withFreshdesk([openTicket(70, 7)], async ({ runtime }) => {
      const call = new TwilioCall(runtime, '+254733000222', OUR_NUMBER);
      const dial = only(await call.incoming(), 'Dial');
      const wanjiru = numbersOf(dial).find((n) => n.text === WANJIRU)!;
      await call.press(await call.pickUp(wanjiru), wanjiru, '1');
      const res = await app(runtime, '/freshdesk/click-to-call', { body: { ticketId: 70, agentEmail: 'wanjiru@acme.test' } });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: string }).error).toMatch(/already on a call/);
    });
  });
});
