/**
 * GET /api/v1/users/search as Zammad answers it without Elasticsearch (research 3.1; UsersController#search,
 * User::Search, CanSearch), and the token authentication in front of it.
 */
import { startFakeZammad, type FakeZammad, type FakeZammadUser } from '../../scripts/fake-zammad';
import { API_TOKEN, CTI_TOKEN, api, asObject } from './helpers';

const user = (id: number, firstname: string, permissions: string[], extra: Partial<FakeZammadUser> = {}): FakeZammadUser => ({
  id,
  login: `${firstname.toLowerCase()}@example.com`,
  firstname,
  lastname: 'Tester',
  email: `${firstname.toLowerCase()}@example.com`,
  active: true,
  permissions,
  ...extra,
});

const AGENT = ['ticket.agent', 'cti.agent'];
const USERS: FakeZammadUser[] = [
  user(2, 'Ann', AGENT, { phone: '+49 30 1111111', preferences: { cti: true } }),
  user(3, 'Bob', ['ticket.agent'], { phone: '+49 30 2222222' }),
  user(4, 'Cleo', AGENT, { active: false, mobile: '+49 171 3333333' }),
  user(5, 'Dan', ['cti'], { out_of_office: true, out_of_office_start_at: '2026-01-01', out_of_office_end_at: '2026-01-10', out_of_office_replacement_id: 2 }),
  user(6, 'Eve', ['ticket.customer'], { login: 'EVE.Customer', email: 'Eve.Customer@Example.com' }),
  user(7, 'Fay', ['admin', 'ticket.agent', 'cti.agent'], { role_ids: [1, 2] }),
];

