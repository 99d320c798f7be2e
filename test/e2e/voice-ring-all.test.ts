import type { LifecycleEvent } from '../../src/calls/lifecycle-event';
import { manyAgents, withAgentsRuntime as withRuntime } from '../support/agents-file';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only, verbs, type XmlElement } from '../support/twiml';

const ALICE = '+14155550101';
const BOB = '+14155550102';
const CAROL = '+14155550103';

const types = (events: LifecycleEvent[] | undefined) => (events ?? []).map((e) => e.type);

const trio = [
  { id: 'alice', number: ALICE },
  { id: 'bob', number: BOB },
  { id: 'carol', number: CAROL },
];

function dialOf(twiml: XmlElement): XmlElement {
  expect(verbs(twiml)).toEqual(['Dial']);
  return only(twiml, 'Dial');
}

describe('ring-all with accept-whisper', () => {
  it('rings every available agent, the first to press 1 wins, and the call is logged once', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const dial = dialOf(await call.incoming());
      expect(dial.attrs).toMatchObject({ action: '/voice/dial-result', timeout: '20', callerId: call.to });
      const numbers = numbersOf(dial);
      expect(numbers.map((n) => n.text)).toEqual([ALICE, BOB, CAROL]);
      expect(numbers[0].attrs.url).toBe(`/voice/whisper?agentId=alice&callId=${call.sid}`);
      expect(numbers[0].attrs.statusCallbackEvent).toBe('completed');

      const whisper = await call.pickUp(numbers[1]);
      expect(verbs(whisper)).toEqual(['Gather', 'Hangup']);
      const gather = only(whisper, 'Gather');
      expect(gather.attrs).toMatchObject({ numDigits: '1' });
      expect(only(gather, 'Say').text).toContain('Press 1 to accept');

      const accepted = await call.press(whisper, numbers[1], '1');
      expect(verbs(accepted)).toEqual([]);
      expect((await runtime.agents()).get('bob')?.status).toMatchObject({ kind: 'busy', callId: call.sid });

      expect(verbs(await call.dialResult(dial, 'completed'))).toEqual(['Hangup']);
      expect((await call.legStatus(numbers[1], 'completed')).status).toBe(200);
      expect((await call.status('completed')).status).toBe(200);

      const record = await runtime.callRecord(call.sid);
      expect(types(record?.events)).toEqual(['started', 'answered', 'ended']);
      expect(record?.events[0]).toMatchObject({ type: 'started', carrier: 'twilio', direction: 'in', from: call.from, to: call.to, offeredTo: [
        { agentId: 'alice', name: 'Agent alice' },
        { agentId: 'bob', name: 'Agent bob' },
        { agentId: 'carol', name: 'Agent carol' },
      ] });
      expect(record?.events[1]).toMatchObject({ agentId: 'bob', agentName: 'Agent bob', answeringNumber: BOB, voicemail: false });
      expect(record?.events[2]).toMatchObject({ cause: 'normalClearing', missedReason: null });
      const bob = (await runtime.agents()).get('bob');
      expect(bob?.status).toEqual({ kind: 'idle' });
      expect(bob?.lastCallEndedAt).not.toBeNull();
    });
  });

  it('rings the others again, without the one whose voicemail picked up and never pressed 1', async () => {
    await withRuntime(trio, { RING_TIMEOUT: '30' }, async (runtime) => {
      const call = new TwilioCall(runtime);
      const first = dialOf(await call.incoming());
      const [alice] = numbersOf(first);
      const voicemailGreeting = await call.pickUp(alice);
      expect(verbs(voicemailGreeting)).toEqual(['Gather', 'Hangup']);
      // The whisper's <Gather> times out and the leg hangs up; Twilio has already dropped the other legs.
      const second = dialOf(await call.dialResult(first, 'completed'));
      expect(numbersOf(second).map((n) => n.text)).toEqual([BOB, CAROL]);
      const left = Number(second.attrs.timeout);
      expect(left).toBeGreaterThanOrEqual(25);
      expect(left).toBeLessThanOrEqual(30);

      const [bob] = numbersOf(second);
      expect(verbs(await call.press(await call.pickUp(bob), bob, '1'))).toEqual([]);
      const record = await runtime.callRecord(call.sid);
      expect(record?.ring.declined).toEqual(['alice']);
      expect(record?.answer?.agentId).toBe('bob');
    });
  });

  it('treats any key but 1 as declining', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const dial = dialOf(await call.incoming());
      const [alice] = numbersOf(dial);
      const whisper = await call.pickUp(alice);
      expect(verbs(await call.press(whisper, alice, '2'))).toEqual(['Hangup']);
      expect((await runtime.agents()).get('alice')?.status).toEqual({ kind: 'idle' });
      expect(numbersOf(dialOf(await call.dialResult(dial, 'completed'))).map((n) => n.text)).toEqual([BOB, CAROL]);
    });
  });

  it('lets exactly one of two agents pressing 1 at the same moment win', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const [alice, bob] = numbersOf(dialOf(await call.incoming()));
      const [wa, wb] = await Promise.all([call.pickUp(alice), call.pickUp(bob)]);
      const results = await Promise.all([call.press(wa, alice, '1'), call.press(wb, bob, '1')]);
      const outcomes = results.map((r) => verbs(r).join(',')).sort();
      expect(outcomes).toEqual(['', 'Hangup']);
      const agents = await runtime.agents();
      const busy = [...agents.values()].filter((a) => a.status.kind === 'busy');
      expect(busy).toHaveLength(1);
      const record = await runtime.callRecord(call.sid);
      expect(record?.answer?.agentId).toBe(busy[0].id);
      expect(types(record?.events)).toEqual(['started', 'answered']);
    });
  });

  it('never books an agent on two calls: an agent busy elsewhere who presses 1 is hung up', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const first = new TwilioCall(runtime, '+14155550901');
      const second = new TwilioCall(runtime, '+14155550902');
      const [aliceOnFirst] = numbersOf(dialOf(await first.incoming()));
      const [aliceOnSecond] = numbersOf(dialOf(await second.incoming()));
      const [w1, w2] = await Promise.all([first.pickUp(aliceOnFirst), second.pickUp(aliceOnSecond)]);
      const [r1, r2] = await Promise.all([first.press(w1, aliceOnFirst, '1'), second.press(w2, aliceOnSecond, '1')]);
      expect([verbs(r1).join(','), verbs(r2).join(',')].sort()).toEqual(['', 'Hangup']);
      const answered = [await runtime.callRecord(first.sid), await runtime.callRecord(second.sid)].filter((r) => r?.phase === 'answered');
      expect(answered).toHaveLength(1);
    });
  });

  it('sends the caller to voicemail when nobody answers, with recording and transcript on the call', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const dial = dialOf(await call.incoming());
      const twiml = await call.dialResult(dial, 'no-answer');
      expect(verbs(twiml)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
      const record = only(twiml, 'Record');
      expect(record.attrs).toMatchObject({ maxLength: '120', transcribe: 'true', playBeep: 'true' });

      const recordingUrl = 'https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1';
      const params = { CallSid: call.sid, RecordingUrl: recordingUrl, RecordingSid: 'RE' + '1'.repeat(32), RecordingDuration: '14' };
      expect(verbs(await call.twiml(record.attrs.action, params))).toEqual(['Say', 'Hangup']);
      await call.post(record.attrs.recordingStatusCallback, { ...params, RecordingStatus: 'completed' });
      await call.post(record.attrs.transcribeCallback, { ...params, TranscriptionStatus: 'completed', TranscriptionText: 'Please call me back about my order.' });
      await call.status('completed');

      const stored = await runtime.callRecord(call.sid);
      // The <Record action> brings the recording before the call ends; the transcript comes later.
      expect(types(stored?.events)).toEqual(['started', 'answered', 'voicemail', 'ended', 'transcription']);
      expect(stored?.events[1]).toMatchObject({ voicemail: true, agentId: null });
      expect(stored?.events[2]).toMatchObject({ recordingUrl, durationSeconds: 14, transcriptExpected: true });
      expect(stored?.events[3]).toMatchObject({ cause: 'normalClearing', missedReason: 'voicemail' });
      expect(stored?.events[4]).toMatchObject({ status: 'completed', text: 'Please call me back about my order.' });
    });
  });

  it('rings 23 available agents in three waves of at most 10, then voicemail', async () => {
    await withRuntime(manyAgents(23), {}, async (runtime) => {
      const call = new TwilioCall(runtime);
      let twiml = await call.incoming();
      const waves: string[][] = [];
      while (verbs(twiml)[0] === 'Dial') {
        const dial = only(twiml, 'Dial');
        waves.push(numbersOf(dial).map((n) => n.text));
        twiml = await call.dialResult(dial, 'no-answer');
      }
      expect(waves.map((w) => w.length)).toEqual([10, 10, 3]);
      expect(new Set(waves.flat()).size).toBe(23);
      expect(verbs(twiml)).toContain('Record');
      expect((await runtime.callRecord(call.sid))?.missedReason).toBe('agents_did_not_answer');
      await call.status('completed');
      expect((await runtime.callRecord(call.sid))?.events.at(-1)).toMatchObject({ type: 'ended', missedReason: 'voicemail' });
    });
  });

  it('never rings the caller, even when the caller is an agent', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const call = new TwilioCall(runtime, BOB);
      expect(numbersOf(dialOf(await call.incoming())).map((n) => n.text)).toEqual([ALICE, CAROL]);
    });
  });

  it('with nobody available and voicemail off, apologises, hangs up and logs one missed call', async () => {
    await withRuntime([{ id: 'alice', number: ALICE, presence: 'away' }], { VOICEMAIL: 'off' }, async (runtime) => {
      const call = new TwilioCall(runtime);
      expect(verbs(await call.incoming())).toEqual(['Say', 'Hangup']);
      await call.status('completed');
      const record = await runtime.callRecord(call.sid);
      expect(types(record?.events)).toEqual(['started', 'ended']);
      expect(record?.events[1]).toMatchObject({ cause: 'noAnswer', missedReason: 'no_available_agent' });
    });
  });

  it('logs a caller who hangs up while agents ring as one missed call, not one per agent', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const dial = dialOf(await call.incoming());
      for (const number of numbersOf(dial)) await call.legStatus(number, 'canceled');
      await call.status('completed');
      await call.dialResult(dial, 'canceled');
      const record = await runtime.callRecord(call.sid);
      expect(types(record?.events)).toEqual(['started', 'ended']);
      expect(record?.events[1]).toMatchObject({ cause: 'cancel', missedReason: 'abandoned_while_ringing' });
    });
  });
  it('logs a caller who hung up while agents rang as abandoned when the Dial action comes first, without voicemail', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const dial = dialOf(await call.incoming());
      // Twilio runs the Dial action for the record even though the caller is gone: nobody hears its answer.
      expect(verbs(await call.dialResult(dial, 'no-answer', { CallStatus: 'completed' }))).toEqual(['Hangup']);
      for (const number of numbersOf(dial)) await call.legStatus(number, 'canceled');
      await call.status('completed');
      const record = await runtime.callRecord(call.sid);
      expect(types(record?.events)).toEqual(['started', 'ended']);
      expect(record?.events[1]).toMatchObject({ cause: 'cancel', missedReason: 'abandoned_while_ringing' });
      expect(record?.voicemail).toBeNull();
    });
  });
});

