import type { LifecycleEvent } from '../../src/calls/lifecycle-event';
import { startFakeZammad, type FakeZammad, type FakeZammadUser } from '../../scripts/fake-zammad';
import { zammadAgent as agent } from '../support/zammad-agents';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only, verbs } from '../support/twiml';

const CTI_TOKEN = 'cti-token-123';
const API_TOKEN = 'api-token-456';
const WEBHOOK_SECRET = 'webhook-secret-789';
const OUR_NUMBER = '+493099990000';
const CALLER = '+49301234567';

const today = new Date().toISOString().slice(0, 10);
const USERS: FakeZammadUser[] = [
  agent(2, 'anna', { phone: '+49 30 1111111' }),
  agent(3, 'ben', { mobile: '030 2222222' }),
  agent(4, 'carl', { phone: '+49 30 3333333', preferences: { cti: false } }),
  agent(5, 'dora', { phone: '+49 30 4444444', out_of_office: true, out_of_office_start_at: today, out_of_office_end_at: today }),
  agent(6, 'eve', { phone: '+49 30 5555555', active: false }),
  agent(7, 'fritz', { phone: '+49 30 6666666', permissions: ['ticket.agent'] }),
];

interface Ctx {
  zammad: FakeZammad;
  runtime: LocalRuntime;
}

async function withZammad(options: Partial<Parameters<typeof startFakeZammad>[0]>, body: (ctx: Ctx) => Promise<void>, env: Record<string, string> = {}) {
  const zammad = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, users: USERS, ...options });
  const runtime = await startLocalRuntime({
    env: {
      DEFAULT_REGION: 'DE',
      ZAMMAD_URL: zammad.url,
      ZAMMAD_CTI_TOKEN: CTI_TOKEN,
      ZAMMAD_API_TOKEN: API_TOKEN,
      ZAMMAD_WEBHOOK_SECRET: WEBHOOK_SECRET,
      OUTBOUND_CALLER_ID: OUR_NUMBER,
      ...env,
    },
  });
  try {
    await body({ zammad, runtime });
  } finally {
    await runtime.close();
    await zammad.close();
  }
}

const ctiEvents = (zammad: FakeZammad, callId: string) =>
  zammad
    .requests()
    .filter((r) => r.params.callId === callId && r.status === 200)
    .map((r) => r.params.event);

async function answeredCall(runtime: LocalRuntime, from = CALLER) {
  const call = new TwilioCall(runtime, from, OUR_NUMBER);
  const dial = only(await call.incoming(), 'Dial');
  const [first] = numbersOf(dial);
  await call.press(await call.pickUp(first), first, '1');
  return { call, dial, first };
}

