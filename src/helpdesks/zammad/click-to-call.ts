import type { CountryCode } from 'libphonenumber-js';
import { toE164 } from '../../phone/phone-number';
import { InvalidInputError } from '../../invalid-input';
import type { CarrierName as Carrier } from '../../carriers/carrier-name';
import { zammadAgentId } from './zammad-agent-directory';

export interface ClickToCall {
  agentId: string;
  customerNumber: string;
  ticketNumber: string | null;
  /** Which carrier places the call, when the payload says (`"carrier"`); else the default CARRIER. */
  carrier?: Carrier;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/**
 * Reads a click-to-call webhook: either Zammad's default payload (the ticket with its customer
 * and `updated_by`, the agent who ran the macro) or the small custom payload the README shows
 * (`phone`, `ticket`, `agent`). The agent is a Zammad user id (or our agent id).
 */
export function clickToCallRequest(payload: Json, region: CountryCode): ClickToCall {
  const ticket = obj(payload.ticket);
  const customer = obj(ticket.customer);
  const phone = str(payload.phone) ?? str(customer.phone) ?? str(customer.mobile);
  if (!phone) throw new InvalidInputError('no number to call: send "phone", or a ticket whose customer has a phone or mobile');
  const agent = str(payload.agent) ?? str(obj(ticket.updated_by).id) ?? str(ticket.updated_by_id);
  if (!agent) throw new InvalidInputError('no agent: send "agent" (a Zammad user id), or the ticket with updated_by');
  const carrier = payload.carrier;
  if (carrier !== undefined && carrier !== 'twilio' && carrier !== 'africastalking') throw new InvalidInputError('carrier must be twilio or africastalking');
  return {
    ...(carrier ? { carrier } : {}),
    agentId: /^\d+$/.test(agent) ? zammadAgentId(agent) : agent,
    customerNumber: toE164(phone, region),
    ticketNumber: str(ticket.number) ?? (typeof payload.ticket === 'string' ? payload.ticket : null),
  };
}
