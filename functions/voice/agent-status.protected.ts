import twilio from 'twilio';
import { ROUTES } from '../../src/carriers/twilio/routes';
import { isFinalCallStatus } from '../../src/carriers/twilio/call-status';
import { callSid } from '../../src/carriers/twilio/webhook-params';
import { twiml } from '../../src/runtime/define-function';
import { requireParam, optionalString } from '../../src/runtime/params';
import { twilioFunction } from '../../src/runtime/twilio-function';

/**
 * POST /voice/agent-status?agentId&callId: the status callback of one agent's leg of a ring, or of
 * a queue offer. When it ends, the agent who won is free again and a queue offers the next agent.
 */
export const handler = twilioFunction({ route: ROUTES.agentStatus, unknownCall: 'ignored' }, async ({ params, services, dialer }) => {
  const callId = callSid(params, { key: 'callId', purpose: 'the caller\'s call this leg belongs to' });
  const agentId = requireParam(params, { key: 'agentId', purpose: 'the agent this leg rang' });
  const legId = callSid(params, { key: 'CallSid', purpose: 'the agent\'s leg' });
  if (isFinalCallStatus(optionalString(params, 'CallStatus'))) await services().legs.agentLegEnded(callId, agentId, legId, dialer());
  return twiml(new twilio.twiml.VoiceResponse());
});
