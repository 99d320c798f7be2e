/** The carriers this project has adapters for; the domain knows them only by their profiles. */
export const CARRIER_NAMES = ['twilio', 'africastalking'] as const;
export type CarrierName = (typeof CARRIER_NAMES)[number];
