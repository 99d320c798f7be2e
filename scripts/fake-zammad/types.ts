/**
 * Public types of the fake Zammad: the Generic CTI push endpoint, the caller log, the users search, the tickets of a
 * customer (ticket_customer) and outgoing webhooks, with Zammad's own rules (from Zammad's documentation and its own
 * request and model specs).
 */

export interface FakeZammadUser {
  id: number;
  login: string;
  firstname: string;
  lastname: string;
  email: string;
  phone?: string;
  mobile?: string;
  active: boolean;
  out_of_office?: boolean;
  /** 'YYYY-MM-DD' */
  out_of_office_start_at?: string | null;
  /** 'YYYY-MM-DD' */
  out_of_office_end_at?: string | null;
  out_of_office_replacement_id?: number | null;
  /** e.g. { cti: true } (the "Phone" switch of the caller log) */
  preferences?: Record<string, unknown>;
  /**
   * The permissions the user's roles grant, e.g. ['ticket.agent', 'cti.agent']. A parent permission covers its
   * children, as in Zammad ('cti' covers 'cti.agent').
   */
  permissions: string[];
  /** Group id → access ('full', or e.g. ['read', 'change']), shown as group_ids. Default: none. */
  group_ids?: Record<number, string | string[]>;
  /** Extension: role ids shown in the JSON. Default: 1 (Admin) for 'admin*', 2 (Agent) for 'ticket.agent', 3 (Customer) for 'ticket.customer'. */
  role_ids?: number[];
}

/** A group (GET /api/v1/groups). */
export interface FakeZammadGroup {
  id: number;
  /** Nested groups show their full path, e.g. "Sales › EMEA". */
  name: string;
  /** Default true. */
  active?: boolean;
}

/** Zammad's seeded ticket states, by name (ids 1 to 7 in this order: see TICKET_STATE_IDS). */
export type FakeZammadTicketState = 'new' | 'open' | 'pending reminder' | 'closed' | 'merged' | 'removed' | 'pending close';

/**
 * A ticket as GET /api/v1/ticket_customer lists it. Only the fields the fake models; articles, groups and priorities
 * are not modelled (group_id and priority_id are just numbers).
 */
export interface FakeZammadTicket {
  /** A positive integer, unique. */
  id: number;
  /** Unique. Default: Zammad's increment format with system_id 10, the id as the counter ('10001' for id 1). */
  number?: string;
  title: string;
  customer_id: number;
  /** 1 is Zammad's system user "-", meaning unassigned. */
  owner_id: number;
  /** Serialised as state_id: 1 new, 2 open, 3 pending reminder, 4 closed, 5 merged, 6 removed, 7 pending close. */
  state: FakeZammadTicketState;
  /** Default 1 (the seeded group "Users"). */
  group_id?: number;
  /** Extension. Default 2 ('2 normal'). */
  priority_id?: number;
  /** Extension. Default null. */
  organization_id?: number | null;
  /** Any Date.parse-able time, sent as ISO with milliseconds. Default: now() when the tickets were set. */
  created_at?: string;
  /** Same as created_at. */
  updated_at?: string;
}

/** A Cti::CallerId row as Zammad copies it into cti_logs.preferences.from / .to (the "known" level only). */
export interface CallerIdRecord {
  caller_id: string;
  comment: string | null;
  level: 'known';
  object: 'User';
  o_id: number;
  user_id: number;
}

/** What Zammad stores in cti_logs (research 1.1 / 1.5). */
export interface CtiLogRow {
  id: number;
  call_id: string;
  direction: 'in' | 'out';
  from: string;
  to: string;
  queue: string | null;
  state: 'newCall' | 'answer' | 'hangup';
  done: boolean;
  /** the `cause` of the latest event */
  comment: string | null;
  from_comment: string | null;
  to_comment: string | null;
  initialized_at: string;
  start_at: string | null;
  end_at: string | null;
  /** Extension (real cti_logs columns): whole seconds, as Zammad computes them with Time#to_i. */
  duration_waiting_time: number | null;
  duration_talking_time: number | null;
  /** Extension (real column): the caller-id matches found at newCall; empty object when none. */
  preferences: { from?: CallerIdRecord[]; to?: CallerIdRecord[] };
  created_at: string;
  updated_at: string;
}

export interface CtiRequest {
  /** now() when the request arrived */
  at: number;
  /** The params as Rails sees them: the query string merged with the form or JSON body. */
  params: Record<string, unknown>;
  /**
   * The status sent; 0 while still pending (a hang outage) or when the socket was reset. Under a lost-reply outage, the
   * status Zammad would have sent: the event was processed, only the reply never reached the client.
   */
  status: number;
  /** Extension: true when the request was processed but its connection was reset instead of answered (lost-reply). */
  replyLost?: true;
  /** The parsed JSON body sent, the text of a non-JSON body, or undefined when nothing was sent. */
  body: unknown;
  /** Extension: the :token path segment the request used. */
  token: string;
  /** Extension: the request's Content-Type header, if any. */
  contentType: string | undefined;
  /**
   * Extension: for a processed inbound `answer`, the id of the cti.agent Zammad would open the caller's screen for
   * (answeringNumber → known number, then exact phone, then `user` as login, then `user_id`); null when none.
   * Undefined for every other request.
   */
  answering_user_id?: number | null;
}

