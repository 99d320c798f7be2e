import { clientAddress, ringAddresses, type CarrierProfile, type SoftphoneRing } from '../../calls/carrier-profile';
import { softphoneSignedIn } from '../../softphone/softphone-presence';

/**
 * Twilio: <Dial> rings at most 10 numbers and clients at once, and queued callers wait in a
 * Twilio Queue. A signed-in softphone is rung as `<Client>` by the agent id (the identity its access token
 * carries), per SOFTPHONE_RING.
 */
export function twilioProfile(ring: SoftphoneRing): CarrierProfile {
  return {
    id: 'twilio',
    maxPerDial: 10,
    queueing: 'native',
    addressesOf: (agent, now) =>
      ringAddresses(ring, softphoneSignedIn(agent, now) ? clientAddress(agent.id) : null, agent.phoneNumbers[0] ?? null),
  };
}

/** With the default SOFTPHONE_RING (browser). */
export const TWILIO_PROFILE: CarrierProfile = twilioProfile('browser');
