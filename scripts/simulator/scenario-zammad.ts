import { randomBytes } from 'node:crypto';
import { startFakeZammad, type FakeZammadUser } from '../fake-zammad';
import type { ScenarioZammad } from './scenario';

export interface ScenarioZammadServer {
  /** What the system needs to talk to it: ZAMMAD_URL and both tokens. */
  env: Record<string, string>;
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
  return {
    env: { ZAMMAD_URL: zammad.url, ZAMMAD_CTI_TOKEN: ctiToken, ZAMMAD_API_TOKEN: apiToken },
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
