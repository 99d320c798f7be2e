import { ItemExistsError, ItemNotFoundError, RevisionMismatchError, updateItem, type ItemMap } from '../store';
import { initialState, profileOf, type Agent, type AgentProfile, type Presence } from './agent';
import { availableAgents, isBusy, unavailableReason, type RingContext, type UnavailableReason } from './availability';
import type { AgentDirectory } from './directory';
import { softphoneSignedIn, type SoftphonePresence } from '../softphone/softphone-presence';

export interface RegistryOptions {
  /** The softphones' heartbeats, merged into every agent read (`softphone`). */
  softphones?: SoftphonePresence;
  /** REQUIRE_SIGN_IN, for the availability the view shows. */
  requireSignIn?: boolean;
}

export class UnknownAgentError extends Error {
  constructor(readonly agentId: string) {
    super(`no agent with id ${JSON.stringify(agentId)}`);
    this.name = 'UnknownAgentError';
  }
}

export interface AgentView extends Agent {
  /** Whether the agent could be rung right now, and if not, why. */
  available: boolean;
  unavailableReason: UnavailableReason | null;
  /** A softphone heartbeat within the last 90 s. */
  softphoneSignedIn: boolean;
}

export interface SyncResult {
  created: string[];
  updated: string[];
  removed: string[];
  /** No longer in the directory but on a call: removed once the call has ended and the directory is synced again. */
  kept: string[];
}

/** The agents as the shared map holds them; every change goes through a revision-checked write. */
export class AgentRegistry {
  constructor(
    private readonly map: ItemMap<Agent>,
    private readonly options: RegistryOptions = {},
  ) {}

  /** One paged read of the whole map (and one of the softphones' heartbeats, when there are softphones). */
  async all(): Promise<Agent[]> {
    const [items, beats] = await Promise.all([this.map.list(), this.options.softphones?.all()]);
    return items.map((item) => (beats ? { ...item.data, softphone: beats.get(item.key) ?? null } : item.data));
  }

  async get(agentId: string): Promise<Agent | undefined> {
    return (await this.map.get(agentId))?.data;
  }

  /** The agent a helpdesk app names by the logged-in user's email (stored lower case). */
  async byEmail(email: string): Promise<Agent | undefined> {
    const wanted = email.trim().toLowerCase();
    return (await this.all()).find((a) => a.email === wanted);
  }

  /** Who may be rung now, longest idle first. */
  async available(context: RingContext): Promise<Agent[]> {
    return availableAgents(await this.all(), context);
  }

  /**
   * Marks the agent busy on this call, unless they are already busy on another one (an agent
   * accepting two calls at once must lose one). One write to the shared map.
   */
  async markBusy(agentId: string, callId: string, now: Date, maxCallSeconds: number): Promise<Agent | null> {
    let refused = false;
    try {
      const item = await updateItem(this.map, agentId, (agent): Agent | null => {
        refused = agent.status.kind === 'busy' && agent.status.callId !== callId && isBusy(agent, now);
        if (refused || (agent.status.kind === 'busy' && agent.status.callId === callId)) return null;
        const until = new Date(now.getTime() + maxCallSeconds * 1000).toISOString();
        return { ...agent, status: { kind: 'busy', callId, since: now.toISOString(), until } };
      });
      return refused ? null : item.data;
    } catch (error) {
      if (error instanceof ItemNotFoundError) return null;
      throw error;
    }
  }

  /** Frees the agent if, and only if, they are busy on this call; repeats write nothing. */
  async release(agentId: string, callId: string, now: Date): Promise<void> {
    try {
      await updateItem(this.map, agentId, (agent): Agent | null =>
        agent.status.kind !== 'idle' && agent.status.callId === callId
          ? { ...agent, status: { kind: 'idle' }, lastCallEndedAt: now.toISOString() }
          : null,
      );
    } catch (error) {
      if (!(error instanceof ItemNotFoundError)) throw error;
    }
  }

  async view(now: Date): Promise<AgentView[]> {
    return (await this.all()).map((agent) => {
      const reason = unavailableReason(agent, { now, requireSignIn: this.options.requireSignIn });
      return { ...agent, available: reason === null, unavailableReason: reason, softphoneSignedIn: softphoneSignedIn(agent, now) };
    });
  }

  async setPresence(agentId: string, presence: Presence): Promise<Agent> {
    try {
      const item = await updateItem(this.map, agentId, (agent) => (agent.presence === presence ? null : { ...agent, presence }));
      return item.data;
    } catch (error) {
      if (error instanceof ItemNotFoundError) throw new UnknownAgentError(agentId);
      throw error;
    }
  }

  /**
   * Brings the map in line with the directory: new agents are added, changed profiles are
   * rewritten, live state (presence, a call in progress, idle time) is never touched.
   */
  async syncFrom(directory: AgentDirectory): Promise<SyncResult> {
    const entries = await directory.entries();
    const existing = new Map((await this.map.list()).map((item) => [item.key, item]));
    const result: SyncResult = { created: [], updated: [], removed: [], kept: [] };

    for (const { profile, initialPresence } of entries) {
      const current = existing.get(profile.id);
      existing.delete(profile.id);
      if (!current) {
        try {
          await this.map.create(profile.id, { ...profile, ...initialState(initialPresence) });
          result.created.push(profile.id);
          continue;
        } catch (error) {
          if (!(error instanceof ItemExistsError)) throw error;
        }
      } else if (sameProfile(profileOf(current.data), profile)) {
        continue;
      }
      const changed = await updateItem(this.map, profile.id, (agent) =>
        sameProfile(profileOf(agent), profile) ? null : { ...agent, ...profile },
      );
      if (changed.revision !== current?.revision) result.updated.push(profile.id);
    }

    for (const [id, item] of existing) {
      if (item.data.status.kind === 'idle' && (await this.removeUnlessChanged(id, item.revision))) {
        result.removed.push(id);
      } else {
        result.kept.push(id);
      }
    }
    return result;
  }

  /** A stale revision means a call just reached the agent: keep them until the next sync. */
  private async removeUnlessChanged(id: string, revision: string): Promise<boolean> {
    try {
      await this.map.remove(id, revision);
      return true;
    } catch (error) {
      if (error instanceof RevisionMismatchError) return false;
      throw error;
    }
  }
}

function sameProfile(a: AgentProfile, b: AgentProfile): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(p: AgentProfile) {
  const { id, name, helpdeskIds, phoneNumbers, atClientName, phoneSwitch, outOfOffice, languages = [], teams = [], email = null } = p;
  return {
    id,
    name,
    helpdeskIds: { zammad: helpdeskIds.zammad ?? null, freshdesk: helpdeskIds.freshdesk ?? null },
    phoneNumbers,
    atClientName,
    phoneSwitch,
    outOfOffice,
    languages,
    teams,
    email,
  };
}
