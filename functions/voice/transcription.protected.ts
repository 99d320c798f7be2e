import { optionalString } from '../../src/runtime/params';
import { ROUTES } from '../../src/carriers/twilio/routes';
import { callSid } from '../../src/carriers/twilio/webhook-params';
import { json } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/transcription?callId: transcribeCallback of a voicemail. */
export const handler = twilioFunction({ route: ROUTES.transcription, unknownCall: 'ignored' }, async ({ params, services }) => {
  const callId = callSid(params, { key: 'callId', purpose: 'the call the message was left on' });
  const completed = optionalString(params, 'TranscriptionStatus') === 'completed';
  await services().endings.transcriptionReady(callId, {
    recordingSid: optionalString(params, 'RecordingSid') ?? null,
    status: completed ? 'completed' : 'failed',
    text: completed ? (optionalString(params, 'TranscriptionText') ?? '') : null,
  });
  return json(200, { ok: true });
});
