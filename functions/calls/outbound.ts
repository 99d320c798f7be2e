import { toE164 } from '../../src/phone/phone-number';
import { dashboardFunction } from '../../src/runtime/dashboard-function';
import { json } from '../../src/runtime/define-function';
import { InvalidInputError } from '../../src/invalid-input';
import { requireParam } from '../../src/runtime/params';

/** POST /calls/outbound (agentId, to, carrier?): click-to-call; rings the agent, then the customer. */
export const handler = dashboardFunction(async ({ params, config, services, webhookBase }) => {
  const agentId = requireParam(params, { key: 'agentId', purpose: 'the agent who makes the call' });
  const customerNumber = toE164(requireParam(params, { key: 'to', purpose: 'the customer\'s number' }), config.DEFAULT_REGION);
  const carrier = params.carrier;
  if (carrier !== undefined && carrier !== 'twilio' && carrier !== 'africastalking') throw new InvalidInputError('carrier must be twilio or africastalking');
  const { callId } = await services().clickToCall({ agentId, customerNumber, carrier }, webhookBase());
  return json(201, { callId });
});