describe('fake Zammad: GET /api/v1/users/search', () => {
  let fake: FakeZammad;

  beforeEach(async () => {
    fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, users: USERS, now: () => Date.parse('2026-01-05T08:00:00Z') });
  });

  afterEach(async () => {
    await fake.close();
  });

  const search = async (query: string): Promise<Array<Record<string, unknown>>> => {
    const result = await api(fake, 'GET', `/api/v1/users/search?${query}`);
    expect(result.status).toBe(200);
    return result.json as Array<Record<string, unknown>>;
  };
  const ids = async (query: string): Promise<unknown[]> => (await search(query)).map((entry) => entry.id);

  describe('authentication', () => {
    it('answers no credentials with 403 "Authentication required"', async () => {
      const result = await api(fake, 'GET', '/api/v1/users/search?query=*', { authorization: null });
      expect(result.status).toBe(403);
      expect(result.json).toEqual({ error: 'Authentication required', error_human: 'Authentication required' });
      expect(result.headers.get('x-failure')).toBe('Authentication required');
    });

    it('answers a wrong token with 401', async () => {
      const result = await api(fake, 'GET', '/api/v1/users/search?query=*', { authorization: 'Token token=nope' });
      expect(result.status).toBe(401);
      expect(result.json).toEqual({ error: "Can't find User for Token", error_human: "Can't find User for Token" });
      expect(result.headers.get('x-failure')).toBe("Can't find User for Token");
      const basic = await api(fake, 'GET', '/api/v1/users/search?query=*', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
      expect(basic.status).toBe(401);
    });

    it.each([`Token token=${API_TOKEN}`, `Token token="${API_TOKEN}"`, `Token ${API_TOKEN}`, `Bearer ${API_TOKEN}`])('accepts %s', async (authorization) => {
      const result = await api(fake, 'GET', '/api/v1/users/search?query=*', { authorization });
      expect(result.status).toBe(200);
    });

    it('guards GET /api/v1/cti/log the same way', async () => {
      expect((await api(fake, 'GET', '/api/v1/cti/log', { authorization: null })).status).toBe(403);
      expect((await api(fake, 'GET', '/api/v1/cti/log', { authorization: 'Token token=nope' })).status).toBe(401);
      expect((await api(fake, 'GET', '/api/v1/cti/log')).status).toBe(200);
    });
  });

  describe('permissions[]', () => {
    it('returns the users holding the permission or a parent of it, inactive ones included, active first', async () => {
      expect(await ids('query=*&permissions[]=cti.agent')).toEqual([2, 5, 7, 4]);
    });

    it('takes a single permissions=… as well', async () => {
      expect(await ids('permissions=cti.agent')).toEqual([2, 5, 7, 4]);
    });

    it('returns users holding ANY of several permissions (roles are looked up per permission)', async () => {
      expect(await ids('permissions[]=cti.agent&permissions[]=ticket.customer')).toEqual([2, 5, 6, 7, 4]);
    });

    it('returns nobody for a permission no role grants', async () => {
      expect(await ids('permissions[]=no.such.permission')).toEqual([]);
    });

    it('filters by role_ids too', async () => {
      expect(await ids('role_ids[]=1')).toEqual([7]);
    });
  });

  describe('query', () => {
    it('treats * and an empty query as everyone', async () => {
      expect(await ids('query=*')).toEqual([2, 3, 5, 6, 7, 4]);
      expect(await ids('query=')).toEqual([2, 3, 5, 6, 7, 4]);
      expect(await ids('')).toEqual([2, 3, 5, 6, 7, 4]);
    });

    it('strips * and matches a case-insensitive substring of the string columns', async () => {
      expect(await ids('query=AN*')).toEqual([2, 5]);
      expect(await ids('query=example.com&permissions[]=cti.agent')).toEqual([2, 5, 7, 4]);
      expect(await ids('query=3333333')).toEqual([4]);
      expect(await ids('query=eve.cust')).toEqual([6]);
      expect(await ids('query=zzz')).toEqual([]);
    });
  });

  describe('paging', () => {
    it('pages 1-based with limit or per_page (per_page wins)', async () => {
      expect(await ids('query=*&limit=2&page=1')).toEqual([2, 3]);
      expect(await ids('query=*&limit=2&page=2')).toEqual([5, 6]);
      expect(await ids('query=*&limit=2&page=3')).toEqual([7, 4]);
      expect(await ids('query=*&limit=2&page=4')).toEqual([]);
      expect(await ids('query=*&per_page=3&limit=1&page=2')).toEqual([6, 7, 4]);
    });

    it('defaults to 100 per page and caps at 500', async () => {
      const many = Array.from({ length: 650 }, (_, index) => user(index + 2, `User${index + 2}`, AGENT));
      fake.setUsers(many);
      expect(await search('query=*')).toHaveLength(100);
      expect(await search('query=*&limit=1000')).toHaveLength(500);
      expect(await search('query=*&per_page=500&page=2')).toHaveLength(150);
    });

    it('answers a page below 1 with 422 (a negative OFFSET)', async () => {
      const result = await api(fake, 'GET', '/api/v1/users/search?query=*&page=0');
      expect(result.status).toBe(422);
    });
  });

  describe('the user JSON', () => {
    it('has Zammad’s field names and values, with login and email lower-cased', async () => {
      const [dan] = await search('query=dan');
      expect(dan).toEqual({
        id: 5,
        login: 'dan@example.com',
        firstname: 'Dan',
        lastname: 'Tester',
        email: 'dan@example.com',
        phone: '',
        mobile: '',
        active: true,
        out_of_office: true,
        out_of_office_start_at: '2026-01-01',
        out_of_office_end_at: '2026-01-10',
        out_of_office_replacement_id: 2,
        preferences: {},
        role_ids: [],
        group_ids: {},
        created_at: '2026-01-05T08:00:00.000Z',
        updated_at: '2026-01-05T08:00:00.000Z',
      });
      const [ann] = await search('query=ann');
      expect(asObject(ann)).toMatchObject({ phone: '+49 30 1111111', preferences: { cti: true }, role_ids: [2], out_of_office: false, out_of_office_start_at: null });
      const [eve] = await search('query=eve');
      expect(asObject(eve)).toMatchObject({ login: 'eve.customer', email: 'eve.customer@example.com', role_ids: [3] });
    });

    it('reflects setUsers on the next request', async () => {
      fake.setUsers([user(2, 'Ann', AGENT, { active: false, preferences: { cti: false } })]);
      expect(await search('permissions[]=cti.agent')).toEqual([expect.objectContaining({ id: 2, active: false, preferences: { cti: false } })]);
    });
  });

  it('refuses user id 1, Zammad’s system user, which searches never return', async () => {
    await expect(startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, users: [user(1, 'System', AGENT)] })).rejects.toThrow(/system user/);
    expect(() => fake.setUsers([user(2, 'A', AGENT), user(2, 'B', AGENT)])).toThrow(/duplicate id 2/);
  });
});
