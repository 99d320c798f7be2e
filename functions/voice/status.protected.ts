import twilio from 'twilio';
import { isFinalCallStatus, outcomeOf } from '../../src/carriers/twilio/call-status';
import { callSid, optionalString } from '../../src/carriers/twilio/webhook-params';
import { twiml } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/**
 * POST /voice/status: status callbacks of the caller's call (the number's status callback URL)
 * and of each agent leg (?agentId&callId, set by our <Number statusCallback>). Only final
 * statuses matter; duplicates and late arrivals change nothing.
 */
export const handler = twilioFunction({ queryKeys: ['agentId', 'callId'] }, async ({ params, services }) => {
  const status = optionalString(params, 'CallStatus');
  const sid = callSid(params, { key: 'CallSid', purpose: 'the call this status is about' });
  const agentId = optionalString(params, 'agentId');
  if (isFinalCallStatus(status)) {
    if (agentId) {
      await services().voice.agentLegEnded(callSid(params, { key: 'callId', purpose: 'the caller\'s call' }), agentId, sid);
    } else if (!optionalString(params, 'ParentCallSid')) {
      await services().voice.callEnded(sid, outcomeOf(status)!);
    }
  }
  return twiml(new twilio.twiml.VoiceResponse());
});
