import type { CountryCode } from 'libphonenumber-js';
import type { AgentDirectory, DirectoryEntry } from '../../agents';
import { execute } from '../../http/execute';
import { tryE164 } from '../../phone/phone-number';
import type { BackoffPolicy } from '../../store/backoff';
import { startOfDay } from './zoned-day';

/** The user fields we read from Zammad's users search (see Zammad's user API). */
export interface ZammadUser {
  id: number;
  login: string;
  email?: string | null;
  firstname?: string | null;
  lastname?: string | null;
  phone?: string | null;
  mobile?: string | null;
  active: boolean;
  out_of_office?: boolean | null;
  out_of_office_start_at?: string | null;
  out_of_office_end_at?: string | null;
  preferences?: { cti?: unknown } | null;
  /** Group id → access, e.g. { "1": ["full"] } (older Zammad: a list of ids). */
  group_ids?: Record<string, unknown> | number[] | null;
}

interface ZammadGroup {
  id: number;
  name: string;
  active?: boolean;
}

export interface ZammadDirectorySettings {
  url: string;
  apiToken: string;
  defaultRegion: CountryCode;
  /** Zammad's `timezone_default`: out-of-office days start and end at midnight there. */
  timeZone: string;
  timeoutMs: number;
  retry: BackoffPolicy;
}

const PAGE_SIZE = 100;
/** 5,000 agents; a bound so a misbehaving server cannot keep us paging forever. */
const MAX_PAGES = 50;

export class ZammadDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZammadDirectoryError';
  }
}

/** Agents are Zammad's users with the cti.agent permission. */
export class ZammadAgentDirectory implements AgentDirectory {
  constructor(private readonly settings: ZammadDirectorySettings) {}

  async entries(): Promise<DirectoryEntry[]> {
    // The groups are read beside the first page: a team is a group, named as Zammad shows it.
    const [groups, first] = await Promise.all([this.groupNames(), this.page(1)]);
    const users: ZammadUser[] = [...first];
    for (let page = 2, batch = first; batch.length === PAGE_SIZE && page <= MAX_PAGES; page++) {
      batch = await this.page(page);
      users.push(...batch);
    }
    return users.filter((u) => u.active).map((u) => toEntry(u, groups, this.settings));
  }

  private async page(page: number): Promise<ZammadUser[]> {
    const query = new URLSearchParams({ query: '*', 'permissions[]': 'cti.agent', limit: String(PAGE_SIZE), page: String(page) });
    return this.list<ZammadUser>(`/api/v1/users/search?${query}`, 'agents');
  }

  /** Active groups by id; a group switched off takes no calls. */
  private async groupNames(): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (let page = 1; page <= MAX_PAGES; page++) {
      const batch = await this.list<ZammadGroup>(`/api/v1/groups?page=${page}&per_page=${PAGE_SIZE}`, 'groups');
      for (const group of batch) if (group.active !== false) names.set(String(group.id), group.name);
      if (batch.length < PAGE_SIZE) break;
    }
    return names;
  }

  private async list<T>(path: string, what: 'agents' | 'groups'): Promise<T[]> {
    const result = await execute({
      method: 'GET',
      url: `${this.settings.url}${path}`,
      headers: { Authorization: `Token token=${this.settings.apiToken}` },
      timeoutMs: this.settings.timeoutMs,
      retry: this.settings.retry,
      retryStatus: (status) => status >= 500,
    });
    if (!result.ok) {
      const hint = result.status === 401 || result.status === 403 ? ' (check ZAMMAD_API_TOKEN: it needs the admin.user or ticket.agent permission)' : '';
      throw new ZammadDirectoryError(`reading Zammad's ${what} failed: ${result.error}${hint}`);
    }
    if (!Array.isArray(result.data)) throw new ZammadDirectoryError(`reading Zammad's ${what} failed: the answer was not a list`);
    return result.data as T[];
  }
}

export const zammadAgentId = (userId: number | string) => `zammad-${userId}`;

/** The names of the (active) groups the user has any access to: Zammad's own "member of". */
function teamsOf(user: ZammadUser, groups: Map<string, string>): string[] {
  const access = user.group_ids;
  const ids = Array.isArray(access) ? access.map(String) : Object.keys(access ?? {});
  return ids.flatMap((id) => groups.get(id) ?? []);
}

function toEntry(user: ZammadUser, groups: Map<string, string>, { defaultRegion, timeZone }: ZammadDirectorySettings): DirectoryEntry {
  const numbers = [user.phone, user.mobile]
    .map((n) => tryE164(n ?? undefined, defaultRegion))
    .filter((n): n is string => n !== undefined);
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ').trim() || user.login;
  return {
    profile: {
      id: zammadAgentId(user.id),
      name,
      helpdeskIds: { zammad: String(user.id) },
      phoneNumbers: [...new Set(numbers)],
      atClientName: null,
      phoneSwitch: user.preferences?.cti === true,
      outOfOffice: outOfOffice(user, timeZone),
      teams: teamsOf(user, groups),
      email: user.email ? user.email.toLowerCase() : null,
    },
    initialPresence: 'available',
  };
}

/**
 * Zammad's rule: away only when the flag is set AND both dates are set, from the start of the
 * first day to the end of the last, in Zammad's time zone.
 */
function outOfOffice(user: ZammadUser, timeZone: string): { start: string; end: string } | null {
  const { out_of_office: on, out_of_office_start_at: from, out_of_office_end_at: to } = user;
  if (!on || !from || !to) return null;
  const start = startOfDay(from, timeZone);
  const end = startOfDay(to, timeZone, 1);
  return start && end && start < end ? { start: start.toISOString(), end: end.toISOString() } : null;
}
