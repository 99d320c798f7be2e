import type { CountryCode } from 'libphonenumber-js';
import { tryE164 } from '../../phone/phone-number';
import { AGENT_ID_PATTERN } from '../../agents';
import { clientNameOf } from '../../calls/carrier-profile';
import { InvalidInputError } from '../../invalid-input';
import { optionalString, requireParam, type Params, type Requirement } from '../../runtime/params';

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;

/** A call SID parameter, checked so it can name a Sync object safely. */
export function callSid(params: Params, requirement: Requirement): string {
  const value = requireParam(params, requirement);
  if (!CALL_SID.test(value)) throw new InvalidInputError(`${requirement.key} must be a call SID (CA followed by 32 hex digits)`);
  return value;
}

/**
 * Click-to-call's own query keys, which our TwiML wrote: the agent's id and the customer's E.164
 * number. Anything else is not from us and never reaches the TwiML.
 */
export function clickToCallParams(params: Params): { agentId: string; customer: string } {
  const agentId = requireParam(params, { key: 'agentId', purpose: 'the agent placing the call' });
  if (!AGENT_ID_PATTERN.test(agentId)) throw new InvalidInputError('agentId must be an agent id (1-64 letters, digits, _ . or -)');
  const customer = requireParam(params, { key: 'customer', purpose: 'the number to call' });
  if (!/^\+[1-9][0-9]{6,14}$/.test(customer)) throw new InvalidInputError('customer must be the number to call in E.164 (+ and up to 15 digits)');
  return { agentId, customer };
}

/**
 * A call the Voice SDK placed (the TwiML App's Voice URL): the agent is the access token's
 * identity in `From` (`client:<agent id>`), null when `From` is no client of ours; `To` and
 * `ticketId` are what the softphone passed to `device.connect`, unchecked here.
 */
export function browserCallParams(params: Params): { agentId: string | null; number: string; ticketId: string | undefined } {
  const identity = clientNameOf(optionalString(params, 'From') ?? '');
  return {
    agentId: identity !== null && AGENT_ID_PATTERN.test(identity) ? identity : null,
    number: optionalString(params, 'To') ?? '',
    ticketId: optionalString(params, 'ticketId'),
  };
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
