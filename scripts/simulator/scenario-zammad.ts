import { randomBytes } from 'node:crypto';
import { startFakeZammad, type FakeZammadUser } from '../fake-zammad';
import type { ScenarioZammad } from './scenario';

export interface ScenarioZammadServer {
  /** What the system needs to talk to it: ZAMMAD_URL and both tokens. */
  env: Record<string, string>;
  /** The tickets and articles that landed in it, one line each, for the transcript. */
  landed(): string[];
  close(): Promise<void>;
}

/** The scenario's Zammad on loopback (scripts/fake-zammad: Zammad's CTI, caller log, users and tickets). */
export async function startScenarioZammad({ users, tickets }: ScenarioZammad): Promise<ScenarioZammadServer> {
  const ctiToken = randomBytes(12).toString('hex');
  const apiToken = randomBytes(12).toString('hex');
  const zammad = await startFakeZammad({
    ctiToken,
    apiToken,
    users: users.map(toZammadUser),
    tickets: tickets.map(({ id, customer, owner, state, updatedAt }) => ({
      id,
      title: `ticket ${id}`,
      customer_id: customer,
      owner_id: owner,
      state,
      updated_at: updatedAt,
    })),
  });
  const given = new Set(tickets.map((t) => t.id));
  return {
    env: { ZAMMAD_URL: zammad.url, ZAMMAD_CTI_TOKEN: ctiToken, ZAMMAD_API_TOKEN: apiToken },
    landed: () => {
      const names = new Map(zammad.users().map((u) => [u.id, `${u.firstname} ${u.lastname}`.trim() || u.phone || `user ${u.id}`]));
      return zammad.tickets().flatMap((ticket) =>
        ticket.articles
          .filter((article, index) => index > 0 || !given.has(ticket.id))
          .map((article, index) => {
            const what = index === 0 && !given.has(ticket.id)
              ? `new ticket #${ticket.id} "${ticket.title}" for ${names.get(ticket.customer_id) ?? ticket.customer_id} (group ${ticket.group_id}), ${article.type} article`
              : `${article.internal ? 'internal ' : ''}${article.type} on ticket #${ticket.id}`;
            const files = article.attachments.map((f) => `${f.filename} (${f.preferences['Mime-Type']}, ${f.size} bytes)`);
            return `zammad: ${what}: ${article.body.replace(/\n+/g, '; ')}${files.length ? `; attached ${files.join(', ')}` : ''}`;
          }),
      );
    },
    close: () => zammad.close(),
  };
}

function toZammadUser({ id, name, phone, mobile, agent }: ScenarioZammad['users'][number]): FakeZammadUser {
  const [firstname, ...rest] = name.split(' ');
  return {
    id,
    login: `user${id}`,
    firstname,
    lastname: rest.join(' '),
    email: `user${id}@example.com`,
    phone,
    mobile,
    active: true,
    preferences: agent ? { cti: true } : {},
    permissions: agent ? ['ticket.agent', 'cti.agent'] : ['ticket.customer'],
  };
}
