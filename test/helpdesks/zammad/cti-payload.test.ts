import { appendEvent, type CallRecord } from '../../../src/calls/call-record';
import { applyAll, announce, answerByAgent, endCall, enqueue, newCallRecord, startVoicemail } from '../../../src/calls/call-transitions';
import { ctiPayload, formatNumber } from '../../../src/helpdesks/zammad/cti-payload';

const at = new Date('2026-11-23T12:00:00Z');
const inbound = () => newCallRecord({ callId: 'CA1', carrier: 'twilio', direction: 'in', from: '+4930123456', to: '+4930999000', at });
const ctx = { numberFormat: 'digits' as const, queueName: 'support' };
const payloads = (r: CallRecord) => r.events.map((e) => ctiPayload(e, r, ctx));

describe('Generic CTI payloads', () => {
  it('turns an answered inbound call into newCall, answer, hangup with digits-only numbers', () => {
    const r = applyAll(
      inbound(),
      (x) => announce(x, [{ agentId: 'a', name: 'Anna Agent' }, { agentId: 'b', name: 'Ben Agent' }], at),
      (x) => answerByAgent(x, { agentId: 'a', agentName: 'Anna Agent', number: '+49301111', at }),
      (x) => endCall(x, 'completed', at),
    );
    expect(payloads(r)).toEqual([
      { event: 'newCall', direction: 'in', callId: 'CA1', from: '4930123456', to: '4930999000', queue: '4930999000', user: ['Anna Agent', 'Ben Agent'] },
      { event: 'answer', direction: 'in', callId: 'CA1', from: '4930123456', to: '4930999000', user: 'Anna Agent', answeringNumber: '49301111' },
      { event: 'hangup', direction: 'in', callId: 'CA1', from: '4930123456', to: '4930999000', cause: 'normalClearing' },
    ]);
  });

  it('sends a voicemail as an answer by "voicemail", and nothing for the recording itself', () => {
    const r = applyAll(inbound(), (x) => announce(x, [], at), (x) => startVoicemail(x, at), (x) => endCall(x, 'completed', at));
    const withRecording = appendEvent(r, { type: 'voicemail', at: at.toISOString(), recordingUrl: 'u', recordingSid: null, durationSeconds: 3, transcriptExpected: true });
    expect(payloads(withRecording).map((p) => p && { event: p.event, user: p.user })).toEqual([
      { event: 'newCall', user: undefined },
      { event: 'answer', user: 'voicemail' },
      { event: 'hangup', user: undefined },
      null,
    ]);
  });

  it('files a queued call under the queue name, and an outbound call under the caller id', () => {
    const queued = applyAll(inbound(), (x) => enqueue(x, at), (x) => announce(x, [], at));
    expect(ctiPayload(queued.events[0], queued, ctx)).toMatchObject({ queue: 'support' });
    const out = applyAll(
      newCallRecord({ callId: 'CA2', carrier: 'twilio', direction: 'out', from: '+4930999000', to: '+4930555', at }),
      (x) => announce(x, [{ agentId: 'a', name: 'Anna Agent' }], at),
    );
    expect(ctiPayload(out.events[0], out, ctx)).toEqual({
      event: 'newCall', direction: 'out', callId: 'CA2', from: '4930999000', to: '4930555', queue: '4930999000', user: ['Anna Agent'],
    });
  });

  it('formats numbers as configured, and leaves what is not E.164 alone', () => {
    expect(formatNumber('+4930123', 'digits')).toBe('4930123');
    expect(formatNumber('+4930123', 'e164')).toBe('+4930123');
    expect(formatNumber('anonymous', 'digits')).toBe('anonymous');
  });
});
