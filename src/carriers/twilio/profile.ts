import type { CarrierProfile } from '../../calls/carrier-profile';

/** Twilio: <Dial> rings at most 10 numbers at once, and queued callers wait in a Twilio Queue. */
export const TWILIO_PROFILE: CarrierProfile = {
  id: 'twilio',
  maxPerDial: 10,
  queueing: 'native',
  addressOf: (agent) => agent.phoneNumbers[0] ?? null,
};