describe('Zammad Generic CTI', () => {
  it('logs an answered call as exactly newCall, answer, hangup, with the agent who took it', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      const { call, dial, first } = await answeredCall(runtime);
      await call.dialResult(dial, 'completed');
      await call.legStatus(first, 'completed');
      await call.status('completed');

      expect(ctiEvents(zammad, call.sid)).toEqual(['newCall', 'answer', 'hangup']);
      const [newCall, answer] = zammad.requests().filter((r) => r.params.callId === call.sid);
      expect(newCall.params).toMatchObject({ direction: 'in', from: '49301234567', to: '493099990000', user: ['Anna Agent', 'Ben Agent'] });
      expect(answer.params).toMatchObject({ user: 'Anna Agent', answeringNumber: '49301111111' });
      expect(zammad.log(call.sid)).toMatchObject({ state: 'hangup', done: true, to_comment: 'Anna Agent', comment: 'normalClearing' });
    });
  });

  it('logs a missed call once, left undone for the agents to see', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      const dial = only(await call.incoming(), 'Dial');
      for (const n of numbersOf(dial)) await call.legStatus(n, 'canceled');
      await call.status('completed');
      await call.status('completed');
      await call.dialResult(dial, 'canceled');
      expect(ctiEvents(zammad, call.sid)).toEqual(['newCall', 'hangup']);
      expect(zammad.log(call.sid)).toMatchObject({ state: 'hangup', done: false, comment: 'cancel' });
    });
  });

  it('logs a voicemail as answered by "voicemail", still undone', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      const dial = only(await call.incoming(), 'Dial');
      const record = only(await call.dialResult(dial, 'no-answer'), 'Record');
      await call.twiml(record.attrs.action, { CallSid: call.sid, RecordingUrl: 'https://example.com/r.mp3', RecordingDuration: '9' });
      await call.status('completed');
      expect(ctiEvents(zammad, call.sid)).toEqual(['newCall', 'answer', 'hangup']);
      expect(zammad.log(call.sid)).toMatchObject({ state: 'hangup', done: false, to_comment: 'voicemail' });
    });
  });

  it('refuses a caller on Zammad\'s block list, rings nobody, and still closes the log entry', async () => {
    await withZammad({ blockCallerIds: ['49301234567'] }, async ({ zammad, runtime }) => {
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      const twiml = await call.incoming();
      expect(verbs(twiml)).toEqual(['Reject']);
      expect(only(twiml, 'Reject').attrs.reason).toBe('busy');
      await call.status('busy');
      expect(ctiEvents(zammad, call.sid)).toEqual(['newCall', 'hangup']);
      expect(zammad.log(call.sid)).toMatchObject({ state: 'hangup', comment: 'busy' });
      expect([...(await runtime.agents()).values()].every((a) => a.status.kind === 'idle')).toBe(true);
    });
  });

  it('gives exactly one of each event however callbacks are duplicated and shuffled', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      const { call, dial, first } = await answeredCall(runtime);
      const callbacks = [
        () => call.status('completed'),
        () => call.legStatus(first, 'completed'),
        () => call.dialResult(dial, 'completed'),
        () => call.incoming(),
        () => call.status('in-progress'),
      ];
      for (const i of [0, 3, 1, 0, 2, 4, 1, 0]) await callbacks[i]();
      await Promise.all([call.status('completed'), call.status('completed')]);
      expect(ctiEvents(zammad, call.sid)).toEqual(['newCall', 'answer', 'hangup']);
      // A new call is announced before its record is stored (one write per ring decision), so the
      // duplicated /voice/incoming tells Zammad of the call once more, which Zammad refuses as a repeat.
      const requests = zammad.requests().filter((r) => r.params.callId === call.sid);
      expect(requests.map((r) => `${r.params.event} ${r.status}`)).toEqual(['newCall 200', 'answer 200', 'hangup 200', 'newCall 500']);
      expect(requests[3].body).toMatchObject({ error: 'This object already exists.' });
    });
  });

  it('loses nothing while Zammad is down, and delivers each call in order once it is back', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      zammad.setOutage({ kind: 'status', status: 503 });
      const first = await answeredCall(runtime);
      const second = new TwilioCall(runtime, '+49301239999', OUR_NUMBER);
      await second.incoming();
      await first.call.status('completed');
      await second.status('completed');
      expect(zammad.logs()).toEqual([]);

      zammad.setOutage(false);
      const flush = await runtime.dashboard('/outbox/flush', { method: 'POST' });
      expect(flush.status).toBe(200);
      expect(ctiEvents(zammad, first.call.sid)).toEqual(['newCall', 'answer', 'hangup']);
      expect(ctiEvents(zammad, second.sid)).toEqual(['newCall', 'hangup']);
      expect(zammad.log(second.sid)).toMatchObject({ done: false });
      const again = (await (await runtime.dashboard('/outbox/flush', { method: 'POST' })).json()) as { calls: number };
      expect(again.calls).toBe(0);
    });
  });

  it('keeps events while the integration is off (422), and delivers them once it is on', async () => {
    await withZammad({ integrationEnabled: false }, async ({ zammad, runtime }) => {
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      await call.incoming();
      await call.status('completed');
      expect(zammad.requests().map((r) => r.status)).toContain(422);
      zammad.setIntegrationEnabled(true);
      await runtime.dashboard('/outbox/flush', { method: 'POST' });
      expect(ctiEvents(zammad, call.sid)).toEqual(['newCall', 'hangup']);
    });
  });

  it('never sends a second hangup when the first timed out after Zammad had taken it', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      await call.incoming();
      zammad.setOutage({ kind: 'hang', ms: 3500 });
      await call.status('completed');
      zammad.setOutage(false);
      await new Promise((r) => setTimeout(r, 2000));
      await runtime.dashboard('/outbox/flush', { method: 'POST' });
      const hangups = zammad.requests().filter((r) => r.params.callId === call.sid && r.params.event === 'hangup' && r.status === 200);
      expect(hangups).toHaveLength(1);
      expect(zammad.log(call.sid)).toMatchObject({ state: 'hangup', done: false });
    });
  });
});

