/**
 * GET /api/v1/ticket_customer (and its alias /api/v1/tickets_customer) as Zammad answers it:
 * TicketsController#ticket_customer → Ticket::ScreenOptions.list_by_customer(customer_id:, limit: 15).
 */
import { TICKET_STATE_IDS, startFakeZammad, type FakeZammad, type FakeZammadTicket, type FakeZammadUser } from '../../scripts/fake-zammad';
import { API_TOKEN, CTI_TOKEN, CUSTOMER, api, clock, type Clock } from './helpers';

const START = '2026-11-23T10:00:00.000Z';

/** Ticket `id` created `id` minutes after START unless told otherwise, so a higher id is newer by default. */
const ticket = (id: number, state: FakeZammadTicket['state'], extra: Partial<FakeZammadTicket> = {}): FakeZammadTicket => ({
  id,
  title: `Ticket ${id}`,
  customer_id: 3,
  owner_id: 1,
  state,
  created_at: new Date(Date.parse(START) + id * 60_000).toISOString(),
  ...extra,
});

const AGENT: FakeZammadUser = {
  id: 2,
  login: 'ann@example.com',
  firstname: 'Ann',
  lastname: 'Agent',
  email: 'ann@example.com',
  active: true,
  permissions: ['ticket.agent', 'cti.agent'],
};

/** Every state once, for customer 3, created in id order. */
const ALL_STATES: FakeZammadTicket[] = [
  ticket(1, 'new'),
  ticket(2, 'open'),
  ticket(3, 'pending reminder'),
  ticket(4, 'pending close'),
  ticket(5, 'closed'),
  ticket(6, 'merged'),
  ticket(7, 'removed'),
];

const EMPTY = '{"ticket_ids_open":[],"ticket_ids_closed":[],"assets":{}}';

