import { ROUTES } from '../../src/carriers/twilio/routes';
import { callSid, phoneParam } from '../../src/carriers/twilio/webhook-params';
import { renderAccept } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { requireParam, optionalString } from '../../src/runtime/params';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/whisper-accept?agentId&callId (Digits): 1 claims the call; the first claim wins. */
export const handler = twilioFunction({ route: ROUTES.whisperAccept, unknownCall: 'agent-leg' }, async ({ params, config, services }) => {
  const callId = callSid(params, { key: 'callId', purpose: 'the caller\'s call this leg belongs to' });
  const agentId = requireParam(params, { key: 'agentId', purpose: 'the agent this leg rings' });
  const legId = callSid(params, { key: 'CallSid', purpose: 'the agent\'s leg' });
  const answeringNumber = phoneParam(params, 'To', config.DEFAULT_REGION);
  const decision = await services().legs.agentPressed(callId, agentId, legId, optionalString(params, 'Digits') ?? '', answeringNumber);
  return twiml(renderAccept(decision));
});
