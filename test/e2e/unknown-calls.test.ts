import { withAgentsRuntime as withRuntime } from '../support/agents-file';
import { callSid } from '../support/twilio-call';
import { parseTwiml, verbs } from '../support/twiml';

const ALICE = '+14155550101';

/**
 * Callbacks about a call we hold no record of happen in real life: the call's map expired,
 * another system placed the call on the same number, the local store was wiped. They are not
 * our fault: no 5xx, nothing changes, and a leg on the line hears a hang-up, not an error.
 */
describe('callbacks for a call we do not know', () => {
  const unknown = callSid();
  const leg = callSid();
  const form = { From: '+14155550999', To: '+14155550000' };
  const cases: Array<[string, Record<string, string>]> = [
    ['/voice/status', { ...form, CallSid: unknown, CallStatus: 'completed' }],
    [`/voice/status?agentId=alice&callId=${unknown}`, { ...form, CallSid: leg, CallStatus: 'completed', ParentCallSid: unknown }],
    ['/voice/dial-result', { ...form, CallSid: unknown, CallStatus: 'in-progress', DialCallStatus: 'no-answer' }],
    [`/voice/whisper?agentId=alice&callId=${unknown}`, { ...form, CallSid: leg, CallStatus: 'in-progress' }],
    [`/voice/whisper-accept?agentId=alice&callId=${unknown}`, { ...form, CallSid: leg, CallStatus: 'in-progress', Digits: '1' }],
    [`/voice/voicemail-done?callId=${unknown}`, { ...form, CallSid: unknown, RecordingUrl: 'https://api.twilio.com/r/RE1', RecordingDuration: '5' }],
    [`/voice/recording?callId=${unknown}`, { CallSid: unknown, RecordingStatus: 'completed', RecordingUrl: 'https://api.twilio.com/r/RE1', RecordingDuration: '5' }],
    [`/voice/transcription?callId=${unknown}`, { CallSid: unknown, TranscriptionStatus: 'completed', TranscriptionText: 'hello' }],
    [`/voice/queue-wait?callId=${unknown}`, { ...form, CallSid: unknown, QueuePosition: '1', QueueTime: '10' }],
    [`/voice/queue-result?callId=${unknown}`, { ...form, CallSid: unknown, QueueResult: 'hangup' }],
    [`/voice/queue-bridge?agentId=alice&callId=${unknown}`, { ...form, CallSid: callSid() }],
    [`/voice/outbound-accept?agentId=alice&customer=%2B14155550177`, { ...form, CallSid: unknown, Digits: '1' }],
    [`/voice/outbound-result?callId=${unknown}`, { ...form, CallSid: unknown, DialCallStatus: 'completed' }],
  ];

  it.each(cases)('%s answers without an error and changes nothing', async (path, params) => {
    await withRuntime([{ id: 'alice', number: ALICE }], {}, async (runtime) => {
      const before = JSON.stringify([...(await runtime.agents()).values()]);
      const res = await runtime.twilioPost(path, params);
      const body = await res.text();
      expect(res.status).toBeLessThan(500);
      if (res.headers.get('content-type')?.includes('xml')) expect(verbs(parseTwiml(body)).filter((v) => v !== 'Hangup')).toEqual([]);
      expect(await runtime.callRecord(unknown)).toBeUndefined();
      expect(JSON.stringify([...(await runtime.agents()).values()])).toBe(before);
    });
  });

  it('a Studio event for an unknown call is a 404 the flow can follow, with the reason', async () => {
    await withRuntime([{ id: 'alice', number: ALICE }], {}, async (runtime) => {
      const res = await runtime.twilioPost('/studio/events', { event: 'closed', CallSid: unknown });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: expect.stringContaining(unknown) });
    });
  });
});
