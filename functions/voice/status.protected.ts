import { optionalString } from '../../src/runtime/params';
import twilio from 'twilio';
import { ROUTES } from '../../src/carriers/twilio/routes';
import { isFinalCallStatus, outcomeOf } from '../../src/carriers/twilio/call-status';
import { callSid } from '../../src/carriers/twilio/webhook-params';
import { twiml } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/**
 * POST /voice/status: the status callback of a whole call (the number's status callback URL; a
 * click-to-call's agent call). Only the final status changes anything; a child leg's callback
 * (ParentCallSid) is not the whole call, and duplicates and late arrivals change nothing.
 */
export const handler = twilioFunction({ route: ROUTES.status, unknownCall: 'ignored' }, async ({ params, services }) => {
  const status = optionalString(params, 'CallStatus');
  const sid = callSid(params, { key: 'CallSid', purpose: 'the call this status is about' });
  if (isFinalCallStatus(status) && !optionalString(params, 'ParentCallSid')) await services().endings.callEnded(sid, outcomeOf(status)!);
  return twiml(new twilio.twiml.VoiceResponse());
});
