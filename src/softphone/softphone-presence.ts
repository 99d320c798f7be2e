import type { Agent, SoftphoneSeen } from '../agents/agent';
import type { CarrierName } from '../carriers/carrier-name';
import { ItemExistsError, ItemNotFoundError, RevisionMismatchError, type ItemMap } from '../store';

/** The page beats every 30 s; three missed beats and the agent's browser is taken as gone. */
export const SIGNED_IN_SECONDS = 90;
/** A beat item outlives its sign-in by a day, then the store deletes it (pages closed without signing out). */
const BEAT_TTL_SECONDS = 24 * 60 * 60;

/** An agent's open softphone, as its last heartbeat left it: what AgentRegistry sets as `agent.softphone`. */
export type SoftphoneBeat = SoftphoneSeen;

/** Signed in to the softphone now: a heartbeat within the last SIGNED_IN_SECONDS. */
export function softphoneSignedIn(agent: Pick<Agent, 'softphone'>, now: Date): boolean {
  const beat = agent.softphone;
  return !!beat && now.getTime() - Date.parse(beat.lastSeen) < SIGNED_IN_SECONDS * 1000;
}

export interface BeatResult {
  /** The agent was not signed in before this beat (a sign-in), or was and now is not (a sign-out). */
  changed: boolean;
  signedIn: boolean;
}

/**
 * The softphones' heartbeats, in a map of their own: a beat every 30 s per open page would spend
 * the shared agent map's write budget (Sync allows each map about 20 writes a second) on
 * nothing but "still here", so the agent map is never written for them. Whether an agent is
 * signed in is read from here, against the clock, wherever the agents are read (AgentRegistry).
 */
export class SoftphonePresence {
  constructor(private readonly map: ItemMap<SoftphoneBeat>) {}

  async all(): Promise<Map<string, SoftphoneBeat>> {
    return new Map((await this.map.list()).map((item) => [item.key, item.data]));
  }

  /** One write: the beat's time. */
  async beat(agentId: string, carrier: CarrierName, now: Date): Promise<BeatResult> {
    const data: SoftphoneBeat = { lastSeen: now.toISOString(), carrier };
    const current = await this.map.get(agentId);
    const wasSignedIn = !!current && softphoneSignedIn({ softphone: current.data }, now);
    try {
      if (current) await this.map.update(agentId, data, current.revision, { ttl: BEAT_TTL_SECONDS });
      else await this.map.create(agentId, data, { ttl: BEAT_TTL_SECONDS });
    } catch (error) {
      // Another beat of the same page (a retry, a second tab) wrote at the same moment: either write says the same.
      if (!(error instanceof RevisionMismatchError || error instanceof ItemExistsError || error instanceof ItemNotFoundError)) throw error;
    }
    return { changed: !wasSignedIn, signedIn: true };
  }

  /** The page closed: the agent is out of the ring list at once instead of after SIGNED_IN_SECONDS. */
  async signOut(agentId: string, now: Date): Promise<BeatResult> {
    const current = await this.map.get(agentId);
    if (!current) return { changed: false, signedIn: false };
    await this.map.remove(agentId);
    return { changed: softphoneSignedIn({ softphone: current.data }, now), signedIn: false };
  }
}
