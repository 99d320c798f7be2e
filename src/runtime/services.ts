import { AgentRegistry, type Agent } from '../agents';
import type { RuntimeConfig } from '../config';
import { createTwilioClient, SyncItemMap } from '../store';

/** Everything a Function may use, wired once per configuration. */
export interface Services {
  agents: AgentRegistry;
  now(): Date;
}

let cached: { key: string; services: Services } | undefined;

export function servicesFor(config: RuntimeConfig): Services {
  const key = JSON.stringify(config);
  if (cached?.key !== key) cached = { key, services: buildServices(config) };
  return cached.services;
}

export function buildServices(config: RuntimeConfig): Services {
  const client = createTwilioClient({
    accountSid: config.ACCOUNT_SID,
    authToken: config.AUTH_TOKEN,
    syncApiUrl: config.SYNC_API_URL,
  });
  const agentMap = new SyncItemMap<Agent>(client, config.SYNC_SERVICE_SID, config.SYNC_AGENT_MAP);
  return { agents: new AgentRegistry(agentMap), now: () => new Date() };
}
