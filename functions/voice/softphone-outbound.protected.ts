import { ROUTES } from '../../src/carriers/twilio/routes';
import { TWILIO_PROFILE } from '../../src/carriers/twilio/profile';
import { browserCallParams, callSid } from '../../src/carriers/twilio/webhook-params';
import { renderAccept } from '../../src/carriers/twilio/voice-twiml';
import { freshdeskTicket } from '../../src/helpdesks/freshdesk/origin-ticket';
import { twiml } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/**
 * POST /voice/softphone-outbound (the TwiML App's Voice URL; From=client:<agent id>, To, ticketId?):
 * a call placed from the agent's browser dials the customer from OUTBOUND_CALLER_ID, or says why not.
 */
export const handler = twilioFunction({ route: ROUTES.softphoneOutbound, unknownCall: 'caller-leg' }, async ({ params, services }) => {
  const callId = callSid(params, { key: 'CallSid', purpose: "the browser's call" });
  const { agentId, number, ticketId } = browserCallParams(params);
  const dial = { callId, carrier: TWILIO_PROFILE.id, agentId, number, callerId: services().callerIdFor('twilio') };
  return twiml(renderAccept(await services().browserCalls.place(dial, ticketId ? freshdeskTicket(ticketId) : undefined)));
});
