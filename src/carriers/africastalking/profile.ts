import type { CarrierProfile } from '../../calls/carrier-profile';
import type { Agent } from '../../agents';

/**
 * The name an agent's browser registers with AT (capability token) and is dialled by: the
 * directory's AT client name, else the agent id (ids already fit AT's no-spaces rule).
 */
export function atClientNameOf(agent: Pick<Agent, 'id' | 'atClientName'>): string {
  return agent.atClientName ?? agent.id;
}

/**
 * Africa's Talking: one <Dial> takes any number of destinations, has no queue we can offer
 * callers from (so queue routing is a sequential dial), and reaches an agent's browser client
 * when they have one (at-xml.ts turns `client:` into AT's `<username>.<client>`).
 */
export const AT_PROFILE: CarrierProfile = {
  id: 'africastalking',
  maxPerDial: Number.POSITIVE_INFINITY,
  queueing: 'sequential-dial',
  addressOf: (agent) => (agent.atClientName ? `client:${agent.atClientName}` : (agent.phoneNumbers[0] ?? null)),
};
