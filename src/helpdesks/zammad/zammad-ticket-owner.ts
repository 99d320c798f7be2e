import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { execute } from '../../http/execute';
import { tryE164 } from '../../phone/phone-number';
import type { BackoffPolicy } from '../../store/backoff';
import type { CallerOfCall, TicketOwnerLookup } from '../../routing/ticket-owner';
import { zammadAgentId } from './zammad-agent-directory';

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
/** Enough for a shared number and a few users whose other fields happen to contain the digits. */
const SEARCH_LIMIT = 10;

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

/** The users search's fields we read. */
const foundUsers = z.array(z.object({ id: z.number().int(), phone: z.string().nullish(), mobile: z.string().nullish() }).loose());

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
  constructor(private readonly settings: ZammadTicketOwnerSettings) {}

  async ownerOf({ callId, callerNumber, reported }: CallerOfCall): Promise<string | null> {
    try {
      const customers = await this.knownCallers(callId, callerNumber, reported);
      const tickets = (await Promise.all(customers.slice(0, MAX_CUSTOMERS).map((id) => this.openTickets(id)))).flat();
      const newest = tickets.filter((t) => t.ownerId !== UNASSIGNED).sort((a, b) => b.updatedAt - a.updatedAt)[0];
      return newest ? zammadAgentId(newest.ownerId) : null;
    } catch (error) {
      console.warn(`ticket owner lookup for call ${callId} skipped: ${(error as Error).message}`);
      return null;
    }
  }

  /** The Zammad users known under the caller's number. */
  private async knownCallers(callId: string, callerNumber: string | undefined, reported: boolean): Promise<number[]> {
    const matched = reported ? await this.callerLogMatch(callId) : undefined;
    if (matched) return matched;
    return callerNumber ? this.usersWithNumber(callerNumber) : [];
  }

  /** Zammad's own match for this call, or undefined when the row is not (or no longer) in the caller log. */
  private async callerLogMatch(callId: string): Promise<number[] | undefined> {
    const log = callerLog.parse(await this.get('/api/v1/cti/log'));
    const row = log.list.find((entry) => entry.call_id === callId);
    if (!row) return undefined;
    const known = (row.preferences?.from ?? []).filter((r) => r.level === 'known' && r.object === 'User');
    return [...new Set(known.map((r) => r.user_id))];
  }

  /**
   * Users whose phone or mobile is `number`. The search matches text, not numbers, so it is
   * asked for the forms people write ("+49 30 1234567", "030 1234567", "301234567": the last is
   * inside "+49301234567" too), all at once, and each answer is checked by its own number.
   */
  private async usersWithNumber(number: string): Promise<number[]> {
    const parsed = parsePhoneNumberFromString(number);
    if (!parsed) return [];
    const forms = [...new Set([parsed.formatInternational(), parsed.formatNational(), String(parsed.nationalNumber)])];
    const answers = await Promise.all(forms.map((form) => this.get(`/api/v1/users/search?query=${encodeURIComponent(form)}&limit=${SEARCH_LIMIT}`)));
    const ids = answers.flatMap((answer) => foundUsers.parse(answer))
      .filter((user) => [user.phone, user.mobile].some((n) => tryE164(n ?? undefined, this.settings.defaultRegion) === parsed.number))
      .map((user) => user.id);
    return [...new Set(ids)].sort((a, b) => b - a);
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
