/**
 * Tickets: Zammad's default ticket states, the ticket JSON, and GET /api/v1/ticket_customer as
 * TicketsController#ticket_customer → Ticket::ScreenOptions.list_by_customer(customer_id:, limit: 15) does it.
 */
import { isPlainObject, type Params } from './params';
import type { FakeZammadTicket, FakeZammadTicketState, FakeZammadUser } from './types';
import { rubyToI, userJson } from './users';

/** Zammad's seeded ticket states (db/seeds/ticket_states.rb): name → id. */
export const TICKET_STATE_IDS: Readonly<Record<FakeZammadTicketState, number>> = {
  new: 1,
  open: 2,
  'pending reminder': 3,
  closed: 4,
  merged: 5,
  removed: 6,
  'pending close': 7,
};

/**
 * The state categories of list_by_customer, by state name. Open = the states whose TYPE is new, open, pending reminder
 * or pending action ('pending close' is of type 'pending action'); closed = type closed. 'merged' and 'removed' are in
 * neither, so ticket_customer never lists them.
 */
const OPEN_STATES: ReadonlySet<FakeZammadTicketState> = new Set(['new', 'open', 'pending reminder', 'pending close']);
const CLOSED_STATES: ReadonlySet<FakeZammadTicketState> = new Set(['closed']);

/** The `limit: 15` TicketsController#ticket_customer passes; a `limit` request param is ignored. */
export const TICKET_CUSTOMER_LIMIT = 15;

/** A ticket with every default filled in, as the fake stores it. */
export type StoredTicket = Required<Omit<FakeZammadTicket, 'organization_id'>> & { organization_id: number | null };

/** Ticket::Number::Increment with its defaults (system_id 10, min_size 5, no checksum), taking the id as the counter. */
export function defaultTicketNumber(id: number): string {
  return `10${String(id).padStart(3, '0')}`;
}

const positiveInteger = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;

/** Fails loudly on a test mistake: ids and numbers unique, a known state, positive integer references, parsable times. */
export function checkTickets(tickets: readonly FakeZammadTicket[]): void {
  const ids = new Set<number>();
  const numbers = new Set<string>();
  for (const ticket of tickets) {
    const label = `fake Zammad ticket ${String(ticket.id)}`;
    if (!positiveInteger(ticket.id)) throw new Error(`${label}: id must be a positive integer`);
    if (ids.has(ticket.id)) throw new Error(`fake Zammad tickets: duplicate id ${ticket.id}`);
    ids.add(ticket.id);
    if (!Object.hasOwn(TICKET_STATE_IDS, ticket.state)) {
      throw new Error(`${label}: unknown state '${String(ticket.state)}' (known: ${Object.keys(TICKET_STATE_IDS).join(', ')})`);
    }
    for (const key of ['customer_id', 'owner_id', 'group_id', 'priority_id'] as const) {
      if (ticket[key] !== undefined && !positiveInteger(ticket[key])) throw new Error(`${label}: ${key} must be a positive integer`);
    }
    if (ticket.organization_id !== undefined && ticket.organization_id !== null && !positiveInteger(ticket.organization_id)) {
      throw new Error(`${label}: organization_id must be a positive integer or null`);
    }
    for (const key of ['created_at', 'updated_at'] as const) {
      const value = ticket[key];
      if (value !== undefined && Number.isNaN(Date.parse(value))) throw new Error(`${label}: ${key} '${value}' is not a date`);
    }
    const number = ticket.number ?? defaultTicketNumber(ticket.id);
    if (numbers.has(number)) throw new Error(`fake Zammad tickets: duplicate number ${number}`);
    numbers.add(number);
  }
}

/** Fills the defaults: number from the id, group 1 (Users), priority 2 (2 normal), no organization, times = stampedAt. */
export function storeTickets(tickets: readonly FakeZammadTicket[], stampedAt: string): StoredTicket[] {
  checkTickets(tickets);
  return tickets.map((ticket) => ({
    id: ticket.id,
    number: ticket.number ?? defaultTicketNumber(ticket.id),
    title: ticket.title,
    customer_id: ticket.customer_id,
    owner_id: ticket.owner_id,
    state: ticket.state,
    group_id: ticket.group_id ?? 1,
    priority_id: ticket.priority_id ?? 2,
    organization_id: ticket.organization_id ?? null,
    // Rails writes times with milliseconds.
    created_at: new Date(ticket.created_at ?? stampedAt).toISOString(),
    updated_at: new Date(ticket.updated_at ?? stampedAt).toISOString(),
  }));
}

/** The fields of Zammad's ticket JSON (attributes_with_association_ids) that the fake models, in column order. */
export function ticketJson(ticket: StoredTicket): Record<string, unknown> {
  return {
    id: ticket.id,
    group_id: ticket.group_id,
    priority_id: ticket.priority_id,
    state_id: TICKET_STATE_IDS[ticket.state],
    organization_id: ticket.organization_id,
    number: ticket.number,
    title: ticket.title,
    owner_id: ticket.owner_id,
    customer_id: ticket.customer_id,
    created_at: ticket.created_at,
    updated_at: ticket.updated_at,
  };
}

/**
 * The ids `where(customer_id: params[:customer_id])` matches: the leading integer (Ruby's to_i, as ActiveModel's
 * integer cast takes it); nil (a missing param) matches nothing; an array gives IN (…). '' and non-numeric strings
 * give 0, which no ticket has (Rails compares with NULL there: nothing either).
 */
function customerIdsOf(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(customerIdsOf);
  if (value === undefined || value === null || isPlainObject(value)) return [];
  if (typeof value === 'boolean') return [value ? 1 : 0];
  return [rubyToI(value)];
}

/**
 * Ticket::ScreenOptions.list_by_customer: the tickets the current user may read (the fake's token owner reads all)
 * with that customer, newest created first (the id, descending, breaks ties), limited to 15 PER LIST (the limit is on
 * the base query and each category adds its own WHERE), then assets of every listed ticket: Ticket, plus User for the
 * owner and customer when the fake knows them (the fake has no user 1, Zammad's system user "-").
 */
export function ticketCustomer(
  tickets: readonly StoredTicket[],
  users: readonly FakeZammadUser[],
  usersStampedAt: string,
  params: Params,
): Record<string, unknown> {
  const customerIds = new Set(customerIdsOf(params.customer_id));
  const base = tickets
    .filter((ticket) => customerIds.has(ticket.customer_id))
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
  const open = base.filter((ticket) => OPEN_STATES.has(ticket.state)).slice(0, TICKET_CUSTOMER_LIMIT);
  const closed = base.filter((ticket) => CLOSED_STATES.has(ticket.state)).slice(0, TICKET_CUSTOMER_LIMIT);

  const assets: Record<string, Record<string, unknown>> = {};
  for (const ticket of [...open, ...closed]) {
    (assets.Ticket ??= {})[String(ticket.id)] = ticketJson(ticket);
    for (const userId of [ticket.owner_id, ticket.customer_id]) {
      const user = users.find((candidate) => candidate.id === userId);
      if (user) (assets.User ??= {})[String(user.id)] = userJson(user, usersStampedAt);
    }
  }
  return {
    ticket_ids_open: open.map((ticket) => ticket.id),
    ticket_ids_closed: closed.map((ticket) => ticket.id),
    assets,
  };
}
