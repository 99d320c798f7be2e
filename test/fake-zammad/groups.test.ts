/** GET /api/v1/groups and the group access map users carry as group_ids (HasGroups). */
import { startFakeZammad, type FakeZammad } from '../../scripts/fake-zammad';
import { API_TOKEN, CTI_TOKEN, api } from './helpers';

const GROUPS = [{ id: 3, name: 'Sales › EMEA' }, { id: 1, name: 'Users' }, { id: 2, name: 'Sales', active: false }];

describe('fake Zammad: groups', () => {
  let fake: FakeZammad;

  beforeEach(async () => {
    fake = await startFakeZammad({
      ctiToken: CTI_TOKEN,
      apiToken: API_TOKEN,
      groups: GROUPS,
      users: [{ id: 2, login: 'ann', firstname: 'Ann', lastname: 'A', email: 'ann@example.com', active: true, permissions: ['ticket.agent'], group_ids: { 1: 'full', 3: ['read', 'change'] } }],
    });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('lists every group by id, or one page with page and per_page', async () => {
    const all = await api(fake, 'GET', '/api/v1/groups');
    expect(all.status).toBe(200);
    expect((all.json as Array<{ id: number; name: string; active: boolean }>).map((g) => [g.id, g.name, g.active])).toEqual([
      [1, 'Users', true],
      [2, 'Sales', false],
      [3, 'Sales › EMEA', true],
    ]);
    const second = await api(fake, 'GET', '/api/v1/groups?page=2&per_page=2');
    expect((second.json as Array<{ id: number }>).map((g) => g.id)).toEqual([3]);
  });

  it('needs the token', async () => {
    expect((await api(fake, 'GET', '/api/v1/groups', { authorization: null })).status).toBe(403);
  });

  it('shows a user\'s groups as a map of id to access lists', async () => {
    const [ann] = (await api(fake, 'GET', '/api/v1/users/search?query=ann')).json as Array<Record<string, unknown>>;
    expect(ann?.group_ids).toEqual({ 1: ['full'], 3: ['read', 'change'] });
  });

  it('starts with Zammad\'s seeded group when none are given', async () => {
    const seeded = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN });
    try {
      expect(((await api(seeded, 'GET', '/api/v1/groups')).json as Array<{ name: string }>).map((g) => g.name)).toEqual(['Users']);
    } finally {
      await seeded.close();
    }
  });
});
