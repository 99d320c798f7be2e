import type { OriginTicket } from '../../calls/call-record';
import { InvalidInputError } from '../../invalid-input';

/** Freshdesk ticket ids as the app and the API give them. */
const TICKET_ID = /^\d{1,12}$/;

/**
 * The Freshdesk ticket a call is placed from (the app's Call button, its softphone), recorded
 * on the call so the Freshdesk sink notes the call on that ticket.
 */
export function freshdeskTicket(ticketId: string): OriginTicket {
  if (!TICKET_ID.test(ticketId)) throw new InvalidInputError('ticketId must be a Freshdesk ticket number');
  return { helpdesk: 'freshdesk', id: ticketId };
}
