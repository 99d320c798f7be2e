import { callSid, optionalString, wholeSeconds } from '../../src/carriers/twilio/webhook-params';
import { renderVoicemailThanks } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/voicemail-done?callId: <Record action>; the caller left a message. */
export const handler = twilioFunction({ queryKeys: ['callId'], unknownCall: 'caller-leg' }, async ({ params, services }) => {
  const callId = callSid(params, { key: 'callId', purpose: 'the call the message was left on' });
  const url = optionalString(params, 'RecordingUrl');
  const recording = url ? { url, sid: optionalString(params, 'RecordingSid') ?? null, durationSeconds: wholeSeconds(params, 'RecordingDuration'), transcribing: true } : null;
  await services().voice.voicemailLeft(callId, recording);
  return twiml(renderVoicemailThanks());
});
