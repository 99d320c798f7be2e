import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { tryE164 } from '../../phone/phone-number';
import type { ZammadApi } from './zammad-api';

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
  assets: z.object({ User: z.record(z.string(), z.unknown()).optional() }).loose().optional(),
}).loose();

const user = z.object({
  id: z.number().int(),
  firstname: z.string().nullish(),
  lastname: z.string().nullish(),
  phone: z.string().nullish(),
  mobile: z.string().nullish(),
}).loose();
const foundUsers = z.array(user);

export interface ZammadCustomer {
  id: number;
  /** Their name as Zammad has it, or null when it has none worth showing. */
  name: string | null;
}

/**
 * Who is behind a caller's number in Zammad. When the call was reported to the caller log,
 * Zammad matched the number itself and the row names the users; otherwise the users search
 * finds candidates by the number's usual written forms, and only those whose phone or mobile is
 * that number count.
 */
export class ZammadCallers {
  constructor(
    private readonly api: ZammadApi,
    /** How national numbers in users' phone fields are read. */
    private readonly defaultRegion: CountryCode,
  ) {}

  /** The ids of the Zammad users known under the number. */
  async known(callId: string, number: string | undefined, reported: boolean): Promise<number[]> {
    return (await this.matching(callId, number, reported)).map((u) => u.id);
  }

  /** The customer a ticket for this caller goes to: a user known under the number, else a new one with that phone. */
  async customerFor(callId: string, number: string): Promise<ZammadCustomer> {
    // Zammad's caller log can name nobody for a number its users do hold: its match is shown by
    // the user's name, and a customer made with only a phone has none (as in the fake Zammad). So
    // an empty match is not the last word here: the search looks as well.
    const logged = await this.callerLogMatch(callId);
    const [found] = logged?.length ? logged : (await this.usersWithNumber(number)).map(nameOf);
    if (found) return found;
    // Zammad needs one identifier of a user; the phone is the one we have.
    const created = user.parse(await this.api.post('/api/v1/users', { phone: number, roles: ['Customer'] }));
    return { id: created.id, name: null };
  }

  private async matching(callId: string, number: string | undefined, reported: boolean): Promise<ZammadCustomer[]> {
    const matched = reported ? await this.callerLogMatch(callId) : undefined;
    if (matched) return matched;
    return number ? (await this.usersWithNumber(number)).map(nameOf) : [];
  }

  /** Zammad's own match for this call (the row's users, with their names from its assets), or undefined without a row. */
  private async callerLogMatch(callId: string): Promise<ZammadCustomer[] | undefined> {
    const log = callerLog.parse(await this.api.get('/api/v1/cti/log'));
    const row = log.list.find((entry) => entry.call_id === callId);
    if (!row) return undefined;
    const known = (row.preferences?.from ?? []).filter((r) => r.level === 'known' && r.object === 'User');
    return [...new Set(known.map((r) => r.user_id))].map((id) => {
      const asset = user.safeParse(log.assets?.User?.[String(id)]);
      return asset.success ? nameOf(asset.data) : { id, name: null };
    });
  }

  /**
   * Users whose phone or mobile is `number`. The search matches text, not numbers, so it is
   * asked for the forms people write ("+49 30 1234567", "030 1234567", "301234567": the last is
   * inside "+49301234567" too), all at once, and each answer is checked by its own number.
   */
  private async usersWithNumber(number: string): Promise<Array<z.infer<typeof user>>> {
    const parsed = parsePhoneNumberFromString(number);
    if (!parsed) return [];
    const forms = [...new Set([parsed.formatInternational(), parsed.formatNational(), String(parsed.nationalNumber)])];
    const answers = await Promise.all(forms.map((form) => this.api.get(`/api/v1/users/search?query=${encodeURIComponent(form)}&limit=${SEARCH_LIMIT}`)));
    const users = answers.flatMap((answer) => foundUsers.parse(answer))
      .filter((u) => [u.phone, u.mobile].some((n) => tryE164(n ?? undefined, this.defaultRegion) === parsed.number));
    return [...new Map(users.map((u) => [u.id, u])).values()].sort((a, b) => b.id - a.id);
  }
}

function nameOf(found: z.infer<typeof user>): ZammadCustomer {
  const name = [found.firstname, found.lastname].filter((part) => part && part.trim()).join(' ').trim();
  return { id: found.id, name: name || null };
}
