import twilio from 'twilio';
import { isFinalCallStatus, outcomeOf } from '../../src/carriers/twilio/call-status';
import { callSid, optionalString } from '../../src/carriers/twilio/webhook-params';
import { twiml } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/**
 * POST /voice/status: status callbacks of a whole call (the number's status callback URL; a
 * click-to-call's agent call, ?agentId), of each agent leg or queue offer (?agentId&callId), and
 * of a click-to-call's customer leg (?callId&leg=customer). Only the moments that matter change
 * anything; duplicates and late arrivals change nothing.
 */
export const handler = twilioFunction({ queryKeys: ['agentId', 'callId', 'leg'], unknownCall: 'ignored' }, async ({ params, services, dialer }) => {
  const status = optionalString(params, 'CallStatus');
  const sid = callSid(params, { key: 'CallSid', purpose: 'the call this status is about' });
  const agentId = optionalString(params, 'agentId');
  const callId = optionalString(params, 'callId') && callSid(params, { key: 'callId', purpose: 'the call this leg belongs to' });
  if (params.leg === 'customer' && callId) {
    if (status === 'in-progress') await services().outbound.customerAnswered(callId);
  } else if (isFinalCallStatus(status)) {
    if (agentId && callId) await services().legs.agentLegEnded(callId, agentId, sid, dialer());
    else if (!optionalString(params, 'ParentCallSid')) await services().endings.callEnded(sid, outcomeOf(status)!);
  }
  return twiml(new twilio.twiml.VoiceResponse());
});
