import { optionalString } from '../../src/runtime/params';
import twilio from 'twilio';
import { ROUTES } from '../../src/carriers/twilio/routes';
import { callSid } from '../../src/carriers/twilio/webhook-params';
import { twiml } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/customer-status?callId: a click-to-call's customer leg; the customer answering answers the call. */
export const handler = twilioFunction({ route: ROUTES.customerStatus, unknownCall: 'ignored' }, async ({ params, services }) => {
  const callId = callSid(params, { key: 'callId', purpose: 'the click-to-call this leg belongs to' });
  if (optionalString(params, 'CallStatus') === 'in-progress') await services().outbound.customerAnswered(callId);
  return twiml(new twilio.twiml.VoiceResponse());
});
