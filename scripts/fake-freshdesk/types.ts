/**
 * Public types of the fake Freshdesk: the parts of the Freshdesk API v2 the product uses (contacts, tickets with
 * include=requester, notes and conversations, agents), with Freshdesk's auth, paging, rate-limit and error shapes
 * (developers.freshdesk.com/api).
 */

export interface FakeFreshdeskContact {
  id: number;
  name: string;
  email?: string | null;
  /** As typed in Freshdesk: the list filters match this text exactly. */
  phone?: string | null;
  mobile?: string | null;
  active?: boolean;
}

/** 2 Open, 3 Pending, 4 Resolved, 5 Closed. */
export type TicketStatus = 2 | 3 | 4 | 5;

export interface FakeFreshdeskTicket {
  id: number;
  subject: string;
  /** HTML. */
  description: string;
  requester_id: number;
  status: TicketStatus;
  /** 1 Low … 4 Urgent. */
  priority: number;
  /** 1 Email, 2 Portal, 3 Phone, 7 Chat, 9 Feedback widget, 10 Outbound email. */
  source: number;
  responder_id?: number | null;
  created_at: string;
  updated_at: string;
}

export interface FakeFreshdeskNote {
  id: number;
  ticket_id: number;
  /** HTML. */
  body: string;
  private: boolean;
  incoming: boolean;
  created_at: string;
}

export interface FakeFreshdeskAgent {
  id: number;
  /** The agent's own "available for assignment" toggle. */
  available: boolean;
  occasional?: boolean;
  contact: { name: string; email: string; phone?: string | null; mobile?: string | null; active?: boolean };
  group_ids?: number[];
}

export interface FakeFreshdeskGroup {
  id: number;
  name: string;
}

export type FreshdeskOutage =
  | false
  | { kind: 'status'; status: number }
  /** 429 with Retry-After (seconds) for the next `count` requests (default: every request until cleared). */
  | { kind: 'rate-limit'; retryAfterSeconds: number; count?: number }
  | { kind: 'reset' }
  /** Wait `ms`, then process and answer normally (even if the client gave up meanwhile). */
  | { kind: 'hang'; ms: number }
  /** Process writes (POST) as usual, then reset the connection instead of answering. */
  | { kind: 'lost-reply' };

export interface FreshdeskRequest {
  method: string;
  /** Path and query, e.g. /api/v2/contacts?phone=%2B2547… */
  url: string;
  body: unknown;
  status: number;
}

export interface FakeFreshdeskOptions {
  /** Basic auth: this key as user, any password (Freshdesk's docs say X). */
  apiKey: string;
  contacts?: FakeFreshdeskContact[];
  tickets?: FakeFreshdeskTicket[];
  agents?: FakeFreshdeskAgent[];
  groups?: FakeFreshdeskGroup[];
  now?: () => number;
}

export interface FakeFreshdesk {
  url: string;
  contacts(): FakeFreshdeskContact[];
  tickets(): FakeFreshdeskTicket[];
  notes(ticketId?: number): FakeFreshdeskNote[];
  requests(): FreshdeskRequest[];
  setOutage(outage: FreshdeskOutage): void;
  setAgents(agents: FakeFreshdeskAgent[]): void;
  setTickets(tickets: FakeFreshdeskTicket[]): void;
  close(): Promise<void>;
}
