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
    const agents: FreshdeskAgent[] = [];
    let next: string | null = `/agents?per_page=${PAGE_SIZE}`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const answer: { data: FreshdeskAgent[]; next: string | null } = await this.page(next);
      if (!Array.isArray(answer.data)) throw new FreshdeskDirectoryError('reading Freshdesk\'s agents failed: the answer was not a list');
      agents.push(...answer.data);
      next = answer.next;
    }
    return agents.filter((a) => a.contact?.active !== false).map((a) => this.entryOf(a));
  }

  private async page(link: string) {
    try {
      return await this.api.get<FreshdeskAgent[]>(link);
    } catch (error) {
      if (error instanceof FreshdeskError) throw new FreshdeskDirectoryError(`reading Freshdesk's agents failed: ${error.message}`);
      throw error;
    }
  }

  private entryOf(agent: FreshdeskAgent): DirectoryEntry {
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
      },
      initialPresence: 'available',
    };
  }
}
