import { optionalString } from '../../src/runtime/params';
import { ROUTES } from '../../src/carriers/twilio/routes';
import { outcomeOf } from '../../src/carriers/twilio/call-status';
import { callSid } from '../../src/carriers/twilio/webhook-params';
import { renderCallDecision } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { InvalidInputError } from '../../src/invalid-input';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/outbound-result?callId: the customer leg of a click-to-call ended. */
export const handler = twilioFunction({ route: ROUTES.outboundResult, unknownCall: 'agent-leg' }, async ({ params, services }) => {
  const callId = callSid(params, { key: 'callId', purpose: 'the click-to-call' });
  const outcome = outcomeOf(optionalString(params, 'DialCallStatus'));
  if (!outcome) throw new InvalidInputError('DialCallStatus must be a final dial status');
  await services().endings.callEnded(callId, outcome);
  return twiml(renderCallDecision({ kind: 'hangup' }));
});
