import { toE164 } from '../../src/phone/phone-number';
import { ConfigError } from '../../src/config';
import { dashboardFunction } from '../../src/runtime/dashboard-function';
import { json } from '../../src/runtime/define-function';
import { requireParam } from '../../src/runtime/params';

const AGENT_RING_SECONDS = 30;

/** POST /calls/outbound (agentId, to): click-to-call; rings the agent, then the customer. */
export const handler = dashboardFunction(async ({ params, config, services, dialer }) => {
  const agentId = requireParam(params, { key: 'agentId', purpose: 'the agent who makes the call' });
  const customerNumber = toE164(requireParam(params, { key: 'to', purpose: 'the customer\'s number' }), config.DEFAULT_REGION);
  if (!config.OUTBOUND_CALLER_ID) throw new ConfigError(['OUTBOUND_CALLER_ID is required for outbound calls']);
  const { callId } = await services().outbound.place(
    { agentId, customerNumber, callerId: config.OUTBOUND_CALLER_ID, ringSeconds: AGENT_RING_SECONDS },
    dialer(),
  );
  return json(201, { callId });
});
