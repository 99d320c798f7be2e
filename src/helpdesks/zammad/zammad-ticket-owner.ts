import { z } from 'zod';
import { execute } from '../../http/execute';
import type { BackoffPolicy } from '../../store/backoff';
import type { TicketOwnerLookup } from '../../routing/ticket-owner';
import { zammadAgentId } from './zammad-agent-directory';

export interface ZammadTicketOwnerSettings {
  url: string;
  apiToken: string;
  timeoutMs: number;
  retry: BackoffPolicy;
}

/** Zammad's system user "-": a ticket owned by it has no owner. */
const UNASSIGNED = 1;
/** Numbers shared by several customers (a switchboard, a family phone): ask about at most this many. */
const MAX_CUSTOMERS = 3;

/** The caller-log fields we read: Zammad's own caller-id match of the row's numbers (Cti::CallerId). */
const callerLog = z.object({
  list: z.array(
    z.object({
      call_id: z.string(),
      preferences: z
        .object({
          from: z.array(z.object({ level: z.string(), object: z.string(), user_id: z.number().int() }).loose()).optional(),
        })
        .loose()
        .nullish(),
    }).loose(),
  ),
}).loose();

/** GET /api/v1/ticket_customer: the customer's newest open and closed tickets, with the tickets as assets. */
const customerTickets = z.object({
  ticket_ids_open: z.array(z.number().int()),
  assets: z.object({
    Ticket: z.record(z.string(), z.object({ id: z.number().int(), owner_id: z.number().int().nullable(), updated_at: z.string() }).loose()).optional(),
  }).loose(),
}).loose();

type OpenTicket = { ownerId: number; updatedAt: number };

/**
 * Ticket owner lookup in Zammad. Matching a caller's number to a customer is Zammad's own
 * business (it normalises numbers and knows every user's phone fields), and it did it when our
 * newCall arrived: the caller-log row for this call names the known users behind the number.
 * Their open tickets then say who owns the one most recently worked on.
 */
export class ZammadTicketOwners implements TicketOwnerLookup {
  constructor(private readonly settings: ZammadTicketOwnerSettings) {}

  async ownerOf({ callId }: { callId: string }): Promise<string | null> {
    try {
      const customers = await this.knownCallers(callId);
      const tickets = (await Promise.all(customers.slice(0, MAX_CUSTOMERS).map((id) => this.openTickets(id)))).flat();
      const newest = tickets.filter((t) => t.ownerId !== UNASSIGNED).sort((a, b) => b.updatedAt - a.updatedAt)[0];
      return newest ? zammadAgentId(newest.ownerId) : null;
    } catch (error) {
      console.warn(`ticket owner lookup for call ${callId} skipped: ${(error as Error).message}`);
      return null;
    }
  }

  /** The Zammad users known under the caller's number, as Zammad matched them for this call. */
  private async knownCallers(callId: string): Promise<number[]> {
    const log = callerLog.parse(await this.get('/api/v1/cti/log'));
    const row = log.list.find((entry) => entry.call_id === callId);
    const known = (row?.preferences?.from ?? []).filter((r) => r.level === 'known' && r.object === 'User');
    return [...new Set(known.map((r) => r.user_id))];
  }

  private async openTickets(customerId: number): Promise<OpenTicket[]> {
    const answer = customerTickets.parse(await this.get(`/api/v1/ticket_customer?customer_id=${customerId}`));
    const assets = answer.assets.Ticket ?? {};
    return answer.ticket_ids_open.flatMap((id) => {
      const ticket = assets[String(id)];
      const updatedAt = ticket ? Date.parse(ticket.updated_at) : NaN;
      return ticket?.owner_id != null && Number.isFinite(updatedAt) ? [{ ownerId: ticket.owner_id, updatedAt }] : [];
    });
  }

  private async get(path: string): Promise<unknown> {
    const result = await execute({
      method: 'GET',
      url: `${this.settings.url}${path}`,
      headers: { Authorization: `Token token=${this.settings.apiToken}` },
      timeoutMs: this.settings.timeoutMs,
      retry: this.settings.retry,
    });
    if (result.ok) return result.data;
    const hint = result.status === 401 || result.status === 403 ? ' (ZAMMAD_API_TOKEN needs the cti.agent and ticket.agent permissions)' : '';
    throw new Error(`${result.error}${hint}`);
  }
}
