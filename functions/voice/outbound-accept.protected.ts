import { ROUTES } from '../../src/carriers/twilio/routes';
import { callSid, clickToCallParams } from '../../src/carriers/twilio/webhook-params';
import { renderAccept } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { requireParam, optionalString } from '../../src/runtime/params';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/outbound-accept?agentId&customer (Digits): 1 dials the customer from the agent's call. */
export const handler = twilioFunction({ route: ROUTES.outboundAccept, unknownCall: 'agent-leg' }, async ({ params, services }) => {
  const callId = callSid(params, { key: 'CallSid', purpose: 'the agent\'s call' });
  const { agentId, customer } = clickToCallParams(params);
  const callerId = requireParam(params, { key: 'From', purpose: 'the caller id the agent call was placed with' });
  const decision = await services().outbound.agentPressed(callId, agentId, optionalString(params, 'Digits') ?? '', customer, callerId);
  return twiml(renderAccept(decision));
});
