import type { CountryCode } from 'libphonenumber-js';
import { tryE164 } from '../../phone/phone-number';
import { InvalidInputError } from '../../invalid-input';
import { optionalString, requireParam, type Params, type Requirement } from '../../runtime/params';

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;

/** A call SID parameter, checked so it can name a Sync object safely. */
export function callSid(params: Params, requirement: Requirement): string {
  const value = requireParam(params, requirement);
  if (!CALL_SID.test(value)) throw new InvalidInputError(`${requirement.key} must be a call SID (CA followed by 32 hex digits)`);
  return value;
}

/** A caller or called number: E.164 when it is one, else as Twilio sent it ("anonymous", a client:…). */
export function phoneParam(params: Params, key: string, region: CountryCode): string {
  const raw = optionalString(params, key) ?? '';
  return tryE164(raw, region) ?? raw;
}

export function wholeSeconds(params: Params, key: string): number {
  const value = Number(optionalString(params, key) ?? '0');
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}