export type Outage =
  | false
  | { kind: 'status'; status: number }
  | { kind: 'reset' }
  /** Wait `ms`, then process and answer normally (even if the client gave up meanwhile, as Puma would). */
  | { kind: 'hang'; ms: number }
  /**
   * Extension: process a CTI push as usual (only these events, when given), then reset the connection instead of
   * answering, as when a proxy or the network drops the reply after Zammad committed. Every other request is answered
   * normally, so the caller log still shows what was applied. `requests` ('POST /api/v1/tickets'): the same for
   * those REST requests instead.
   */
  | { kind: 'lost-reply'; events?: string[]; requests?: string[] };

export interface RoutingRow {
  dest: string;
  caller_id: string;
}

/** An article as the fake stores it: attachments with their decoded bytes. */
export interface FakeZammadArticle {
  id: number;
  ticket_id: number;
  type: string;
  sender: string;
  internal: boolean;
  subject: string | null;
  body: string;
  content_type: string;
  attachments: Array<{ id: number; filename: string; size: string; preferences: { 'Mime-Type': string }; data: Buffer }>;
  created_at: string;
}

export interface FakeZammadOptions {
  /** Setting cti_token: the path segment of POST /api/v1/cti/:token */
  ctiToken: string;
  /** The personal access token accepted as `Authorization: Token token=…` (its owner has every permission). */
  apiToken: string;
  /** Setting cti_integration. Default true. */
  integrationEnabled?: boolean;
  /** Extension: false = cti_config is blank ({}), which Zammad answers with 422 "Feature not configured". Default true. */
  ctiConfigured?: boolean;
  /** cti_config.inbound.block_caller_ids[].caller_id, exact string compare against `from`. */
  blockCallerIds?: string[];
  /** cti_config.outbound.routing_table: `dest` with `*` as `.+?`, anchored; first match wins. */
  routingTable?: RoutingRow[];
  /** cti_config.outbound.default_caller_id */
  defaultCallerId?: string;
  /** Extension: cti_config.view_limit, the length of GET /api/v1/cti/log. Default 60. */
  viewLimit?: number;
  users?: FakeZammadUser[];
  /** Default: Zammad's seeded group "Users" (id 1). */
  groups?: FakeZammadGroup[];
  /** The tickets, all readable by the token's owner. Validated: unique ids and numbers, known states. */
  tickets?: FakeZammadTicket[];
  /** Extension: names of the groups the token's user may create tickets in (403 elsewhere). Default: every group. */
  ticketGroups?: string[];
  /** Millisecond clock. Default Date.now. */
  now?: () => number;
}

/** The parts of cti_config that can be changed while running (Zammad reads the setting on every request). */
export type CtiConfigChange = Partial<
  Pick<FakeZammadOptions, 'ctiConfigured' | 'blockCallerIds' | 'routingTable' | 'defaultCallerId' | 'viewLimit'>
>;

export interface FakeZammad {
  /** http://127.0.0.1:PORT (ZAMMAD_URL) */
  url: string;
  close(): Promise<void>;
  /** Copies of all rows, oldest first. */
  logs(): CtiLogRow[];
  log(callId: string): CtiLogRow | undefined;
  /** Every POST to /api/v1/cti/:token, in arrival order, including rejected ones and those answered by an outage. */
  requests(): CtiRequest[];
  /** Simulate Zammad down: answer every request with that status, reset the socket, or hang for ms before answering normally. */
  setOutage(outage: Outage): void;
  setIntegrationEnabled(on: boolean): void;
  /** Extension: change cti_config (block list, routing table, default caller id, configured, view limit). */
  setCtiConfig(change: CtiConfigChange): void;
  /** Replaces the users. Existing caller-log rows keep their comments (Zammad's background re-link is not modelled). */
  setUsers(users: FakeZammadUser[]): void;
  /**
   * Replaces the tickets (to add, replace or remove one, pass the whole new list). Validated like the tickets option;
   * tickets without created_at / updated_at get now().
   */
  setTickets(tickets: FakeZammadTicket[]): void;
  /** Every ticket as it is now (created ones included), with its articles. */
  tickets(): Array<Record<string, unknown> & { id: number; customer_id: number; group_id: number; title: string; articles: FakeZammadArticle[] }>;
  /** Copies of the users as they are now (created customers included). */
  users(): FakeZammadUser[];
  /**
   * Posts a Zammad webhook (as a Trigger/Macro would) to `url`: JSON body, X-Hub-Signature: sha1=<hex HMAC-SHA1 of
   * the exact body with secret>, User-Agent 'Zammad User Agent', X-Zammad-Trigger, X-Zammad-Delivery. The body is
   * serialised the way Rails' to_json does. Returns the fetch Response.
   */
  sendWebhook(url: string, payload: unknown, secret: string, trigger?: string): Promise<Response>;
}
