import { tryE164 } from '../../src/phone/phone-number';
import { json } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/**
 * POST /studio/agents (From): for a Studio Run Function widget, the agents to ring for this
 * caller in order, plus a comma list of their first numbers for connect-call-to.
 */
export const handler = twilioFunction({}, async ({ params, config, services }) => {
  const from = typeof params.From === 'string' ? params.From : undefined;
  const callerNumber = tryE164(from, config.DEFAULT_REGION);
  const agents = await services().agents.available({ now: services().now(), callerNumber });
  const ringable = agents
    .filter((agent) => agent.phoneNumbers.length > 0)
    .map(({ id, name, phoneNumbers }) => ({ id, name, number: phoneNumbers[0] }));
  return json(200, { count: ringable.length, agents: ringable, numbers: ringable.map((a) => a.number).join(',') });
});
