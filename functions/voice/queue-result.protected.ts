import { optionalString } from '../../src/runtime/params';
import { ROUTES } from '../../src/carriers/twilio/routes';
import { callSid } from '../../src/carriers/twilio/webhook-params';
import { renderCallDecision } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/queue-result?callId: <Enqueue action>, when the caller leaves the queue for any reason. */
export const handler = twilioFunction({ route: ROUTES.queueResult, unknownCall: 'caller-leg' }, async ({ params, services }) => {
  const callId = callSid(params, { key: 'callId', purpose: 'the caller who left the queue' });
  const result = optionalString(params, 'QueueResult');
  if (result === 'bridged' || result === 'hangup') {
    // Bridged: the conversation is over. Hangup: the caller gave up waiting.
    await services().endings.callEnded(callId, result === 'bridged' ? 'completed' : 'canceled');
    return twiml(renderCallDecision({ kind: 'hangup' }));
  }
  return twiml(renderCallDecision(await services().queue.leftQueue(callId)));
});
