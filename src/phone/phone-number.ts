import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export class InvalidPhoneNumberError extends Error {
  constructor(readonly input: string) {
    super(`not a valid phone number: ${JSON.stringify(input)}`);
    this.name = 'InvalidPhoneNumberError';
  }
}

/**
 * E.164 ("+14155550101") is the one form numbers take inside the product; helpdesk and carrier
 * adapters convert at their edges. National forms are read with the configured default region.
 */
export function toE164(input: string, defaultRegion: CountryCode): string {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultRegion);
  if (!parsed || !parsed.isPossible()) throw new InvalidPhoneNumberError(input);
  return parsed.number;
}

/** Like toE164, but for caller ids that may be withheld or junk ("anonymous", "+266696687"). */
export function tryE164(input: string | undefined, defaultRegion: CountryCode): string | undefined {
  if (!input) return undefined;
  try {
    return toE164(input, defaultRegion);
  } catch {
    return undefined;
  }
}
