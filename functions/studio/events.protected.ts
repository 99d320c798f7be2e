import { TWILIO_PROFILE } from '../../src/carriers/twilio/profile';
import { outcomeOf } from '../../src/carriers/twilio/call-status';
import { twilioRecording } from '../../src/carriers/twilio/recording';
import { callSid, phoneParam } from '../../src/carriers/twilio/webhook-params';
import { json } from '../../src/runtime/define-function';
import { InvalidInputError } from '../../src/invalid-input';
import { requireParam, optionalString } from '../../src/runtime/params';
import { twilioFunction } from '../../src/runtime/twilio-function';

const EVENTS = ['started', 'closed', 'voicemail', 'ended'] as const;

/**
 * POST /studio/events (event, CallSid, …): what a Studio flow reports about a call it handles,
 * into the same state machine and events as /voice/status; repeats change nothing. Events:
 * started (From, To), closed, voicemail (RecordingUrl, RecordingSid, RecordingDuration), ended.
 */
export const handler = twilioFunction({ answers: 'json' }, async ({ params, config, services }) => {
  const event = requireParam(params, { key: 'event', purpose: EVENTS.join(', ') });
  const callId = callSid(params, { key: 'CallSid', purpose: 'the call the flow handles' });
  const { incoming, endings } = services();
  switch (event) {
    case 'started': {
      const from = phoneParam(params, 'From', config.DEFAULT_REGION);
      const to = phoneParam(params, 'To', config.DEFAULT_REGION);
      return json(200, await incoming.studioStarted({ callId, carrier: TWILIO_PROFILE.id, direction: 'in', from, to }));
    }
    case 'closed':
      await incoming.outOfHours(callId);
      return json(200, { ok: true });
    case 'voicemail': {
      const url = requireParam(params, { key: 'RecordingUrl', purpose: 'where the message is' });
      await endings.voicemailRecorded(callId, twilioRecording(params, url));
      return json(200, { ok: true });
    }
    case 'ended':
      await endings.callEnded(callId, outcomeOf(optionalString(params, 'CallStatus')) ?? 'completed');
      return json(200, { ok: true });
    default:
      throw new InvalidInputError(`event must be one of ${EVENTS.join(', ')}, got ${JSON.stringify(event)}`);
  }
});
