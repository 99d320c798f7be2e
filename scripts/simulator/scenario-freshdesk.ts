import { randomBytes } from 'node:crypto';
import { startFakeFreshdesk, type FakeFreshdesk } from '../fake-freshdesk';
import type { ScenarioFreshdesk } from './scenario';

export interface ScenarioFreshdeskServer {
  /** What the system needs to talk to it: FRESHDESK_URL, the API key and the app secret. */
  env: Record<string, string>;
  /** What landed in it, one line each, for the transcript. */
  landed(): string[];
  close(): Promise<void>;
}

const STATUS = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' } as const;

/** The scenario's Freshdesk on loopback (scripts/fake-freshdesk: contacts, tickets, notes, agents). */
export async function startScenarioFreshdesk({ agents, contacts, tickets }: ScenarioFreshdesk): Promise<ScenarioFreshdeskServer> {
  const apiKey = randomBytes(12).toString('hex');
  const appSecret = randomBytes(12).toString('hex');
  const at = new Date().toISOString();
  const freshdesk: FakeFreshdesk = await startFakeFreshdesk({
    apiKey,
    agents: agents.map(({ id, name, email, phone, available }) => ({ id, available, contact: { name, email, phone } })),
    contacts,
    tickets: tickets.map(({ id, requester, subject, status }) => ({
      id,
      subject: subject ?? `ticket ${id}`,
      description: '<p>(from the scenario)</p>',
      requester_id: requester,
      status,
      priority: 1,
      source: 1,
      created_at: at,
      updated_at: at,
    })),
  });
  const given = new Set(tickets.map((t) => t.id));
  return {
    env: { FRESHDESK_URL: freshdesk.url, FRESHDESK_API_KEY: apiKey, FRESHDESK_APP_SECRET: appSecret },
    landed: () => {
      const names = new Map(freshdesk.contacts().map((c) => [c.id, c.name]));
      const made = freshdesk.tickets().filter((t) => !given.has(t.id));
      return [
        ...made.map((t) => `freshdesk: new ticket #${t.id} "${t.subject}" for ${names.get(t.requester_id) ?? t.requester_id} (${STATUS[t.status]}): ${plain(t.description)}`),
        ...freshdesk.notes().map((n) => `freshdesk: ${n.private ? 'private ' : ''}note on ticket #${n.ticket_id}: ${plain(n.body)}`),
      ];
    },
    close: () => freshdesk.close(),
  };
}

const plain = (html: string) => html.replace(/<br>/g, '; ').replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
