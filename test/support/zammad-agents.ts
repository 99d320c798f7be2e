import type { FakeZammadUser } from '../../scripts/fake-zammad';

/** A Zammad agent as most tests want one: active, cti.agent, the caller log's Phone switch on. */
export const zammadAgent = (id: number, login: string, extra: Partial<FakeZammadUser> = {}): FakeZammadUser => ({
  id,
  login,
  firstname: login[0].toUpperCase() + login.slice(1),
  lastname: 'Agent',
  email: `${login}@example.com`,
  active: true,
  preferences: { cti: true },
  permissions: ['ticket.agent', 'cti.agent'],
  ...extra,
});
