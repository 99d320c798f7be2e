import { ROUTES } from '../../src/carriers/twilio/routes';
import { callSid, wholeSeconds } from '../../src/carriers/twilio/webhook-params';
import { renderWait } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/queue-wait?callId: <Enqueue waitUrl>, requested again after every wait cycle. */
export const handler = twilioFunction({ route: ROUTES.queueWait, unknownCall: 'caller-leg' }, async ({ params, services, dialer }) => {
  const callId = callSid(params, { key: 'callId', purpose: 'the waiting caller' });
  const position = Math.max(1, wholeSeconds(params, 'QueuePosition'));
  const decision = await services().queue.waiting(callId, position, wholeSeconds(params, 'QueueTime'), wholeSeconds(params, 'AvgQueueTime'), dialer());
  return twiml(renderWait(decision));
});
