import { ROUTES } from '../../src/carriers/twilio/routes';
import { renderOutboundWhisper } from '../../src/carriers/twilio/voice-twiml';
import { twiml } from '../../src/runtime/define-function';
import { clickToCallParams } from '../../src/carriers/twilio/webhook-params';
import { twilioFunction } from '../../src/runtime/twilio-function';

/** POST /voice/outbound-whisper?agentId&customer: click-to-call, the agent answered their phone. */
export const handler = twilioFunction({ route: ROUTES.outboundWhisper, unknownCall: 'agent-leg' }, async ({ params }) => {
  const { agentId, customer } = clickToCallParams(params);
  return twiml(renderOutboundWhisper(agentId, customer));
});
