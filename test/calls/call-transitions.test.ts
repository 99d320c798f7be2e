import { appendEvent, type CallRecord } from '../../src/calls/call-record';
import {
  announce,
  answerByAgent,
  applyAll,
  attachRecording,
  attachTranscription,
  closeAttempt,
  endCall,
  giveUp,
  newCallRecord,
  offerRing,
  recordPickup,
  startVoicemail,
} from '../../src/calls/call-transitions';

const t0 = new Date('2026-11-23T12:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const fresh = () => newCallRecord({ callId: 'CA1', carrier: 'twilio', direction: 'in', from: '+14155550999', to: '+14155550000', at: t0 });
const types = (r: CallRecord) => r.events.map((e) => `${e.seq}:${e.type}`);
const ringing = () => applyAll(fresh(), (r) => offerRing(r, { agentIds: ['a', 'b'], newWave: true, deadline: at(20) }), (r) => announce(r, [{ agentId: 'a', name: 'A' }, { agentId: 'b', name: 'B' }], t0));

describe('call state machine', () => {
  it('numbers events in the order their transitions happen', () => {
    const r = applyAll(
      ringing(),
      (r) => answerByAgent(r, { agentId: 'a', agentName: 'A', number: '+1', at: at(5) }),
      (r) => endCall(r, 'completed', at(65)),
    );
    expect(types(r)).toEqual(['1:started', '2:answered', '3:ended']);
    expect(r.events[2]).toMatchObject({ cause: 'normalClearing', missedReason: null, durationSeconds: 65 });
  });

  it('emits nothing for a duplicate or a late arrival', () => {
    const answered = answerByAgent(ringing(), { agentId: 'a', agentName: 'A', number: '+1', at: at(5) })!;
    expect(answerByAgent(answered, { agentId: 'b', agentName: 'B', number: '+2', at: at(6) })).toBeNull();
    expect(announce(answered, [], at(6))).toBeNull();
    const ended = endCall(answered, 'completed', at(30))!;
    expect(endCall(ended, 'completed', at(31))).toBeNull();
    expect(answerByAgent(ended, { agentId: 'a', agentName: 'A', number: '+1', at: at(32) })).toBeNull();
    expect(startVoicemail(ended, at(32))).toBeNull();
    expect(recordPickup(ended, 'b')).toBeNull();
    expect(offerRing(ended, { agentIds: ['b'], newWave: true, deadline: at(50) })).toBeNull();
  });

  it.each([
    ['caller hangs up while ringing', (r: CallRecord) => r, 'completed', 'cancel', 'abandoned_while_ringing'],
    ['nobody was available', (r: CallRecord) => giveUp(r, 'no_available_agent')!, 'completed', 'noAnswer', 'no_available_agent'],
    ['agents did not answer', (r: CallRecord) => giveUp(r, 'agents_did_not_answer')!, 'completed', 'noAnswer', 'agents_did_not_answer'],
    ['the voicemail took it', (r: CallRecord) => startVoicemail(r, at(25))!, 'completed', 'normalClearing', 'voicemail'],
    ['the caller line was busy', (r: CallRecord) => r, 'busy', 'busy', 'abandoned_while_ringing'],
    ['the call failed', (r: CallRecord) => r, 'failed', 'congestion', 'abandoned_while_ringing'],
  ] as const)('classifies a missed call where %s', (_label, before, outcome, cause, missedReason) => {
    const ended = endCall(before(ringing()), outcome, at(30))!;
    expect(ended.events.at(-1)).toMatchObject({ type: 'ended', cause, missedReason });
  });

  it('counts a picked-up but unaccepted attempt as a decline, and a silent one as a full ring', () => {
    const declined = closeAttempt(recordPickup(ringing(), 'a')!)!;
    expect(declined.ring).toMatchObject({ declined: ['a'], exhausted: [], offered: [], pickups: [] });
    expect(declined.ring.waveDeadline).toBe(at(20).toISOString());
    const silent = closeAttempt(ringing())!;
    expect(silent.ring).toMatchObject({ declined: [], exhausted: ['a', 'b'], waveDeadline: null });
    expect(closeAttempt(silent)).toBeNull();
  });

  it('attaches one recording and one transcript, only to a voicemail', () => {
    const recording = { url: 'https://r', sid: 'RE1', durationSeconds: 30, transcribing: true };
    expect(attachRecording(ringing(), recording, at(30))).toBeNull();
    const vm = startVoicemail(ringing(), at(25))!;
    const withRecording = attachRecording(vm, recording, at(30))!;
    expect(withRecording.events.at(-1)).toMatchObject({ type: 'voicemail', transcriptExpected: true });
    expect(attachRecording(withRecording, recording, at(31))).toBeNull();
    const transcribed = attachTranscription(withRecording, { recordingSid: 'RE1', status: 'failed', text: null }, at(40))!;
    expect(attachTranscription(transcribed, { recordingSid: 'RE1', status: 'completed', text: 'x' }, at(41))).toBeNull();
    expect(types(transcribed)).toEqual(['1:started', '2:answered', '3:voicemail', '4:transcription']);
  });

  it('expects no transcript from a carrier that does not transcribe', () => {
    const vm = startVoicemail(ringing(), at(25))!;
    const event = attachRecording(vm, { url: 'u', sid: null, durationSeconds: 30, transcribing: false }, at(30))!.events.at(-1);
    expect(event).toMatchObject({ type: 'voicemail', transcriptExpected: false });
  });

  it('keeps callId and seq on appended events', () => {
    const r = appendEvent(fresh(), { type: 'ended', at: t0.toISOString(), cause: 'cancel', missedReason: null, durationSeconds: 0 });
    expect(r.events[0]).toMatchObject({ seq: 1, callId: 'CA1' });
  });
});
