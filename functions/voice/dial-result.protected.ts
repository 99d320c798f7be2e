import { optionalString } from '../../src/runtime/params';
import { ROUTES } from '../../src/carriers/twilio/routes';
import { outcomeOf } from '../../src/carriers/twilio/call-status';
import { callSid } from '../../src/carriers/twilio/webhook-params';
import { renderCallDecision } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { InvalidInputError } from '../../src/invalid-input';
import { twilioFunction } from '../../src/runtime/twilio-function';

/**
 * POST /voice/dial-result: the ring-all <Dial> ended; next wave, voicemail, or the end. With the
 * caller's own CallStatus completed the caller hung up while the agents' phones rang.
 */
export const handler = twilioFunction({ route: ROUTES.dialResult, unknownCall: 'caller-leg' }, async ({ params, services }) => {
  const callId = callSid(params, { key: 'CallSid', purpose: 'the caller\'s call' });
  const status = optionalString(params, 'DialCallStatus');
  const outcome = outcomeOf(status);
  if (!outcome) throw new InvalidInputError(`DialCallStatus must be a final dial status, got ${JSON.stringify(status ?? '')}`);
  const callerHungUp = optionalString(params, 'CallStatus') === 'completed';
  return twiml(renderCallDecision(await services().incoming.dialEnded(callId, outcome, callerHungUp)));
});
