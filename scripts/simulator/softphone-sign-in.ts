import { SimulationError } from './errors';
import type { SimulationTarget } from './target';

/**
 * Signs agents in to the browser softphone as their page would: the dashboard hands out each
 * agent's signed link (GET /softphone/link), and the page posts a heartbeat with it. Returns
 * what signs them out again (the page closing), so a run leaves the system as it found it.
 */
export async function signInSoftphones(target: SimulationTarget, agentIds: readonly string[]): Promise<() => Promise<void>> {
  const links: Array<Record<string, string>> = [];
  for (const agentId of agentIds) {
    const res = await fetch(`${target.baseUrl}/softphone/link?agentId=${encodeURIComponent(agentId)}`, { headers: { Authorization: `Bearer ${target.dashboardToken}` } });
    if (!res.ok) throw new SimulationError(`GET /softphone/link for ${agentId} answered ${res.status}: ${await res.text()}`);
    const { path } = (await res.json()) as { path: string };
    const link = Object.fromEntries(new URL(path, target.baseUrl).searchParams);
    await heartbeat(target, link, 'online');
    links.push(link);
  }
  return async () => {
    for (const link of links) await heartbeat(target, link, 'offline');
  };
}

async function heartbeat(target: SimulationTarget, link: Record<string, string>, state: 'online' | 'offline'): Promise<void> {
  const res = await fetch(`${target.baseUrl}/softphone/heartbeat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...link, state, carrier: 'twilio' }).toString(),
  });
  if (!res.ok) throw new SimulationError(`POST /softphone/heartbeat (${state}) for ${link.agent} answered ${res.status}: ${await res.text()}`);
}
