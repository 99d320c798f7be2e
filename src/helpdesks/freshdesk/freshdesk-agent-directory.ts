import type { CountryCode } from 'libphonenumber-js';
import type { AgentDirectory, DirectoryEntry } from '../../agents';
import { tryE164 } from '../../phone/phone-number';
import { FreshdeskError, type FreshdeskApi } from './freshdesk-api';

/** The agent fields we read from GET /api/v2/agents. */
interface FreshdeskAgent {
  id: number;
  /** The agent's own "available for assignment" toggle. */
  available: boolean;
  contact: { name?: string | null; email?: string | null; phone?: string | null; mobile?: string | null; active?: boolean | null };
  group_ids?: number[] | null;
}

const PAGE_SIZE = 100;
/** 5,000 agents; a bound so a misbehaving server cannot keep us paging forever. */
const MAX_PAGES = 50;

export class FreshdeskDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FreshdeskDirectoryError';
  }
}

export const freshdeskAgentId = (id: number | string) => `freshdesk-${id}`;

/**
 * Agents are Freshdesk's agents, paged by the Link header. Freshdesk's own "available" toggle,
 * which agents already use for ticket assignment, is their "take calls" switch.
 */
export class FreshdeskAgentDirectory implements AgentDirectory {
  constructor(
    private readonly api: FreshdeskApi,
    private readonly defaultRegion: CountryCode,
  ) {}

  async entries(): Promise<DirectoryEntry[]> {
    // A team is a Freshdesk group, by name; the groups are read beside the agents.
    const [agents, groups] = await Promise.all([this.all<FreshdeskAgent>('agents'), this.all<{ id: number; name: string }>('groups')]);
    const names = new Map(groups.map((g) => [g.id, g.name]));
    return agents.filter((a) => a.contact?.active !== false).map((a) => this.entryOf(a, names));
  }

  /** Every page of a list, following Freshdesk's Link header. */
  private async all<T>(what: 'agents' | 'groups'): Promise<T[]> {
    const items: T[] = [];
    let next: string | null = `/${what}?per_page=${PAGE_SIZE}`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      let answer: { data: T[]; next: string | null };
      try {
        answer = await this.api.get<T[]>(next);
      } catch (error) {
        if (error instanceof FreshdeskError) throw new FreshdeskDirectoryError(`reading Freshdesk's ${what} failed: ${error.message}`);
        throw error;
      }
      if (!Array.isArray(answer.data)) throw new FreshdeskDirectoryError(`reading Freshdesk's ${what} failed: the answer was not a list`);
      items.push(...answer.data);
      next = answer.next;
    }
    return items;
  }

  private entryOf(agent: FreshdeskAgent, groups: Map<number, string>): DirectoryEntry {
    const { name, email, phone, mobile } = agent.contact;
    const numbers = [phone, mobile].map((n) => tryE164(n ?? undefined, this.defaultRegion)).filter((n): n is string => n !== undefined);
    return {
      profile: {
        id: freshdeskAgentId(agent.id),
        name: name?.trim() || email || `Freshdesk agent ${agent.id}`,
        helpdeskIds: { freshdesk: String(agent.id) },
        phoneNumbers: [...new Set(numbers)],
        atClientName: null,
        phoneSwitch: agent.available === true,
        outOfOffice: null,
        email: email ? email.toLowerCase() : null,
        teams: (agent.group_ids ?? []).flatMap((id) => groups.get(id) ?? []),
      },
      initialPresence: 'available',
    };
  }
}