describe('status callbacks', () => {
  it('give exactly one started, answered and ended however they are duplicated and shuffled', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const dial = dialOf(await call.incoming());
      const [alice, bob] = numbersOf(dial);
      await call.press(await call.pickUp(alice), alice, '1');
      const callbacks = [
        () => call.status('completed'),
        () => call.status('in-progress'),
        () => call.legStatus(alice, 'completed'),
        () => call.legStatus(bob, 'canceled'),
        () => call.status('completed'),
        () => call.status('ringing'),
        () => call.legStatus(alice, 'completed'),
        () => call.dialResult(dial, 'completed'),
        () => call.incoming(),
        () => call.press({ name: 'Response', attrs: {}, text: '', children: [{ name: 'Gather', attrs: { action: `/voice/whisper-accept?agentId=alice&callId=${call.sid}` }, text: '', children: [] }] }, alice, '1'),
      ];
      for (const i of [4, 0, 2, 6, 1, 9, 3, 5, 8, 7]) await callbacks[i]();
      await Promise.all([call.status('completed'), call.status('completed'), call.legStatus(alice, 'completed')]);

      const record = await runtime.callRecord(call.sid);
      expect(types(record?.events)).toEqual(['started', 'answered', 'ended']);
      expect(record?.events[2]).toMatchObject({ cause: 'normalClearing', missedReason: null });
      expect((await runtime.agents()).get('alice')?.status).toEqual({ kind: 'idle' });
    });
  });

  it('reject bad input with 4xx and change nothing', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const missing = await runtime.twilioPost('/voice/incoming', { From: '+14155550999' });
      expect(missing.status).toBe(400);
      expect(await missing.text()).toMatch(/CallSid/);
      const bad = await runtime.twilioPost('/voice/dial-result', { CallSid: 'CA' + 'a'.repeat(32), DialCallStatus: 'sideways' });
      expect(bad.status).toBe(400);
      const unsigned = await runtime.twilioPost('/voice/incoming', { CallSid: 'CA' + 'b'.repeat(32), From: '+1415', To: '+1415' }, { signature: null });
      expect(unsigned.status).toBe(403);
      expect(await runtime.callRecord('CA' + 'b'.repeat(32))).toBeUndefined();
      expect([...(await runtime.agents()).values()].every((a) => a.status.kind === 'idle')).toBe(true);
    });
  });
});
