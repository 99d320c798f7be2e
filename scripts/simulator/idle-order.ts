import type { Agent } from '../../src/agents';
import { createTwilioClient, SyncItemMap, updateItem } from '../../src/store';

export interface AgentStore {
  syncUrl: string;
  serviceSid: string;
  mapName: string;
  accountSid: string;
  authToken: string;
}

/**
 * Makes the listed agents the longest idle, in that order, ahead of everyone else: the ring
 * order a scenario expects then holds however many calls the system took before. Written to the
 * agent map the way the product writes it (revision-checked), never while an agent is on a call.
 */
export async function setIdleOrder(store: AgentStore, agentIds: readonly string[], now = new Date()): Promise<void> {
  const client = createTwilioClient({ accountSid: store.accountSid, authToken: store.authToken, syncApiUrl: store.syncUrl });
  const map = new SyncItemMap<Agent>(client, store.serviceSid, store.mapName);
  // An hour apart, and before any call this run can have ended.
  const start = now.getTime() - (agentIds.length + 1) * 60 * 60 * 1000;
  for (const [i, id] of agentIds.entries()) {
    const lastCallEndedAt = new Date(start + i * 60 * 60 * 1000).toISOString();
    await updateItem(map, id, (agent) => (agent.status.kind === 'idle' && agent.lastCallEndedAt !== lastCallEndedAt ? { ...agent, lastCallEndedAt } : null));
  }
}
