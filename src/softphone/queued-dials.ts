import type { OriginTicket } from '../calls/call-record';
import { ItemExistsError, ItemNotFoundError, RevisionMismatchError, StoreUnavailableError, type ItemMap } from '../store';

/** The number an agent's browser is about to dial, queued before the browser dials it. */
export interface QueuedDial {
  number: string;
  /** The helpdesk ticket the call is placed from, if any. */
  originTicket: OriginTicket | null;
  queuedAt: string;
}

/**
 * Long enough for the browser to dial and the carrier to ask for the dial plan; short enough
 * that a number queued and then not dialled is not dialled by a later, unrelated call.
 */
export const QUEUED_DIAL_SECONDS = 60;
/** Concurrent queueing by one agent (two tabs) settles within a few rounds; more means the store is misbehaving. */
const ATTEMPTS = 5;

/**
 * Numbers queued per agent (one item each, keyed by agent id) for a carrier whose browser client
 * cannot send anything but the number it dials: the dial plan then calls the queued number, not
 * whatever the browser asked for, so only numbers our own endpoint allowed get dialled.
 */
export class QueuedDials {
  constructor(private readonly map: ItemMap<QueuedDial>) {}

  /** The agent's dial, replacing one queued before. */
  async queue(agentId: string, dial: Omit<QueuedDial, 'queuedAt'>, now: Date): Promise<void> {
    const data: QueuedDial = { ...dial, queuedAt: now.toISOString() };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.map.get(agentId);
      try {
        if (current) await this.map.update(agentId, data, current.revision, { ttl: QUEUED_DIAL_SECONDS });
        else await this.map.create(agentId, data, { ttl: QUEUED_DIAL_SECONDS });
        return;
      } catch (error) {
        if (!(error instanceof RevisionMismatchError || error instanceof ItemExistsError || error instanceof ItemNotFoundError)) throw error;
      }
    }
    throw new StoreUnavailableError(`the queued dial of ${agentId} kept changing under ${ATTEMPTS} attempts`);
  }

  /**
   * Takes the agent's queued dial, once: a second dial plan for another call finds nothing.
   * The store's TTL is not exact, so the age is checked here too.
   */
  async take(agentId: string, now: Date): Promise<QueuedDial | null> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.map.get(agentId);
      if (!current) return null;
      try {
        if (!(await this.map.remove(agentId, current.revision))) return null;
      } catch (error) {
        if (error instanceof RevisionMismatchError) continue;
        throw error;
      }
      const fresh = now.getTime() - Date.parse(current.data.queuedAt) < QUEUED_DIAL_SECONDS * 1000;
      return fresh ? current.data : null;
    }
    return null;
  }
}
