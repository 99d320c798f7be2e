import { ROUTES } from '../../src/carriers/twilio/routes';
import { callSid } from '../../src/carriers/twilio/webhook-params';
import { renderPickup } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { requireParam } from '../../src/runtime/params';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/whisper?agentId&callId: an agent's leg or queue offer picked up; ask them to press 1. */
export const handler = twilioFunction({ route: ROUTES.whisper, unknownCall: 'agent-leg' }, async ({ params, services }) => {
  const callId = callSid(params, { key: 'callId', purpose: 'the caller\'s call this leg belongs to' });
  const agentId = requireParam(params, { key: 'agentId', purpose: 'the agent this leg rings' });
  return twiml(renderPickup(await services().legs.agentPickedUp(callId, agentId)));
});
