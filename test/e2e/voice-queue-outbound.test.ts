import type { LifecycleEvent } from '../../src/calls/lifecycle-event';
import { writeAgentsFile } from '../support/agents-file';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { callSid, TwilioCall } from '../support/twilio-call';
import { only, verbs, type XmlElement } from '../support/twiml';

const ALICE = '+14155550101';
const BOB = '+14155550102';
const types = (events: LifecycleEvent[] | undefined) => (events ?? []).map((e) => e.type);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withRuntime(env: Record<string, string>, body: (rt: LocalRuntime) => Promise<void>) {
  const agents = await writeAgentsFile([
    { id: 'alice', number: ALICE },
    { id: 'bob', number: BOB },
  ]);
  const runtime = await startLocalRuntime({ env: { AGENTS_FILE: agents, ...env } });
  try {
    await body(runtime);
  } finally {
    await runtime.close();
  }
}

/** The path and query of an absolute callback URL a REST-created call carries. */
const pathOf = (url: string | null) => {
  const u = new URL(url!);
  return u.pathname + u.search;
};

describe('queue mode', () => {
  it('queues the caller with position and wait, offers agents one at a time, and the second accepts', async () => {
    await withRuntime({ ROUTING_MODE: 'queue', QUEUE_AGENT_TIMEOUT: '12' }, async (runtime) => {
      const voiceApi = runtime.stack.voiceApi;
      const inbound = voiceApi.addInboundCall({ from: '+14155550999', to: '+14155550000' });
      const call = new TwilioCall(runtime, inbound.from, inbound.to, inbound.sid);

      const enqueue = only(await call.incoming(), 'Enqueue');
      expect(enqueue.text).toBe('support');
      voiceApi.enqueue('support', call.sid);
      const waitParams = { CallSid: call.sid, QueuePosition: '1', QueueTime: '3', AvgQueueTime: '0', CurrentQueueSize: '1' };
      const wait = await call.twiml(enqueue.attrs.waitUrl, waitParams);
      expect(verbs(wait)).toEqual(['Say', 'Pause']);
      expect(only(wait, 'Say').text).toMatch(/number 1 in line.*about 1 minute/);

      // The first offer: alice (longest idle, ids tie-break), one call through the REST API.
      const offers = () => voiceApi.calls().filter((c) => c.direction === 'outbound-api');
      expect(offers().map((c) => c.to)).toEqual([ALICE]);
      expect(offers()[0].timeout).toBe(12);
      const first = offers()[0];
      const whisper = await call.twiml(pathOf(first.url), { CallSid: first.sid, From: first.from, To: first.to, CallStatus: 'in-progress', Direction: 'outbound-api' });
      expect(verbs(await call.twiml(only(whisper, 'Gather').attrs.action, { CallSid: first.sid, To: ALICE, Digits: '9' }))).toEqual(['Hangup']);
      await call.post(pathOf(first.statusCallback), { CallSid: first.sid, CallStatus: 'completed', To: ALICE });

      // One offer a second at most: the next wait cycle offers bob.
      await sleep(1100);
      await call.twiml(enqueue.attrs.waitUrl, { ...waitParams, QueueTime: '20' });
      expect(offers().map((c) => c.to)).toEqual([ALICE, BOB]);
      const second = offers()[1];
      const whisper2 = await call.twiml(pathOf(second.url), { CallSid: second.sid, From: second.from, To: BOB, CallStatus: 'in-progress', Direction: 'outbound-api' });
      const accept = await call.twiml(only(whisper2, 'Gather').attrs.action, { CallSid: second.sid, To: BOB, Digits: '1' });
      expect(verbs(accept)).toEqual(['Dial', 'Hangup']);
      const queueNoun = only(only(accept, 'Dial'), 'Queue');
      expect(queueNoun.text).toBe('support');

      // Twilio hands the front caller over and runs <Queue url> on the caller's leg.
      voiceApi.leaveQueue(call.sid);
      expect(verbs(await call.twiml(queueNoun.attrs.url, { CallSid: call.sid, QueueSid: 'QU' + '0'.repeat(32) }))).toEqual([]);
      expect((await runtime.agents()).get('bob')?.status).toMatchObject({ kind: 'busy', callId: call.sid });

      await call.twiml(enqueue.attrs.action, { CallSid: call.sid, QueueResult: 'bridged', QueueTime: '25' });
      await call.post(pathOf(second.statusCallback), { CallSid: second.sid, CallStatus: 'completed', To: BOB });
      const record = await runtime.callRecord(call.sid);
      expect(types(record?.events)).toEqual(['started', 'answered', 'ended']);
      expect(record?.events[1]).toMatchObject({ agentId: 'bob' });
      expect(record?.events[2]).toMatchObject({ cause: 'normalClearing', missedReason: null });
      expect((await runtime.agents()).get('bob')?.status).toEqual({ kind: 'idle' });
      expect(voiceApi.stats().cpsViolations).toBe(0);
    });
  });

  it('sends the caller to voicemail after QUEUE_MAX_WAIT', async () => {
    await withRuntime({ ROUTING_MODE: 'queue', QUEUE_MAX_WAIT: '60' }, async (runtime) => {
      const call = new TwilioCall(runtime);
      const enqueue = only(await call.incoming(), 'Enqueue');
      expect(verbs(await call.twiml(enqueue.attrs.waitUrl, { CallSid: call.sid, QueuePosition: '2', QueueTime: '61', AvgQueueTime: '40' }))).toEqual(['Leave']);
      const after = await call.twiml(enqueue.attrs.action, { CallSid: call.sid, QueueResult: 'leave', QueueTime: '61' });
      expect(verbs(after)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
      await call.status('completed');
      expect((await runtime.callRecord(call.sid))?.events.at(-1)).toMatchObject({ type: 'ended', missedReason: 'voicemail' });
    });
  });

  it('logs a caller who hangs up while waiting as abandoned in the queue', async () => {
    await withRuntime({ ROUTING_MODE: 'queue' }, async (runtime) => {
      const call = new TwilioCall(runtime);
      const enqueue = only(await call.incoming(), 'Enqueue');
      await call.twiml(enqueue.attrs.action, { CallSid: call.sid, QueueResult: 'hangup', QueueTime: '40' });
      await call.status('completed');
      const record = await runtime.callRecord(call.sid);
      expect(types(record?.events)).toEqual(['started', 'ended']);
      expect(record?.events[1]).toMatchObject({ cause: 'cancel', missedReason: 'abandoned_in_queue' });
    });
  });
});

describe('click-to-call', () => {
  it('rings the agent, who presses 1, then the customer, and logs one outbound call', async () => {
    await withRuntime({ OUTBOUND_CALLER_ID: '+14155550000' }, async (runtime) => {
      const res = await runtime.dashboard('/calls/outbound', { method: 'POST', form: { agentId: 'alice', to: '(415) 555-0177' } });
      expect(res.status).toBe(201);
      const { callId } = (await res.json()) as { callId: string };
      const [agentCall] = runtime.stack.voiceApi.calls();
      expect(agentCall).toMatchObject({ sid: callId, to: ALICE, from: '+14155550000' });

      const call = new TwilioCall(runtime, '+14155550000', ALICE, callId);
      const whisper = await call.twiml(pathOf(agentCall.url), { CallSid: callId, From: '+14155550000', To: ALICE, CallStatus: 'in-progress', Direction: 'outbound-api' });
      expect(only(only(whisper, 'Gather'), 'Say').text).toMatch(/Press 1 to call 1 4 1 5 5 5 5 0 1 7 7/);
      const dialTwiml: XmlElement = await call.twiml(only(whisper, 'Gather').attrs.action, { CallSid: callId, From: '+14155550000', To: ALICE, Digits: '1' });
      const dial = only(dialTwiml, 'Dial');
      expect(dial.attrs.callerId).toBe('+14155550000');
      const customer = only(dial, 'Number');
      expect(customer.text).toBe('+14155550177');
      expect((await runtime.agents()).get('alice')?.status).toMatchObject({ kind: 'busy', callId });

      await call.post(customer.attrs.statusCallback, { CallSid: callSid(), ParentCallSid: callId, CallStatus: 'in-progress', To: '+14155550177' });
      await call.twiml(dial.attrs.action, { CallSid: callId, DialCallStatus: 'completed', DialCallDuration: '42' });
      await call.post(pathOf(agentCall.statusCallback), { CallSid: callId, CallStatus: 'completed', From: '+14155550000', To: ALICE });

      const record = await runtime.callRecord(callId);
      expect(types(record?.events)).toEqual(['started', 'answered', 'ended']);
      expect(record?.events[0]).toMatchObject({ direction: 'out', from: '+14155550000', to: '+14155550177', offeredTo: [{ agentId: 'alice', name: 'Agent alice' }] });
      expect(record?.events[1]).toMatchObject({ agentId: 'alice', voicemail: false });
      expect(record?.events[2]).toMatchObject({ cause: 'normalClearing', missedReason: null });
      expect((await runtime.agents()).get('alice')?.status).toEqual({ kind: 'idle' });
    });
  });

  it('logs a customer who is busy with cause busy and frees the agent', async () => {
    await withRuntime({}, async (runtime) => {
      const res = await runtime.dashboard('/calls/outbound', { method: 'POST', form: { agentId: 'bob', to: '+14155550188' } });
      const { callId } = (await res.json()) as { callId: string };
      const [agentCall] = runtime.stack.voiceApi.calls();
      const call = new TwilioCall(runtime, agentCall.from, BOB, callId);
      const whisper = await call.twiml(pathOf(agentCall.url), { CallSid: callId, From: agentCall.from, To: BOB, CallStatus: 'in-progress' });
      const dial = only(await call.twiml(only(whisper, 'Gather').attrs.action, { CallSid: callId, From: agentCall.from, To: BOB, Digits: '1' }), 'Dial');
      await call.twiml(dial.attrs.action, { CallSid: callId, DialCallStatus: 'busy' });
      const record = await runtime.callRecord(callId);
      expect(types(record?.events)).toEqual(['started', 'ended']);
      expect(record?.events[1]).toMatchObject({ cause: 'busy', missedReason: null });
      expect((await runtime.agents()).get('bob')?.status).toEqual({ kind: 'idle' });
    });
  });

  it.each([
    [{ agentId: 'nobody', to: '+14155550188' }, 404],
    [{ agentId: 'alice', to: '12' }, 400],
    [{ to: '+14155550188' }, 400],
  ])('rejects %o with %i and places no call', async (form, status) => {
    await withRuntime({}, async (runtime) => {
      const res = await runtime.dashboard('/calls/outbound', { method: 'POST', form });
      expect(res.status).toBe(status);
      expect(runtime.stack.voiceApi.calls()).toEqual([]);
    });
  });
});
