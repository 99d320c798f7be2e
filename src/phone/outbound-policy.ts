import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { InvalidInputError } from '../invalid-input';

/**
 * Which numbers an agent may call from the browser. Nobody rings the agent first to confirm
 * (unlike click-to-call, the browser dials straight away), so a stolen link or a slip on the
 * dialpad must not reach premium-rate lines or countries the team never calls.
 */
export interface OutboundPolicy {
  /** ISO regions whose numbers may be called. */
  allowedCountries: readonly CountryCode[];
  /** E.164 prefixes never called, whatever their country or type ("+44870", "+1900"). */
  blockedPrefixes: readonly string[];
}

/** A number the policy refuses; `reason` is said to the agent and logged. */
export class NumberNotAllowedError extends InvalidInputError {
  constructor(readonly number: string, readonly reason: string) {
    super(`${JSON.stringify(number)} may not be called from the softphone: ${reason}`);
    this.name = 'NumberNotAllowedError';
  }
}

const E164 = /^\+[1-9]\d{6,14}$/;
/** The line types whose price the caller's side pays more for; libphonenumber's max metadata knows them. */
const COSTLY_TYPES = new Set(['PREMIUM_RATE', 'SHARED_COST']);

/** The number, as E.164, when the policy allows calling it; else NumberNotAllowedError. */
export function allowedNumber(input: string, policy: OutboundPolicy): string {
  const number = input.trim();
  if (!E164.test(number)) throw new NumberNotAllowedError(number, 'it is not a number in international form (+ and the country code)');
  const parsed = parsePhoneNumberFromString(number);
  if (!parsed || !parsed.isValid()) throw new NumberNotAllowedError(number, 'it is not a valid phone number');
  const blocked = policy.blockedPrefixes.find((prefix) => parsed.number.startsWith(prefix));
  if (blocked) throw new NumberNotAllowedError(number, `numbers starting ${blocked} are blocked`);
  const type = parsed.getType();
  if (type && COSTLY_TYPES.has(type)) throw new NumberNotAllowedError(number, `it is a ${type === 'PREMIUM_RATE' ? 'premium-rate' : 'shared-cost'} number`);
  if (!parsed.country || !policy.allowedCountries.includes(parsed.country)) {
    throw new NumberNotAllowedError(number, `calls to ${parsed.country ?? 'that region'} are not allowed (allowed: ${policy.allowedCountries.join(', ')})`);
  }
  return parsed.number;
}
