/**
 * A fake Freshdesk API v2 for tests and the simulator: contacts, tickets, notes and agents, with Basic auth, the list
 * filters, Link paging, 429 with Retry-After, outages, and Freshdesk's error bodies. See server.ts for the routes.
 */
export { startFakeFreshdesk } from './server';
export type * from './types';
