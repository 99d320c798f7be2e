import { clientAddress, ringAddresses, type CarrierProfile, type SoftphoneRing } from '../../calls/carrier-profile';
import { softphoneSignedIn } from '../../softphone/softphone-presence';
import type { Agent } from '../../agents';

/**
 * The name an agent's browser registers with AT (capability token) and is dialled by: the
 * directory's AT client name, else the agent id (ids already fit AT's no-spaces rule).
 */
export function atClientNameOf(agent: Pick<Agent, 'id' | 'atClientName'>): string {
  return agent.atClientName ?? agent.id;
}

/**
 * Each agent a dial rings is named in the call's record and its first event, and a record is one Sync
 * item (at most 16 KiB): 100 keeps it well inside that however long the agents' names are.
 */
const AT_MAX_PER_DIAL = 100;

/**
 * Africa's Talking: one <Dial> takes any number of destinations (we ring at most AT_MAX_PER_DIAL), has no queue we can offer
 * callers from (so queue routing is a sequential dial), and reaches an agent's browser client
 * (at-xml.ts turns `client:` into AT's `<username>.<client>`) when the directory names one (as
 * before the softphone heartbeat existed) or their softphone is signed in, per SOFTPHONE_RING.
 */
export function atProfile(ring: SoftphoneRing): CarrierProfile {
  return {
    id: 'africastalking',
    maxPerDial: AT_MAX_PER_DIAL,
    queueing: 'sequential-dial',
    addressesOf: (agent, now) => {
      const browser = agent.atClientName || softphoneSignedIn(agent, now) ? clientAddress(atClientNameOf(agent)) : null;
      return ringAddresses(ring, browser, agent.phoneNumbers[0] ?? null);
    },
  };
}

/** With the default SOFTPHONE_RING (browser). */
export const AT_PROFILE: CarrierProfile = atProfile('browser');
