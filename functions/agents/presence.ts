import { PRESENCES, type Presence } from '../../src/agents';
import { dashboardFunction } from '../../src/runtime/dashboard-function';
import { json } from '../../src/runtime/define-function';
import { InvalidInputError } from '../../src/invalid-input';
import { requireParam } from '../../src/runtime/params';

/** POST /agents/presence (agentId, presence): an agent goes available, away or offline. */
export const handler = dashboardFunction(async ({ params, services }) => {
  const agentId = requireParam(params, { key: 'agentId', purpose: 'the id of the agent whose presence changes' });
  const presence = requireParam(params, { key: 'presence', purpose: `one of ${PRESENCES.join(', ')}` });
  if (!(PRESENCES as readonly string[]).includes(presence)) {
    throw new InvalidInputError(`presence must be one of ${PRESENCES.join(', ')}, got ${JSON.stringify(presence)}`);
  }
  const agent = await services().agents.setPresence(agentId, presence as Presence);
  return json(200, { agent });
});