describe('fake Zammad: GET /api/v1/ticket_customer', () => {
  let fake: FakeZammad;
  let time: Clock;

  const start = async (tickets: FakeZammadTicket[], users: FakeZammadUser[] = []): Promise<void> => {
    fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, users, tickets, now: time.now });
  };

  beforeEach(() => {
    time = clock(Date.parse('2026-12-01T08:00:00.000Z'));
  });

  afterEach(async () => {
    await fake.close();
  });

  interface Answer {
    ticket_ids_open: number[];
    ticket_ids_closed: number[];
    assets: { Ticket?: Record<string, Record<string, unknown>>; User?: Record<string, Record<string, unknown>> };
  }

  const list = async (query: string, path = '/api/v1/ticket_customer'): Promise<Answer> => {
    const result = await api(fake, 'GET', `${path}?${query}`);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return result.json as Answer;
  };
  const ids = async (query: string): Promise<[number[], number[]]> => {
    const answer = await list(query);
    return [answer.ticket_ids_open, answer.ticket_ids_closed];
  };

  describe('the state categories', () => {
    it('lists new, open, pending reminder and pending close as open, closed as closed, merged and removed in neither', async () => {
      await start(ALL_STATES);
      const answer = await list('customer_id=3');
      expect(answer.ticket_ids_open).toEqual([4, 3, 2, 1]);
      expect(answer.ticket_ids_closed).toEqual([5]);
      expect(Object.keys(answer.assets.Ticket ?? {}).sort()).toEqual(['1', '2', '3', '4', '5']);
    });

    it('sends each state as Zammad’s seeded state_id', async () => {
      await start(ALL_STATES);
      const tickets = (await list('customer_id=3')).assets.Ticket ?? {};
      const stateIds = Object.fromEntries(Object.entries(tickets).map(([id, entry]) => [id, entry.state_id]));
      expect(stateIds).toEqual({ 1: 1, 2: 2, 3: 3, 4: 7, 5: 4 });
      expect(TICKET_STATE_IDS).toEqual({ new: 1, open: 2, 'pending reminder': 3, closed: 4, merged: 5, removed: 6, 'pending close': 7 });
    });
  });

  describe('order and limit', () => {
    it('puts the newest created first, whatever the ids and updated_at say; the higher id breaks a tie', async () => {
      await start([
        ticket(10, 'open', { created_at: '2026-11-20T09:00:00Z', updated_at: '2026-11-30T00:00:00Z' }),
        ticket(11, 'open', { created_at: '2026-11-22T09:00:00Z', updated_at: '2026-11-21T00:00:00Z' }),
        ticket(12, 'new', { created_at: '2026-11-21T09:00:00Z' }),
        ticket(13, 'open', { created_at: '2026-11-21T09:00:00Z' }),
        ticket(14, 'closed', { created_at: '2026-11-01T09:00:00Z' }),
        ticket(15, 'closed', { created_at: '2026-11-25T09:00:00Z' }),
        ticket(16, 'closed', { created_at: '2026-11-10T09:00:00Z' }),
      ]);
      expect(await ids('customer_id=3')).toEqual([
        [11, 13, 12, 10],
        [15, 16, 14],
      ]);
    });

    it('returns at most the 15 newest of EACH list, and ignores a limit param', async () => {
      const open = Array.from({ length: 20 }, (_, index) => ticket(index + 1, index % 2 === 0 ? 'open' : 'pending reminder'));
      const closed = Array.from({ length: 17 }, (_, index) => ticket(index + 101, 'closed'));
      await start([...open, ...closed]);
      const newestOpen = [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6];
      const newestClosed = [117, 116, 115, 114, 113, 112, 111, 110, 109, 108, 107, 106, 105, 104, 103];
      expect(await ids('customer_id=3')).toEqual([newestOpen, newestClosed]);
      expect(await ids('customer_id=3&limit=100')).toEqual([newestOpen, newestClosed]);
      const answer = await list('customer_id=3');
      expect(Object.keys(answer.assets.Ticket ?? {})).toHaveLength(30);
      expect(answer.assets.Ticket?.['5']).toBeUndefined();
      expect(answer.assets.Ticket?.['102']).toBeUndefined();
    });
  });

  describe('customer_id', () => {
    const MIXED = [ticket(1, 'open'), ticket(2, 'open', { customer_id: 4 }), ticket(3, 'closed', { customer_id: 4 }), ticket(4, 'closed')];

    it('returns only that customer’s tickets', async () => {
      await start(MIXED);
      expect(await ids('customer_id=3')).toEqual([[1], [4]]);
      expect(await ids('customer_id=4')).toEqual([[2], [3]]);
      expect(Object.keys((await list('customer_id=4')).assets.Ticket ?? {})).toEqual(['2', '3']);
    });

    it('casts the param as ActiveRecord does: the leading integer, and nothing for a non-numeric string', async () => {
      await start(MIXED);
      expect(await ids('customer_id=4abc')).toEqual([[2], [3]]);
      expect(await ids('customer_id=%204')).toEqual([[2], [3]]);
      expect(await ids('customer_id=abc')).toEqual([[], []]);
    });

    it('takes customer_id[] as IN (…)', async () => {
      await start(MIXED);
      expect(await ids('customer_id[]=3&customer_id[]=4')).toEqual([
        [2, 1],
        [4, 3],
      ]);
    });
  });

  describe('the assets', () => {
    it('hold every listed ticket with Zammad’s attribute names, owner_id 1 meaning unassigned', async () => {
      await start([
        ticket(1, 'open', { number: '31001', owner_id: 2, group_id: 3, updated_at: '2026-11-24T12:30:00Z' }),
        { id: 2, title: 'Defaults', customer_id: 3, owner_id: 1, state: 'pending close' },
        ticket(3, 'closed', { priority_id: 3, organization_id: 9 }),
      ]);
      const tickets = (await list('customer_id=3')).assets.Ticket;
      expect(tickets).toEqual({
        1: {
          id: 1,
          group_id: 3,
          priority_id: 2,
          state_id: 2,
          organization_id: null,
          number: '31001',
          title: 'Ticket 1',
          owner_id: 2,
          customer_id: 3,
          created_at: '2026-11-23T10:01:00.000Z',
          updated_at: '2026-11-24T12:30:00.000Z',
        },
        2: {
          id: 2,
          group_id: 1,
          priority_id: 2,
          state_id: 7,
          organization_id: null,
          number: '10002',
          title: 'Defaults',
          owner_id: 1,
          customer_id: 3,
          created_at: '2026-12-01T08:00:00.000Z',
          updated_at: '2026-12-01T08:00:00.000Z',
        },
        3: expect.objectContaining({ id: 3, priority_id: 3, organization_id: 9, state_id: 4, owner_id: 1, number: '10003' }) as unknown,
      });
    });

    it('add the owner and customer as User assets when the fake knows them (there is no user 1)', async () => {
      await start([ticket(1, 'open', { owner_id: 2 }), ticket(2, 'closed')], [AGENT, CUSTOMER]);
      const users = (await list('customer_id=3')).assets.User;
      expect(Object.keys(users ?? {}).sort()).toEqual(['2', '3']);
      expect(users?.['2']).toMatchObject({ id: 2, login: 'ann@example.com', firstname: 'Ann' });
      expect(users?.['3']).toMatchObject({ id: 3, login: 'carla@example.com', role_ids: [3] });
    });

    it('leave out tickets that are in neither list', async () => {
      await start([ticket(1, 'merged', { owner_id: 2 }), ticket(2, 'removed')], [AGENT, CUSTOMER]);
      const result = await api(fake, 'GET', '/api/v1/ticket_customer?customer_id=3');
      expect(result.text).toBe(EMPTY);
    });
  });

  describe('the empty answer', () => {
    it.each([
      ['a customer without tickets', 'customer_id=99'],
      ['no customer_id (where customer_id IS NULL)', ''],
      ['a blank customer_id', 'customer_id='],
    ])('is two empty lists and empty assets for %s', async (_, query) => {
      await start(ALL_STATES, [CUSTOMER]);
      const result = await api(fake, 'GET', `/api/v1/ticket_customer?${query}`);
      expect(result.status).toBe(200);
      expect(result.text).toBe(EMPTY);
    });

    it('is the same when the fake has no tickets at all', async () => {
      fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN });
      expect((await api(fake, 'GET', '/api/v1/ticket_customer?customer_id=3')).text).toBe(EMPTY);
    });
  });

  describe('routes and authentication', () => {
    it.each(['/api/v1/ticket_customer', '/api/v1/tickets_customer'])('%s answers no credentials with 403 and a wrong token with 401', async (path) => {
      await start(ALL_STATES);
      const none = await api(fake, 'GET', `${path}?customer_id=3`, { authorization: null, accept: 'application/json' });
      expect(none.status).toBe(403);
      expect(none.json).toEqual({ error: 'Authentication required', error_human: 'Authentication required' });
      const wrong = await api(fake, 'GET', `${path}?customer_id=3`, { authorization: 'Token token=nope', accept: 'application/json' });
      expect(wrong.status).toBe(401);
      expect(wrong.json).toEqual({ error: "Can't find User for Token", error_human: "Can't find User for Token" });
      expect(wrong.text).not.toContain('ticket_ids_open');
    });

    it('answers the tickets_customer alias exactly like ticket_customer', async () => {
      await start(ALL_STATES, [CUSTOMER]);
      const main = await api(fake, 'GET', '/api/v1/ticket_customer?customer_id=3');
      const alias = await api(fake, 'GET', '/api/v1/tickets_customer?customer_id=3');
      expect(alias.status).toBe(200);
      expect(JSON.parse(alias.text)).toEqual(expect.objectContaining({ ticket_ids_open: [4, 3, 2, 1], ticket_ids_closed: [5] }));
      expect(alias.text).toBe(main.text);
    });

    it('routes GET only', async () => {
      await start(ALL_STATES);
      const result = await api(fake, 'POST', '/api/v1/ticket_customer?customer_id=3', { accept: 'application/json' });
      expect(result.status).toBe(404);
      expect(result.json).toMatchObject({ error: 'No route matches [POST] /api/v1/ticket_customer' });
    });
  });

  describe('setTickets', () => {
    it('adds, replaces and removes tickets for the next request, stamping new defaults with now()', async () => {
      await start([ticket(1, 'open'), ticket(2, 'open')]);
      expect(await ids('customer_id=3')).toEqual([[2, 1], []]);

      time.travel(3600);
      fake.setTickets([
        ticket(1, 'closed', { owner_id: 2 }),
        ticket(3, 'new', { created_at: undefined }),
      ]);
      const answer = await list('customer_id=3');
      expect([answer.ticket_ids_open, answer.ticket_ids_closed]).toEqual([[3], [1]]);
      expect(answer.assets.Ticket?.['1']).toMatchObject({ state_id: 4, owner_id: 2, updated_at: '2026-12-01T09:00:00.000Z' });
      expect(answer.assets.Ticket?.['3']).toMatchObject({ created_at: '2026-12-01T09:00:00.000Z' });
      expect(answer.assets.Ticket?.['2']).toBeUndefined();

      fake.setTickets([]);
      expect((await api(fake, 'GET', '/api/v1/ticket_customer?customer_id=3')).text).toBe(EMPTY);
    });

    it('keeps the old tickets when the new ones do not validate', async () => {
      await start([ticket(1, 'open')]);
      expect(() => fake.setTickets([ticket(1, 'open'), ticket(1, 'closed')])).toThrow(/duplicate id 1/);
      expect(await ids('customer_id=3')).toEqual([[1], []]);
    });
  });

  describe('validation', () => {
    it.each<[string, FakeZammadTicket[], RegExp]>([
      ['a duplicate id', [ticket(1, 'open'), ticket(1, 'closed')], /duplicate id 1/],
      ['an unknown state', [ticket(1, 'pending' as FakeZammadTicket['state'])], /unknown state 'pending'/],
      ['a duplicate number', [ticket(1, 'open', { number: '10002' }), ticket(2, 'open')], /duplicate number 10002/],
      ['an id below 1', [ticket(0, 'open')], /id must be a positive integer/],
      ['a customer_id that is no positive integer', [ticket(1, 'open', { customer_id: 2.5 })], /customer_id must be a positive integer/],
      ['an unparsable created_at', [ticket(1, 'open', { created_at: 'yesterday' })], /created_at 'yesterday' is not a date/],
    ])('refuses %s, at start and in setTickets', async (_, tickets, message) => {
      // A fake that starts after all is closed at once, so a failing expectation cannot leave a server behind.
      const outcome = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, tickets }).then(
        async (started) => started.close().then(() => new Error('the fake started')),
        (error: unknown) => error,
      );
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as Error).message).toMatch(message);
      await start([]);
      expect(() => fake.setTickets(tickets)).toThrow(message);
    });
  });
});
