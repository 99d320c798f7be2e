import type { LifecycleEvent } from '../../src/calls/lifecycle-event';
import { manyAgents, writeAgentsFile } from '../support/agents-file';
import { AtSession, atSessionId, startFakeAfricasTalking, type FakeAfricasTalking } from '../support/fake-africastalking';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only, parseXml, verbs, type XmlElement } from '../support/twiml';

const AT_NUMBER = '+254711082000';
const SECRET = 'at-secret&<key>';
const API_KEY = 'at-api-key';
const ALICE = '+254712000001';
const BOB = '+254712000002';
const CALLER = '+254722999999';
const types = (events: LifecycleEvent[] | undefined) => (events ?? []).map((e) => e.type);

interface Ctx {
  runtime: LocalRuntime;
  at: FakeAfricasTalking;
  session(sessionId?: string, caller?: string, direction?: 'Inbound' | 'Outbound'): AtSession;
  xml(res: Response): Promise<XmlElement>;
}

async function withAt(env: Record<string, string>, body: (ctx: Ctx) => Promise<void>, agents = [{ id: 'alice', number: ALICE }, { id: 'bob', number: BOB }]) {
  const at = await startFakeAfricasTalking(API_KEY);
  const runtime = await startLocalRuntime({
    env: {
      AGENTS_FILE: await writeAgentsFile(agents),
      DEFAULT_REGION: 'KE',
      AT_USERNAME: 'helpdesk',
      AT_API_KEY: API_KEY,
      AT_PHONE_NUMBER: AT_NUMBER,
      AT_CALLBACK_SECRET: SECRET,
      AT_API_URL: at.url,
      ...env,
    },
  });
  const post = (params: Record<string, string>) =>
    fetch(`${runtime.baseUrl}/africastalking/voice?key=${encodeURIComponent(SECRET)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
  const ctx: Ctx = {
    runtime,
    at,
    session: (sessionId = atSessionId(), caller = CALLER, direction = 'Inbound') =>
      direction === 'Inbound' ? new AtSession(post, sessionId, caller, AT_NUMBER) : new AtSession(post, sessionId, AT_NUMBER, caller, 'Outbound'),
    async xml(res) {
      const text = await res.text();
      expect(res.status).toBe(200);
      return parseXml(text);
    },
  };
  try {
    await body(ctx);
  } finally {
    await runtime.close();
    await at.close();
  }
}

describe('Africa\'s Talking inbound calls', () => {
  it('on a closed line dials nobody: the closed message, voicemail, and one call missed out of hours', async () => {
    const closed = JSON.stringify({ default: { timezone: 'Africa/Nairobi', weekly: {} } });
    await withAt({ BUSINESS_HOURS: closed }, async ({ runtime, session, xml }) => {
      const call = session();
      const plan = await xml(await call.start());
      expect(verbs(plan)).toEqual(['Record']);
      expect(only(only(plan, 'Record'), 'Say').text).toMatch(/closed right now.*leave a message/i);
      const url = 'https://voice.africastalking.com/recordings/closed.mp3';
      await xml(await call.recorded(url, 9));
      await call.final({ hangupCause: 'NORMAL_CLEARING', durationInSeconds: 15, recordingUrl: url });
      const record = await runtime.callRecord(call.sessionId);
      expect(types(record?.events)).toEqual(['started', 'answered', 'voicemail', 'ended']);
      expect(record?.events[3]).toMatchObject({ missedReason: 'out_of_hours' });
      expect([...(await runtime.agents()).values()].every((a) => a.status.kind === 'idle')).toBe(true);
    });
  });

  it('dials every available agent (numbers and browser clients) with our number as caller id, then voicemail', async () => {
    const agents = [
      { id: 'alice', number: ALICE },
      { id: 'bob', number: BOB },
      { id: 'wanjiru', number: '', atClientName: 'wanjiru' },
    ];
    await withAt({}, async ({ session, xml }) => {
      const plan = await xml(await session().start());
      expect(plan.name).toBe('Response');
      expect(verbs(plan)).toEqual(['Dial', 'Record']);
      const dial = only(plan, 'Dial');
      expect(dial.attrs).toMatchObject({ phoneNumbers: `${ALICE},${BOB},helpdesk.wanjiru`, callerId: AT_NUMBER, sequential: 'false', record: 'false', maxDuration: '14400' });
      const record = only(plan, 'Record');
      // The secret survives XML escaping intact.
      expect(record.attrs.callbackUrl).toMatch(/\/africastalking\/voice\?key=at-secret%26%3Ckey%3E$/);
      expect(only(record, 'Say').text).toMatch(/leave a message/);
    }, agents);
  });

  it('rings at most 100 of 400 available agents in one dial, so the call still fits its Sync item', async () => {
    await withAt({}, async ({ runtime, session, xml }) => {
      const call = session();
      const dial = only(await xml(await call.start()), 'Dial');
      expect(dial.attrs.phoneNumbers.split(',')).toHaveLength(100);
      expect((await runtime.callRecord(call.sessionId))?.events[0]).toMatchObject({ type: 'started' });
    }, manyAgents(400));
  });

  it('rings one agent after another, longest idle first, in queue mode', async () => {
    await withAt({ ROUTING_MODE: 'queue', AT_RECORD_CALLS: 'on' }, async ({ session, xml }) => {
      const dial = only(await xml(await session().start()), 'Dial');
      expect(dial.attrs).toMatchObject({ sequential: 'true', record: 'true', phoneNumbers: `${ALICE},${BOB}` });
    });
  });

  it('matches a browser client AT connected back to its agent', async () => {
    const agents = [{ id: 'wanjiru', number: '', atClientName: 'wanjiru' }];
    await withAt({}, async ({ runtime, session }) => {
      const call = session();
      await call.start();
      await call.dialAnswered('helpdesk.wanjiru');
      expect((await runtime.agents()).get('wanjiru')?.status).toMatchObject({ kind: 'busy', callId: call.sessionId });
    }, agents);
  });

  it('logs the agent AT connected, keeps them busy for Twilio calls, and frees them at the final notice', async () => {
    await withAt({}, async ({ runtime, session }) => {
      const call = session();
      await call.start();
      expect((await call.dialAnswered(ALICE)).status).toBe(200);
      expect((await runtime.agents()).get('alice')?.status).toMatchObject({ kind: 'busy', callId: call.sessionId });

      // A Twilio call now rings everyone but alice.
      const twilio = new TwilioCall(runtime, '+254733000000', '+254700000000');
      expect(numbersOf(only(await twilio.incoming(), 'Dial')).map((n) => n.text)).toEqual([BOB]);

      await call.final({ hangupCause: 'NORMAL_CLEARING', durationInSeconds: 95, dialDestinationNumber: ALICE, dialDurationInSeconds: 80 });
      await call.final({ hangupCause: 'NORMAL_CLEARING', durationInSeconds: 95, dialDestinationNumber: ALICE, dialDurationInSeconds: 80 });
      expect((await runtime.agents()).get('alice')?.status).toEqual({ kind: 'idle' });
      const record = await runtime.callRecord(call.sessionId);
      expect(types(record?.events)).toEqual(['started', 'answered', 'ended']);
      expect(record?.events[0]).toMatchObject({ carrier: 'africastalking', from: CALLER, to: AT_NUMBER });
      expect(record?.events[1]).toMatchObject({ agentId: 'alice', answeringNumber: ALICE });
      expect(record?.events[2]).toMatchObject({ cause: 'normalClearing', missedReason: null });

      // Alice is free again: the next Twilio call rings her too.
      const next = new TwilioCall(runtime, '+254733000001', '+254700000000');
      expect(numbersOf(only(await next.incoming(), 'Dial')).map((n) => n.text).sort()).toEqual([ALICE, BOB].sort());
    });
  });

  it('an agent busy on a Twilio call is not dialled for an AT call', async () => {
    await withAt({}, async ({ runtime, session, xml }) => {
      const twilio = new TwilioCall(runtime, '+254733000000', '+254700000000');
      const [alice] = numbersOf(only(await twilio.incoming(), 'Dial'));
      await twilio.press(await twilio.pickUp(alice), alice, '1');
      const dial = only(await xml(await session().start()), 'Dial');
      expect(dial.attrs.phoneNumbers).toBe(BOB);
    });
  });

  it('records a voicemail when nobody is available, and logs one missed call', async () => {
    await withAt({}, async ({ runtime, session, xml, at: _at }) => {
      await runtime.dashboard('/agents/presence', { method: 'POST', form: { agentId: 'alice', presence: 'away' } });
      await runtime.dashboard('/agents/presence', { method: 'POST', form: { agentId: 'bob', presence: 'offline' } });
      const call = session();
      const plan = await xml(await call.start());
      expect(verbs(plan)).toEqual(['Record']);
      const thanks = await xml(await call.recorded('https://voice.africastalking.com/recordings/abc.mp3', 12));
      expect(verbs(thanks)).toEqual(['Say']);
      await call.final({ hangupCause: 'NORMAL_CLEARING', durationInSeconds: 20, recordingUrl: 'https://voice.africastalking.com/recordings/abc.mp3' });
      const record = await runtime.callRecord(call.sessionId);
      expect(types(record?.events)).toEqual(['started', 'answered', 'voicemail', 'ended']);
      expect(record?.events[2]).toMatchObject({ recordingUrl: 'https://voice.africastalking.com/recordings/abc.mp3', transcriptExpected: false });
      expect(record?.events[3]).toMatchObject({ missedReason: 'voicemail' });
    });
  });

  it('says goodbye when the voicemail recorded nothing, instead of ringing again', async () => {
    await withAt({}, async ({ runtime, session, xml }) => {
      await runtime.dashboard('/agents/presence', { method: 'POST', form: { agentId: 'alice', presence: 'away' } });
      await runtime.dashboard('/agents/presence', { method: 'POST', form: { agentId: 'bob', presence: 'away' } });
      const call = session();
      expect(verbs(await xml(await call.start()))).toEqual(['Record']);
      const goodbye = await xml(await call.recorded('', 0));
      expect(verbs(goodbye)).toEqual(['Say']);
      expect(only(goodbye, 'Say').text).toMatch(/did not receive a message/);
      await call.final({ hangupCause: 'NORMAL_CLEARING', durationInSeconds: 9 });
      const record = await runtime.callRecord(call.sessionId);
      // As on Twilio: the voicemail took the call, no recording followed, nothing was rung again.
      expect(types(record?.events)).toEqual(['started', 'answered', 'ended']);
      expect(record?.events[2]).toMatchObject({ missedReason: 'voicemail' });
    });
  });

  it('logs a caller who hangs up while agents ring as abandoned, once', async () => {
    await withAt({}, async ({ runtime, session }) => {
      const call = session();
      await call.start();
      await call.final({ hangupCause: 'ORIGINATOR_CANCEL', durationInSeconds: 7 });
      await call.final({ hangupCause: 'ORIGINATOR_CANCEL', durationInSeconds: 7 });
      const record = await runtime.callRecord(call.sessionId);
      expect(types(record?.events)).toEqual(['started', 'ended']);
      expect(record?.events[1]).toMatchObject({ cause: 'cancel', missedReason: 'abandoned_while_ringing' });
    });
  });
});

describe('Africa\'s Talking click-to-call', () => {
  it('calls the agent through the Voice API, then connects the customer when AT asks for the dial plan', async () => {
    await withAt({}, async ({ runtime, at, session, xml }) => {
      const res = await runtime.dashboard('/calls/outbound', { method: 'POST', form: { agentId: 'bob', to: '0733 555177', carrier: 'africastalking' } });
      expect(res.status).toBe(201);
      const { callId } = (await res.json()) as { callId: string };
      // The fake answers 401 to any other key, so a placed call proves the SDK sent AT_API_KEY.
      expect(at.calls()).toMatchObject([{ username: 'helpdesk', from: AT_NUMBER, to: BOB, sessionId: callId }]);

      const agentLeg = session(callId, BOB, 'Outbound');
      const plan = await xml(await agentLeg.start());
      expect(verbs(plan)).toEqual(['Say', 'Dial']);
      expect(only(plan, 'Dial').attrs).toMatchObject({ phoneNumbers: '+254733555177', callerId: AT_NUMBER });
      expect((await runtime.agents()).get('bob')?.status).toMatchObject({ kind: 'busy', callId });

      await agentLeg.final({ hangupCause: 'NORMAL_CLEARING', durationInSeconds: 60, dialDestinationNumber: '+254733555177', dialDurationInSeconds: 45 });
      const record = await runtime.callRecord(callId);
      expect(types(record?.events)).toEqual(['started', 'answered', 'ended']);
      expect(record?.events[0]).toMatchObject({ direction: 'out', carrier: 'africastalking', to: '+254733555177' });
      expect((await runtime.agents()).get('bob')?.status).toEqual({ kind: 'idle' });
    });
  });
});

describe('Africa\'s Talking callback protection', () => {
  it.each([
    ['no key', ''],
    ['a wrong key', '?key=nope'],
  ])('answers 403 with %s and changes nothing', async (_label, query) => {
    await withAt({}, async ({ runtime }) => {
      const sessionId = atSessionId();
      const res = await fetch(`${runtime.baseUrl}/africastalking/voice${query}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ isActive: '1', sessionId, direction: 'Inbound', callerNumber: CALLER, destinationNumber: AT_NUMBER }).toString(),
      });
      expect(res.status).toBe(403);
      expect(await runtime.callRecord(sessionId)).toBeUndefined();
    });
  });

  it('answers 400 naming a malformed field, and 404 to a final notice for a session we never saw', async () => {
    await withAt({}, async ({ runtime, session }) => {
      const post = (params: Record<string, string>) =>
        fetch(`${runtime.baseUrl}/africastalking/events?key=${encodeURIComponent(SECRET)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(params).toString(),
        });
      const bad = await post({ isActive: 'yes', sessionId: 'ATVId_1', direction: 'Inbound', callerNumber: CALLER });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toMatch(/isActive/);
      const unknown = await post({ isActive: '0', sessionId: atSessionId(), direction: 'Inbound', callerNumber: CALLER, hangupCause: 'NORMAL_CLEARING', durationInSeconds: '3' });
      expect(unknown.status).toBe(404);
      // The events callback takes the same notices as the voice callback.
      const call = session();
      await call.start();
      const final = await post({ isActive: '0', sessionId: call.sessionId, direction: 'Inbound', callerNumber: CALLER, hangupCause: 'ORIGINATOR_CANCEL', durationInSeconds: '4' });
      expect(final.status).toBe(200);
      expect(types((await runtime.callRecord(call.sessionId))?.events)).toEqual(['started', 'ended']);
    });
  });
});
