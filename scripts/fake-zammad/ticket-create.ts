/**
 * Creating tickets, articles and customers, as TicketsController#create, TicketArticlesController#create / #index_by_ticket
 * and UsersController#create answer an agent's token (from spec/requests/ticket_spec.rb and ticket/article_spec.rb):
 * - POST /api/v1/tickets without a group: 422 "Group can't be blank"; with an unknown group name: 422
 *   `No lookup value found for 'group': "name"`; without article.body: 422 'Need at least article: { body: "some text" }';
 *   a group the token's user may not create in: 403 "Not authorized"; else 201 with the ticket (state new, owner "-").
 * - article.attachments: [{ filename, data (base64), 'mime-type' }], stored decoded; each becomes a Store entry.
 * - POST /api/v1/users with none of login, firstname, lastname, phone, email: 422
 *   "Minimum one identifier (login, firstname, lastname, phone or email) for user is required."; else 201.
 */
import { ZAMMAD_MESSAGES, ZammadException, type Reply } from './errors';
import { isPlainObject, type Params } from './params';
import { ticketJson, type StoredTicket } from './tickets';
import type { FakeZammadArticle, FakeZammadGroup, FakeZammadUser } from './types';
import { rubyToI, userJson } from './users';

export interface Desk {
  tickets: StoredTicket[];
  users: FakeZammadUser[];
  groups: readonly FakeZammadGroup[];
  articles: FakeZammadArticle[];
  /** Names of the groups the token's user may create tickets in; undefined: every group. */
  ticketGroups: readonly string[] | undefined;
  iso(): string;
  usersStampedAt: string;
}

const unprocessable = (message: string): Reply => ({ status: 422, json: { error: message, error_human: message } });

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

export function createTicket(desk: Desk, params: Params): Reply {
  const groupName = text(params.group);
  const group = groupName
    ? desk.groups.find((g) => g.name === groupName)
    : params.group_id !== undefined ? desk.groups.find((g) => g.id === rubyToI(params.group_id)) : undefined;
  if (!groupName && params.group_id === undefined) return unprocessable("Group can't be blank");
  if (!group) return unprocessable(`No lookup value found for 'group': ${JSON.stringify(groupName ?? params.group_id)}`);
  if (desk.ticketGroups && !desk.ticketGroups.includes(group.name)) throw new ZammadException('Forbidden', ZAMMAD_MESSAGES.notAuthorized);
  const article = isPlainObject(params.article) ? params.article : undefined;
  if (!article || !text(article.body)) return unprocessable('Need at least article: { body: "some text" }');
  const customerId = rubyToI(params.customer_id);
  if (!desk.users.some((u) => u.id === customerId)) return unprocessable(`No lookup value found for 'customer_id': ${JSON.stringify(params.customer_id)}`);
  const at = desk.iso();
  const id = Math.max(0, ...desk.tickets.map((t) => t.id)) + 1;
  const ticket: StoredTicket = {
    id,
    number: `10${String(id).padStart(3, '0')}`,
    title: String(params.title ?? ''),
    customer_id: customerId,
    owner_id: 1,
    state: 'new',
    group_id: group.id,
    priority_id: 2,
    organization_id: null,
    created_at: at,
    updated_at: at,
  };
  const stored = addArticle(desk, ticket.id, article, at);
  desk.tickets.push(ticket);
  desk.articles.push(stored);
  return { status: 201, json: { ...ticketJson(ticket), article_ids: [stored.id] } };
}

export function createArticle(desk: Desk, params: Params): Reply {
  const ticket = desk.tickets.find((t) => t.id === rubyToI(params.ticket_id));
  if (!ticket) throw new ZammadException('RecordNotFound', `Couldn't find Ticket with 'id'=${String(params.ticket_id)}`);
  const at = desk.iso();
  const stored = addArticle(desk, ticket.id, params, at);
  desk.articles.push(stored);
  ticket.updated_at = at;
  return { status: 201, json: articleJson(stored) };
}

export function articlesOf(desk: Desk, ticketId: number): Reply {
  if (!desk.tickets.some((t) => t.id === ticketId)) throw new ZammadException('RecordNotFound', `Couldn't find Ticket with 'id'=${ticketId}`);
  return { status: 200, json: desk.articles.filter((a) => a.ticket_id === ticketId).map(articleJson) };
}

export function createUser(desk: Desk, params: Params): Reply {
  const fields = ['login', 'firstname', 'lastname', 'phone', 'email'] as const;
  if (!fields.some((f) => text(params[f]))) {
    return unprocessable('Minimum one identifier (login, firstname, lastname, phone or email) for user is required.');
  }
  const id = Math.max(1, ...desk.users.map((u) => u.id)) + 1;
  const email = text(params.email) ?? '';
  const user: FakeZammadUser = {
    id,
    // Zammad makes a login up when it has neither login nor email.
    login: text(params.login) ?? (email || `auto-${Date.parse(desk.iso())}-${id}`),
    firstname: text(params.firstname) ?? '',
    lastname: text(params.lastname) ?? '',
    email,
    phone: text(params.phone) ?? '',
    mobile: text(params.mobile) ?? '',
    active: true,
    permissions: ['ticket.customer'],
  };
  desk.users.push(user);
  return { status: 201, json: userJson(user, desk.iso()) };
}

function addArticle(desk: Desk, ticketId: number, params: Params, at: string): FakeZammadArticle {
  const list = Array.isArray(params.attachments) ? params.attachments : [];
  const attachments = list.map((raw, index) => {
    const entry = isPlainObject(raw) ? raw : {};
    for (const key of ['data', 'filename', 'mime-type'] as const) {
      if (!text(entry[key])) throw new ZammadException('ArgumentError', `Attachment needs '${key}' param for attachment with index ${index}`);
    }
    const data = Buffer.from(String(entry.data), 'base64');
    return { id: desk.articles.length * 10 + index + 1, filename: String(entry.filename), size: String(data.length), preferences: { 'Mime-Type': String(entry['mime-type']) }, data };
  });
  return {
    id: desk.articles.length + 1,
    ticket_id: ticketId,
    type: text(params.type) ?? 'note',
    sender: text(params.sender) ?? 'Agent',
    internal: params.internal === true || params.internal === 'true',
    subject: text(params.subject) ?? null,
    body: String(params.body ?? ''),
    content_type: text(params.content_type) ?? 'text/plain',
    attachments,
    created_at: at,
  };
}

/** An article as Zammad renders it (the fields the fake models); attachments without their data, as Zammad lists them. */
function articleJson(article: FakeZammadArticle): Record<string, unknown> {
  return {
    id: article.id,
    ticket_id: article.ticket_id,
    type: article.type,
    sender: article.sender,
    subject: article.subject,
    body: article.body,
    content_type: article.content_type,
    internal: article.internal,
    attachments: article.attachments.map(({ data: _data, ...rest }) => rest),
    created_at: article.created_at,
    updated_at: article.created_at,
  };
}
