import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { BackoffPolicy } from '../../store/backoff';
import type { CallerOfCall, TicketOwnerLookup } from '../../routing/ticket-owner';
import { zammadAgentId } from './zammad-agent-directory';
import { ZammadApi } from './zammad-api';
import { ZammadCallers } from './zammad-callers';
import { log } from '../../logging/masked-log';

export interface ZammadTicketOwnerSettings {
  url: string;
  apiToken: string;
  /** How national numbers in users' phone fields are read. */
  defaultRegion: CountryCode;
  timeoutMs: number;
  retry: BackoffPolicy;
}

/** Zammad's system user "-": a ticket owned by it has no owner. */
const UNASSIGNED = 1;
/** Numbers shared by several customers (a switchboard, a family phone): ask about at most this many. */
const MAX_CUSTOMERS = 3;

/** GET /api/v1/ticket_customer: the customer's newest open and closed tickets, with the tickets as assets. */
const customerTickets = z.object({
  ticket_ids_open: z.array(z.number().int()),
  assets: z.object({
    Ticket: z.record(z.string(), z.object({ id: z.number().int(), owner_id: z.number().int().nullable(), updated_at: z.string() }).loose()).optional(),
  }).loose(),
}).loose();

type OpenTicket = { ownerId: number; updatedAt: number };

/**
 * Ticket owner lookup in Zammad. Which users are behind the caller's number: when the call was
 * reported first (the Studio flow does), Zammad matched it itself for the caller log, and that
 * row names them. A call we decide before reporting it (a direct Twilio or Africa's Talking call)
 * has no row yet: the users search finds candidates by the number's usual written forms, and only
 * those whose phone or mobile is that number count. Their open tickets then say who owns the one
 * most recently worked on.
 */
export class ZammadTicketOwners implements TicketOwnerLookup {
  private readonly api: ZammadApi;
  private readonly callers: ZammadCallers;

  constructor(settings: ZammadTicketOwnerSettings) {
    this.api = new ZammadApi(settings);
    this.callers = new ZammadCallers(this.api, settings.defaultRegion);
  }

  async ownerOf({ callId, callerNumber, reported }: CallerOfCall): Promise<string | null> {
    try {
      const customers = await this.callers.known(callId, callerNumber, reported);
      const tickets = (await Promise.all(customers.slice(0, MAX_CUSTOMERS).map((id) => this.openTickets(id)))).flat();
      const newest = tickets.filter((t) => t.ownerId !== UNASSIGNED).sort((a, b) => b.updatedAt - a.updatedAt)[0];
      return newest ? zammadAgentId(newest.ownerId) : null;
    } catch (error) {
      log.warn(`ticket owner lookup for call ${callId} skipped: ${(error as Error).message}`);
      return null;
    }
  }

  private async openTickets(customerId: number): Promise<OpenTicket[]> {
    const answer = customerTickets.parse(await this.api.get(`/api/v1/ticket_customer?customer_id=${customerId}`));
    const assets = answer.assets.Ticket ?? {};
    return answer.ticket_ids_open.flatMap((id) => {
      const ticket = assets[String(id)];
      const updatedAt = ticket ? Date.parse(ticket.updated_at) : NaN;
      return ticket?.owner_id != null && Number.isFinite(updatedAt) ? [{ ownerId: ticket.owner_id, updatedAt }] : [];
    });
  }
}
