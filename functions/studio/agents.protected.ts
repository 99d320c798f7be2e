import { tryE164 } from '../../src/phone/phone-number';
import { openState } from '../../src/routing/business-hours';
import { loadBusinessHours } from '../../src/runtime/business-hours-source';
import { json } from '../../src/runtime/define-function';
import { twilioFunction } from '../../src/runtime/twilio-function';

/**
 * POST /studio/agents (From, To): for a Studio Run Function widget. Whether the called line is
 * open now (its business hours), and the agents to ring for this caller in order, with a comma
 * list of their numbers for connect-call-to.
 */
export const handler = twilioFunction({}, async ({ params, config, services }) => {
  const caller = tryE164(typeof params.From === 'string' ? params.From : undefined, config.DEFAULT_REGION);
  const called = tryE164(typeof params.To === 'string' ? params.To : undefined, config.DEFAULT_REGION) ?? '';
  const now = services().now();
  const state = openState(loadBusinessHours(config), called, now);
  const agents = await services().agents.available({ now, callerNumber: caller });
  const ringable = agents
    .filter((agent) => agent.phoneNumbers.length > 0)
    .map(({ id, name, phoneNumbers }) => ({ id, name, number: phoneNumbers[0] }));
  return json(200, {
    open: state.open,
    closedReason: state.open ? null : state.reason,
    count: ringable.length,
    agents: ringable,
    numbers: ringable.map((a) => a.number).join(','),
  });
});