describe('helpdesk time inside a webhook', () => {
  const requestsOf = (zammad: FakeZammad, callId: string, event: string) => zammad.requests().filter((r) => r.params.callId === callId && r.params.event === event);

  it('tries a refusing Zammad again within the webhook, then leaves the event to the outbox', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      // Warm the agent cache first: a directory refresh would spend the same budget.
      await new TwilioCall(runtime, '+49301230000', OUR_NUMBER).incoming();
      zammad.setOutage({ kind: 'status', status: 503 });
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      only(await call.incoming(), 'Dial');
      const attempts = requestsOf(zammad, call.sid, 'newCall');
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      expect(attempts.every((r) => r.status === 503)).toBe(true);
      zammad.setOutage(false);
      await runtime.dashboard('/outbox/flush', { method: 'POST' });
      expect(ctiEvents(zammad, call.sid)).toEqual(['newCall']);
    });
  });

  it('answers Twilio within one helpdesk budget while Zammad takes connections and never answers', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      // Warm the agent cache first: the directory refresh shares the same budget.
      await new TwilioCall(runtime, '+49301230000', OUR_NUMBER).incoming();
      zammad.setOutage({ kind: 'hang', ms: 8000 });
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      const timed = async <T>(webhook: () => Promise<T>): Promise<T> => {
        const started = Date.now();
        const answer = await webhook();
        // The 1.5 s budget, plus the webhook's own Sync round trips; far from Twilio's 15 s.
        expect(Date.now() - started).toBeLessThan(2500);
        return answer;
      };
      const [first] = numbersOf(only(await timed(() => call.incoming()), 'Dial'));
      const whisper = await call.pickUp(first);
      await timed(() => call.press(whisper, first, '1'));
      await timed(() => call.status('completed'));
      expect(requestsOf(zammad, call.sid, 'answer')).toHaveLength(0);

      // Back again: the flush delivers the call in order, each event once. (The newCalls still
      // hanging are applied late and refused as repeats; they change nothing.)
      zammad.setOutage(false);
      const flush = (await (await runtime.dashboard('/outbox/flush', { method: 'POST' })).json()) as { failed: unknown[] };
      expect(flush.failed).toEqual([]);
      expect(ctiEvents(zammad, call.sid)).toEqual(['newCall', 'answer', 'hangup']);
      expect(requestsOf(zammad, call.sid, 'answer')).toHaveLength(1);
      expect(requestsOf(zammad, call.sid, 'hangup')).toHaveLength(1);
      expect(zammad.log(call.sid)).toMatchObject({ state: 'hangup', done: true, to_comment: 'Anna Agent' });
    });
  }, 60_000);

  it('never sends an answer twice when Zammad applied it and the connection was reset before its reply', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      const dial = only(await call.incoming(), 'Dial');
      const [first] = numbersOf(dial);
      const whisper = await call.pickUp(first);
      zammad.setOutage({ kind: 'lost-reply', events: ['answer'] });
      await call.press(whisper, first, '1');
      zammad.setOutage(false);
      await call.dialResult(dial, 'completed');
      await call.legStatus(first, 'completed');
      await call.status('completed');
      const again = (await (await runtime.dashboard('/outbox/flush', { method: 'POST' })).json()) as { calls: number };
      expect(again.calls).toBe(0);
      expect(zammad.requests().filter((r) => r.params.callId === call.sid).map((r) => `${r.params.event}${r.replyLost ? ' (reply lost)' : ''}`)).toEqual([
        'newCall',
        'answer (reply lost)',
        'hangup',
      ]);
      expect(zammad.log(call.sid)).toMatchObject({ state: 'hangup', done: true, to_comment: 'Anna Agent' });
    });
  });

  it('never sends an answer twice when Zammad applied it but its reply was lost', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      const dial = only(await call.incoming(), 'Dial');
      const [first] = numbersOf(dial);
      const whisper = await call.pickUp(first);
      // Longer than one attempt waits: Zammad applies the answer after we gave up on its reply.
      zammad.setOutage({ kind: 'hang', ms: 1200 });
      await call.press(whisper, first, '1');
      zammad.setOutage(false);
      await new Promise((r) => setTimeout(r, 1500));
      await call.status('completed');
      await runtime.dashboard('/outbox/flush', { method: 'POST' });
      expect(requestsOf(zammad, call.sid, 'answer')).toHaveLength(1);
      expect(ctiEvents(zammad, call.sid)).toEqual(['newCall', 'answer', 'hangup']);
      expect(zammad.log(call.sid)).toMatchObject({ state: 'hangup', done: true });
    });
  });
});

