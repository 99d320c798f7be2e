import type { FreshdeskApi } from './freshdesk-api';

export const FRESHDESK_STATUS = { open: 2, pending: 3, resolved: 4, closed: 5 } as const;

/** The ticket fields we read from Freshdesk's tickets list. */
export interface FreshdeskTicket {
  id: number;
  subject: string;
  status: number;
  updated_at: string;
  /** Only with `withDescription`. */
  description?: string;
}

/** Open or pending: a ticket someone is still working on. */
export const isOpen = (ticket: Pick<FreshdeskTicket, 'status'>) => ticket.status === FRESHDESK_STATUS.open || ticket.status === FRESHDESK_STATUS.pending;

/**
 * A requester's tickets, most recently updated first: updated since `since`, or without it,
 * Freshdesk's default of those created in the last 30 days.
 */
export async function requesterTickets(
  api: FreshdeskApi,
  requesterId: number,
  { since, withDescription = false }: { since?: Date; withDescription?: boolean } = {},
): Promise<FreshdeskTicket[]> {
  const query = new URLSearchParams({ requester_id: String(requesterId), order_by: 'updated_at', order_type: 'desc', per_page: '30' });
  if (since) query.set('updated_since', since.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  if (withDescription) query.set('include', 'description');
  return (await api.get<FreshdeskTicket[]>(`/tickets?${query}`)).data;
}
