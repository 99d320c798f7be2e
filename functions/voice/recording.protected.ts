import { ROUTES } from '../../src/carriers/twilio/routes';
import { twilioRecording } from '../../src/carriers/twilio/recording';
import { callSid } from '../../src/carriers/twilio/webhook-params';
import { json } from '../../src/runtime/define-function';
import { requireParam, optionalString } from '../../src/runtime/params';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/recording?callId: recordingStatusCallback of a voicemail. */
export const handler = twilioFunction({ route: ROUTES.recording, unknownCall: 'ignored' }, async ({ params, services }) => {
  const callId = callSid(params, { key: 'callId', purpose: 'the call the message was left on' });
  if (optionalString(params, 'RecordingStatus') !== 'completed') return json(200, { ignored: 'recording not completed' });
  const url = requireParam(params, { key: 'RecordingUrl', purpose: 'where the voicemail recording is' });
  await services().endings.recordingReady(callId, twilioRecording(params, url));
  return json(200, { ok: true });
});
