import { ringAddresses, type CarrierProfile, type SoftphoneRing } from '../../calls/carrier-profile';
import { softphoneSignedIn } from '../../softphone/softphone-presence';

/** The identity a Twilio softphone registers with (its access token's) and `<Dial><Client>` rings. */
export const twilioClientAddress = (agentId: string) => `client:${agentId}`;

/**
 * Twilio: <Dial> rings at most 10 numbers and clients at once, and queued callers wait in a
 * Twilio Queue. A signed-in softphone is rung as `<Client>` by the agent id, per SOFTPHONE_RING.
 */
export function twilioProfile(ring: SoftphoneRing): CarrierProfile {
  return {
    id: 'twilio',
    maxPerDial: 10,
    queueing: 'native',
    addressesOf: (agent, now) =>
      ringAddresses(ring, softphoneSignedIn(agent, now) ? twilioClientAddress(agent.id) : null, agent.phoneNumbers[0] ?? null),
  };
}

/** With the default SOFTPHONE_RING (browser). */
export const TWILIO_PROFILE: CarrierProfile = twilioProfile('browser');
