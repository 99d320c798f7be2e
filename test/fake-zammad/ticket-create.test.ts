/**
 * Creating tickets, articles and customers as Zammad answers an agent's token (spec/requests/ticket_spec.rb,
 * ticket/article_spec.rb): the status codes and error texts of a missing or unknown group, a missing body, a group
 * the token's user may not create in, and a user without any identifier.
 */
import { startFakeZammad, type FakeZammad, type FakeZammadOptions } from '../../scripts/fake-zammad';
import { API_TOKEN, CTI_TOKEN, CUSTOMER, api } from './helpers';


const ticketParams = (extra: Record<string, unknown> = {}) => ({
  title: 'a new ticket #1',
  group: 'Users',
  customer_id: CUSTOMER.id,
  article: { body: 'some body', type: 'phone', sender: 'Customer', internal: false },
  ...extra,
});

describe('fake Zammad: creating tickets, articles and customers', () => {
  let fake: FakeZammad;
  const start = async (options: Partial<FakeZammadOptions> = {}) => {
    fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, users: [CUSTOMER], ...options });
  };

  afterEach(async () => {
    await fake.close();
  });

  it('creates a ticket (201, state new, owner "-") with its article and the attachment decoded', async () => {
    await start();
    const audio = Buffer.from([0, 1, 2, 250, 251, 252]);
    const created = await api(fake, 'POST', '/api/v1/tickets', {
      body: ticketParams({ article: { body: 'some body', type: 'phone', attachments: [{ filename: 'vm.mp3', data: audio.toString('base64'), 'mime-type': 'audio/mpeg' }] } }),
      accept: 'application/json',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ title: 'a new ticket #1', group_id: 1, customer_id: 3, owner_id: 1, state_id: 1 });
    const id = (created.json as { id: number }).id;
    const [ticket] = fake.tickets();
    expect(ticket!.articles[0]!.attachments[0]!.data.equals(audio)).toBe(true);

    const articles = await api(fake, 'GET', `/api/v1/ticket_articles/by_ticket/${id}`, { accept: 'application/json' });
    expect(articles.status).toBe(200);
    expect(articles.json).toEqual([
      expect.objectContaining({ ticket_id: id, body: 'some body', type: 'phone', attachments: [expect.objectContaining({ filename: 'vm.mp3', size: '6', preferences: { 'Mime-Type': 'audio/mpeg' } })] }),
    ]);
    // The new ticket is one of the customer's open ones.
    const listed = await api(fake, 'GET', '/api/v1/ticket_customer?customer_id=3', { accept: 'application/json' });
    expect((listed.json as { ticket_ids_open: number[] }).ticket_ids_open).toEqual([id]);
  });

  it.each([
    ['without a group', { group: undefined }, "Group can't be blank"],
    ['with an unknown group', { group: 'not_existing' }, 'No lookup value found for \'group\': "not_existing"'],
    ['without article.body', { article: {} }, 'Need at least article: { body: "some text" }'],
  ])('answers a ticket %s 422 with Zammad\'s text', async (_case, change, error) => {
    await start();
    const answer = await api(fake, 'POST', '/api/v1/tickets', { body: ticketParams(change), accept: 'application/json' });
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ error });
    expect(fake.tickets()).toEqual([]);
  });

  it('answers 403 Not authorized for a group the token\'s user may not create in', async () => {
    await start({ groups: [{ id: 1, name: 'Users' }, { id: 2, name: 'Support' }], ticketGroups: ['Support'] });
    const answer = await api(fake, 'POST', '/api/v1/tickets', { body: ticketParams(), accept: 'application/json' });
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ error: 'Not authorized' });
    expect((await api(fake, 'POST', '/api/v1/tickets', { body: ticketParams({ group: 'Support' }), accept: 'application/json' })).status).toBe(201);
  });

  it('answers a wrong token 401 and creates nothing', async () => {
    await start();
    const answer = await api(fake, 'POST', '/api/v1/tickets', { body: ticketParams(), authorization: 'Token token=wrong', accept: 'application/json' });
    expect(answer.status).toBe(401);
    expect(fake.tickets()).toEqual([]);
  });

  it('adds an internal note to a ticket, and answers 404 for a ticket that does not exist', async () => {
    await start();
    const { id } = (await api(fake, 'POST', '/api/v1/tickets', { body: ticketParams(), accept: 'application/json' })).json as { id: number };
    const note = await api(fake, 'POST', '/api/v1/ticket_articles', { body: { ticket_id: id, body: 'a note', type: 'note', internal: true }, accept: 'application/json' });
    expect(note.status).toBe(201);
    expect(fake.tickets()[0]!.articles.map((a) => [a.type, a.internal])).toEqual([['phone', false], ['note', true]]);
    const missing = await api(fake, 'POST', '/api/v1/ticket_articles', { body: { ticket_id: 99, body: 'x' }, accept: 'application/json' });
    expect(missing.status).toBe(404);
  });

  it('creates a customer by phone alone, found by the users search afterwards; none without any identifier', async () => {
    await start();
    const created = await api(fake, 'POST', '/api/v1/users', { body: { phone: '+4930123456', roles: ['Customer'] }, accept: 'application/json' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ phone: '+4930123456', role_ids: [3] });
    const found = await api(fake, 'GET', '/api/v1/users/search?query=4930123456', { accept: 'application/json' });
    expect((found.json as Array<{ id: number }>).map((u) => u.id)).toEqual([(created.json as { id: number }).id]);
    const none = await api(fake, 'POST', '/api/v1/users', { body: { note: 'nothing else' }, accept: 'application/json' });
    expect(none.status).toBe(422);
    expect(none.json).toMatchObject({ error: 'Minimum one identifier (login, firstname, lastname, phone or email) for user is required.' });
  });
});
