import { ROUTES } from '../../src/carriers/twilio/routes';
import twilio from 'twilio';
import { callSid } from '../../src/carriers/twilio/webhook-params';
import { twiml } from '../../src/runtime/define-function';
import { requireParam } from '../../src/runtime/params';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/queue-bridge?agentId&callId: <Queue url>, run on the caller the queue hands to the agent. */
export const handler = twilioFunction({ route: ROUTES.queueBridge, unknownCall: 'bridge' }, async ({ params, services, dialer }) => {
  const offered = callSid(params, { key: 'callId', purpose: 'the caller offered to the agent' });
  const agentId = requireParam(params, { key: 'agentId', purpose: 'the agent who accepted' });
  const dequeued = callSid(params, { key: 'CallSid', purpose: 'the caller taken from the queue' });
  await services().legs.queueBridged(dequeued, agentId, offered, dialer());
  return twiml(new twilio.twiml.VoiceResponse());
});
