import { withAgentsRuntime as withRuntime } from '../support/agents-file';
import { callSid } from '../support/twilio-call';
import { parseTwiml, type XmlElement } from '../support/twiml';

const ALICE = '+14155550101';
const CALLER_GOODBYE = 'Sorry, we cannot take your call right now. Please try again later. Goodbye.';
const AGENT_GOODBYE = 'This call has already ended. Goodbye.';

/** A TwiML document as [verb, text] pairs: what the leg on the line would hear and do. */
const heard = (root: XmlElement) => root.children.map((c) => [c.name, c.text]);
const callerGoodbye = [['Say', CALLER_GOODBYE], ['Hangup', '']];
const agentGoodbye = [['Say', AGENT_GOODBYE], ['Hangup', '']];
const nothing: string[][] = [];

/**
 * Callbacks about a call we hold no record of happen in real life: the call's map expired,
 * another system placed the call on the same number, the local store was wiped. They are not
 * our fault: a 200 (any error status makes Twilio speak "an application error has occurred"),
 * the answer the endpoint chose for whoever is on the line, and nothing changes.
 */
describe('callbacks for a call we do not know', () => {
  const unknown = callSid();
  const leg = callSid();
  const form = { From: '+14155550999', To: '+14155550000' };
  const cases: Array<[string, Record<string, string>, string[][]]> = [
    ['/voice/status', { ...form, CallSid: unknown, CallStatus: 'completed' }, nothing],
    [`/voice/agent-status?agentId=alice&callId=${unknown}`, { ...form, CallSid: leg, CallStatus: 'completed', ParentCallSid: unknown }, nothing],
    [`/voice/customer-status?callId=${unknown}`, { ...form, CallSid: leg, CallStatus: 'in-progress' }, nothing],
    ['/voice/dial-result', { ...form, CallSid: unknown, CallStatus: 'in-progress', DialCallStatus: 'no-answer' }, callerGoodbye],
    [`/voice/whisper?agentId=alice&callId=${unknown}`, { ...form, CallSid: leg, CallStatus: 'in-progress' }, agentGoodbye],
    [`/voice/whisper-accept?agentId=alice&callId=${unknown}`, { ...form, CallSid: leg, CallStatus: 'in-progress', Digits: '1' }, agentGoodbye],
    [`/voice/voicemail-done?callId=${unknown}`, { ...form, CallSid: unknown, RecordingUrl: 'https://api.twilio.com/r/RE1', RecordingDuration: '5' }, callerGoodbye],
    [`/voice/recording?callId=${unknown}`, { CallSid: unknown, RecordingStatus: 'completed', RecordingUrl: 'https://api.twilio.com/r/RE1', RecordingDuration: '5' }, nothing],
    [`/voice/transcription?callId=${unknown}`, { CallSid: unknown, TranscriptionStatus: 'completed', TranscriptionText: 'hello' }, nothing],
    [`/voice/queue-wait?callId=${unknown}`, { ...form, CallSid: unknown, QueuePosition: '1', QueueTime: '10' }, callerGoodbye],
    [`/voice/queue-result?callId=${unknown}`, { ...form, CallSid: unknown, QueueResult: 'hangup' }, callerGoodbye],
    [`/voice/queue-result?callId=${unknown}`, { ...form, CallSid: unknown, QueueResult: 'queue-full' }, callerGoodbye],
    // The queue is handing a caller to an agent who accepted: let Twilio connect them.
    [`/voice/queue-bridge?agentId=alice&callId=${unknown}`, { ...form, CallSid: unknown }, nothing],
    [`/voice/outbound-accept?agentId=alice&customer=%2B14155550177`, { ...form, CallSid: unknown, Digits: '1' }, agentGoodbye],
    [`/voice/outbound-result?callId=${unknown}`, { ...form, CallSid: unknown, DialCallStatus: 'completed' }, agentGoodbye],
  ];

  it.each(cases)('%s answers 200 with what the leg should hear, and changes nothing', async (path, params, expected) => {
    await withRuntime([{ id: 'alice', number: ALICE }], { ROUTING_MODE: 'queue' }, async (runtime) => {
      const agentsBefore = JSON.stringify([...(await runtime.agents()).values()]);
      const mapsBefore = await runtime.syncMaps();
      const res = await runtime.twilioPost(path, params);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(heard(parseTwiml(await res.text()))).toEqual(expected);
      expect(await runtime.callRecord(unknown)).toBeUndefined();
      expect(await runtime.syncMaps()).toEqual(mapsBefore);
      expect(JSON.stringify([...(await runtime.agents()).values()])).toBe(agentsBefore);
    });
  });

  it('a Studio event for an unknown call is a 404 the flow can follow, with the reason', async () => {
    await withRuntime([{ id: 'alice', number: ALICE }], {}, async (runtime) => {
      const mapsBefore = await runtime.syncMaps();
      const res = await runtime.twilioPost('/studio/events', { event: 'closed', CallSid: unknown });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: expect.stringContaining(unknown) });
      expect(await runtime.syncMaps()).toEqual(mapsBefore);
    });
  });

  it('is one warning line naming the path, not an error with a stack', async () => {
    await withRuntime([{ id: 'alice', number: ALICE }], {}, async (runtime) => {
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        await runtime.twilioPost('/voice/dial-result', { ...form, CallSid: unknown, CallStatus: 'in-progress', DialCallStatus: 'no-answer' });
        expect(warn.mock.calls).toEqual([[expect.stringMatching(new RegExp(`^/voice/dial-result: 404 no call ${unknown} is known here`))]]);
        expect(error).not.toHaveBeenCalled();
      } finally {
        warn.mockRestore();
        error.mockRestore();
      }
    });
  });
});
