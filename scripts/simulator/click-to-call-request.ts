import type { SimulationContext } from './context';
import { resolveUrl } from './webhooks';

/**
 * The request that places the scenario's click-to-call: the Freshdesk app's Call button
 * (POST /freshdesk/click-to-call with the app secret) when it names a ticket, else the
 * dashboard's click-to-call endpoint with the bearer token.
 */
export function clickToCallRequest(sim: SimulationContext, carrier: string): { url: string; init: RequestInit; what: string } {
  const { agent, to, ticket, path } = sim.scenario.clickToCall!;
  if (ticket !== undefined) {
    const secret = sim.target.config?.values.FRESHDESK_APP_SECRET ?? '';
    return {
      url: resolveUrl('/freshdesk/click-to-call', sim.target.baseUrl),
      init: { method: 'POST', headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ ticketId: ticket, agentId: agent, carrier }) },
      what: `ticketId=${ticket}, agentId=${agent}, carrier=${carrier}`,
    };
  }
  const form = new URLSearchParams({ agentId: agent, to, ...(carrier === 'twilio' ? {} : { carrier }) });
  return {
    url: resolveUrl(path, sim.target.baseUrl),
    init: { method: 'POST', headers: { Authorization: `Bearer ${sim.target.dashboardToken}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() },
    what: [...form.entries()].map(([k, v]) => `${k}=${v}`).join(', '),
  };
}
