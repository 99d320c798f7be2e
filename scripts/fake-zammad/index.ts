/**
 * A fake Zammad for tests: the Generic CTI push API with Zammad's own state machine and answers, the caller log, the
 * users search, a customer's tickets (ticket_customer), creating tickets with articles and attachments, notes and
 * customers (ticket-create.ts), and outgoing (signed) webhooks. See types.ts for the API and
 * server.ts for the routes.
 */
export { startFakeZammad } from './server';
export { railsJson } from './rails-json';
export { ZAMMAD_MESSAGES, OPAQUE_ERROR } from './errors';
export { normalizeNumber, extractNumbers } from './caller-id';
export { DEFAULT_TRIGGER_NAME } from './webhook';
export { TICKET_STATE_IDS, TICKET_CUSTOMER_LIMIT } from './tickets';
export type {
  FakeZammadArticle,
  FakeZammadGroup,
  CallerIdRecord,
  CtiConfigChange,
  CtiLogRow,
  CtiRequest,
  FakeZammad,
  FakeZammadOptions,
  FakeZammadTicket,
  FakeZammadTicketState,
  FakeZammadUser,
  Outage,
  RoutingRow,
} from './types';
