import { InvalidInputError } from '../invalid-input';
/** The carriers this project has adapters for; the domain knows them only by their profiles. */
export const CARRIER_NAMES = ['twilio', 'africastalking'] as const;
export type CarrierName = (typeof CARRIER_NAMES)[number];

/** A carrier named in a request; undefined when none was named (the deployment's CARRIER then). */
export function carrierNamed(name: string | undefined): CarrierName | undefined {
  if (name === undefined || name === '') return undefined;
  if (!(CARRIER_NAMES as readonly string[]).includes(name)) throw new InvalidInputError(`carrier must be one of ${CARRIER_NAMES.join(', ')}`);
  return name as CarrierName;
}
