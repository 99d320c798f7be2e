import { ROUTES } from '../../src/carriers/twilio/routes';
import { renderOutboundWhisper } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { requireParam } from '../../src/runtime/params';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/outbound-whisper?agentId&customer: click-to-call, the agent answered their phone. */
export const handler = twilioFunction({ route: ROUTES.outboundWhisper, unknownCall: 'agent-leg' }, async ({ params }) => {
  const agentId = requireParam(params, { key: 'agentId', purpose: 'the agent placing the call' });
  const customer = requireParam(params, { key: 'customer', purpose: 'the number to call' });
  return twiml(renderOutboundWhisper(agentId, customer));
});
