import { optionalString } from '../../src/runtime/params';
import { ROUTES } from '../../src/carriers/twilio/routes';
import { twilioRecording } from '../../src/carriers/twilio/recording';
import { callSid } from '../../src/carriers/twilio/webhook-params';
import { renderVoicemailThanks } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/voicemail-done?callId: <Record action>; the caller left a message. */
export const handler = twilioFunction({ route: ROUTES.voicemailDone, unknownCall: 'caller-leg' }, async ({ params, services }) => {
  const callId = callSid(params, { key: 'callId', purpose: 'the call the message was left on' });
  const url = optionalString(params, 'RecordingUrl');
  await services().endings.voicemailLeft(callId, url ? twilioRecording(params, url) : null);
  return twiml(renderVoicemailThanks());
});