describe('agents from Zammad', () => {
  it('rings only active cti.agent users with the Phone switch on and not out of office', async () => {
    await withZammad({}, async ({ runtime }) => {
      const agents = await runtime.agents();
      expect([...agents.keys()].sort()).toEqual(['zammad-2', 'zammad-3', 'zammad-4', 'zammad-5']);
      expect(agents.get('zammad-3')).toMatchObject({ name: 'Ben Agent', phoneNumbers: ['+49302222222'], helpdeskIds: { zammad: '3' }, phoneSwitch: true });
      expect(agents.get('zammad-4')?.phoneSwitch).toBe(false);
      expect(agents.get('zammad-5')?.outOfOffice).not.toBeNull();
      const call = new TwilioCall(runtime, CALLER, OUR_NUMBER);
      expect(numbersOf(only(await call.incoming(), 'Dial')).map((n) => n.text)).toEqual(['+49301111111', '+49302222222']);
    });
  });

  it('takes teams from Zammad\'s groups: a line for a group rings its members only', async () => {
    const SALES_LINE = '+493099990001';
    const groups = [{ id: 1, name: 'Users' }, { id: 2, name: 'Sales' }, { id: 3, name: 'Sales › EMEA' }, { id: 4, name: 'Old', active: false }];
    const users = [
      agent(2, 'anna', { phone: '+49 30 1111111', group_ids: { 1: ['full'] } }),
      agent(3, 'ben', { phone: '+49 30 2222222', group_ids: { 1: ['full'], 2: ['read', 'change'] } }),
      agent(4, 'cleo', { phone: '+49 30 3333333', group_ids: { 3: 'full', 4: 'full' } }),
    ];
    const lines = JSON.stringify({ lines: { [SALES_LINE]: { name: 'Sales', team: 'sales' } } });
    await withZammad({ users, groups }, async ({ runtime }) => {
      const agents = await runtime.agents();
      expect(agents.get('zammad-3')?.teams).toEqual(['Users', 'Sales']);
      expect(agents.get('zammad-4')?.teams).toEqual(['Sales › EMEA']);
      const sales = new TwilioCall(runtime, CALLER, SALES_LINE);
      expect(numbersOf(only(await sales.incoming(), 'Dial')).map((n) => n.text)).toEqual(['+49302222222']);
      const main = new TwilioCall(runtime, '+49309876543', OUR_NUMBER);
      expect(numbersOf(only(await main.incoming(), 'Dial')).map((n) => n.text).sort()).toEqual(['+49301111111', '+49302222222', '+49303333333']);
    }, { LINES: lines });
  });

  it('picks up changes on POST /zammad/sync-agents without clearing who is on a call', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      const { call } = await answeredCall(runtime);
      zammad.setUsers([agent(2, 'anna', { phone: '+49 30 1111111', lastname: 'Renamed' }), agent(8, 'gert', { phone: '+49 30 7777777' })]);
      const res = await runtime.dashboard('/zammad/sync-agents', { method: 'POST' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ created: ['zammad-8'], updated: ['zammad-2'], removed: ['zammad-3', 'zammad-4', 'zammad-5'], kept: [] });
      expect((await runtime.agents()).get('zammad-2')).toMatchObject({ name: 'Anna Renamed', status: { kind: 'busy', callId: call.sid } });
    });
  });
});

describe('click-to-call from Zammad', () => {
  it('calls the ticket\'s customer for the agent who ran the macro, logged as outbound with Zammad\'s caller id', async () => {
    await withZammad({ routingTable: [{ dest: '49*', caller_id: '493088880000' }] }, async ({ zammad, runtime }) => {
      const payload = { phone: '030 5550177', ticket: '31001', agent: '3' };
      const res = await zammad.sendWebhook(`${runtime.baseUrl}/zammad/click-to-call`, payload, WEBHOOK_SECRET);
      expect(res.status).toBe(201);
      const { callId } = (await res.json()) as { callId: string };
      const [agentCall] = runtime.stack.voiceApi.calls();
      expect(agentCall.to).toBe('+49302222222');

      const call = new TwilioCall(runtime, OUR_NUMBER, agentCall.to, callId);
      const path = (u: string | null) => new URL(u!).pathname + new URL(u!).search;
      const whisper = await call.twiml(path(agentCall.url), { CallSid: callId, From: OUR_NUMBER, To: agentCall.to, CallStatus: 'in-progress' });
      const dial = only(await call.twiml(only(whisper, 'Gather').attrs.action, { CallSid: callId, From: OUR_NUMBER, To: agentCall.to, Digits: '1' }), 'Dial');
      expect(dial.attrs.callerId).toBe('+493088880000');
      await call.post(only(dial, 'Number').attrs.statusCallback, { CallSid: 'CA' + 'f'.repeat(32), ParentCallSid: callId, CallStatus: 'in-progress' });
      await call.twiml(dial.attrs.action, { CallSid: callId, DialCallStatus: 'completed' });

      expect(ctiEvents(zammad, callId)).toEqual(['newCall', 'answer', 'hangup']);
      expect(zammad.log(callId)).toMatchObject({ direction: 'out', to: '49305550177', state: 'hangup' });
    });
  });

  it('refuses a webhook without the right signature and calls nobody', async () => {
    await withZammad({}, async ({ zammad, runtime }) => {
      const res = await zammad.sendWebhook(`${runtime.baseUrl}/zammad/click-to-call`, { phone: '030 5550177', agent: '3' }, 'not-the-secret');
      expect(res.status).toBe(403);
      const unsigned = await fetch(`${runtime.baseUrl}/zammad/click-to-call`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ phone: '030 5550177', agent: '3' }),
      });
      expect(unsigned.status).toBe(403);
      expect(runtime.stack.voiceApi.calls()).toEqual([]);
    });
  });
});
