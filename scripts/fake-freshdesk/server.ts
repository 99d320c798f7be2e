/**
 * The HTTP face of the fake Freshdesk, on loopback:
 *
 *   GET  /api/v2/contacts?phone=|mobile=|email=   list contacts, exact-match filters, paged
 *   GET  /api/v2/contacts/:id
 *   POST /api/v2/contacts                         name, and one of email / phone / mobile
 *   GET  /api/v2/tickets?requester_id=&updated_since=&order_by=&order_type=&include=description
 *   GET  /api/v2/tickets/:id[?include=requester]
 *   POST /api/v2/tickets                          requester_id (or phone + name, or email), subject, description, …
 *   POST /api/v2/tickets/:id/notes                body (HTML), private (default true)
 *   GET  /api/v2/tickets/:id/conversations
 *   GET  /api/v2/agents?per_page=&page=           paged by the Link header (rel="next"), at most 100 a page
 *   GET  /api/v2/groups?per_page=&page=           the same paging
 *
 * Every request needs Basic auth with the API key as user. Bodies are JSON only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, serveHttp, type BodyLimit } from '../twilio-emulator-kit/http-server';
import { FreshdeskFailure, invalidCredentials, notFound, validationFailed, type FieldError, type FreshdeskReply } from './errors';
import type {
  FakeFreshdesk,
  FakeFreshdeskAgent,
  FakeFreshdeskContact,
  FakeFreshdeskNote,
  FakeFreshdeskOptions,
  FakeFreshdeskTicket,
  FreshdeskOutage,
  FreshdeskRequest,
} from './types';

const BODY_LIMIT: BodyLimit = { maxBytes: 1024 * 1024, tooLarge: () => new Error('request body too large for the fake Freshdesk') };
const STATUSES = [2, 3, 4, 5];
const SOURCES = [1, 2, 3, 7, 9, 10];
/** Without updated_since, the tickets list shows only tickets created in the last 30 days. */
const DEFAULT_LIST_DAYS = 30;

export async function startFakeFreshdesk(options: FakeFreshdeskOptions): Promise<FakeFreshdesk> {
  const now = options.now ?? Date.now;
  const iso = () => new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const contacts: FakeFreshdeskContact[] = structuredClone(options.contacts ?? []);
  let tickets: FakeFreshdeskTicket[] = structuredClone(options.tickets ?? []);
  let agents: FakeFreshdeskAgent[] = structuredClone(options.agents ?? []);
  const groups = structuredClone(options.groups ?? []);
  const notes: FakeFreshdeskNote[] = [];
  const requests: FreshdeskRequest[] = [];
  let outage: FreshdeskOutage = false;
  let nextId = 1000;
  const held = new Set<() => void>();

  async function handle(req: IncomingMessage, res: ServerResponse, closing: () => boolean): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake-freshdesk.invalid');
    const raw = (await readBody(req, BODY_LIMIT)).toString('utf8');
    const entry: FreshdeskRequest = { method, url: `${url.pathname}${url.search}`, body: undefined, status: 0 };
    requests.push(entry);

    const current = outage;
    if (current && current.kind === 'reset') return void req.socket.resetAndDestroy();
    if (current && current.kind === 'status') return send(res, entry, { status: current.status, json: { code: 'internal_error', message: 'outage' } });
    if (current && current.kind === 'rate-limit') {
      if (current.count !== undefined && --current.count <= 0) outage = false;
      return send(res, entry, { status: 429, headers: { 'Retry-After': String(current.retryAfterSeconds) }, json: { message: 'You have exceeded the limit of requests per minute' } });
    }
    if (current && current.kind === 'hang') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, current.ms);
        function done() {
          clearTimeout(timer);
          held.delete(done);
          resolve();
        }
        held.add(done);
      });
      if (closing()) return void res.destroy();
    }

    let reply: FreshdeskReply;
    try {
      authenticate(req.headers.authorization, options.apiKey);
      const body = raw ? parseJson(raw) : undefined;
      entry.body = body;
      reply = route(method, url, body);
    } catch (error) {
      if (!(error instanceof FreshdeskFailure)) throw error;
      reply = error.reply;
    }
    if (current && current.kind === 'lost-reply' && method === 'POST') {
      entry.status = reply.status;
      return void req.socket.resetAndDestroy();
    }
    send(res, entry, reply);
  }

  function route(method: string, url: URL, body: unknown): FreshdeskReply {
    const path = url.pathname.replace(/\/+$/, '');
    const q = url.searchParams;
    if (method === 'GET' && path === '/api/v2/contacts') {
      const filters = (['phone', 'mobile', 'email'] as const).filter((key) => q.has(key));
      const found = contacts.filter((c) => filters.every((key) => (c[key] ?? '') === q.get(key)));
      return { status: 200, json: page(found, q) };
    }
    const contactId = /^\/api\/v2\/contacts\/(\d+)$/.exec(path);
    if (method === 'GET' && contactId) return { status: 200, json: contactJson(contactOr404(Number(contactId[1]))) };
    if (method === 'POST' && path === '/api/v2/contacts') return { status: 201, json: contactJson(createContact(object(body))) };
    if (method === 'GET' && path === '/api/v2/tickets') return { status: 200, json: listTickets(q) };
    const ticketId = /^\/api\/v2\/tickets\/(\d+)$/.exec(path);
    if (method === 'GET' && ticketId) {
      const ticket = ticketOr404(Number(ticketId[1]));
      const requester = (q.get('include') ?? '').split(',').includes('requester');
      return { status: 200, json: { ...ticketJson(ticket, true), ...(requester ? { requester: requesterJson(ticket.requester_id) } : {}) } };
    }
    if (method === 'POST' && path === '/api/v2/tickets') return { status: 201, json: ticketJson(createTicket(object(body)), true) };
    const notesOf = /^\/api\/v2\/tickets\/(\d+)\/notes$/.exec(path);
    if (method === 'POST' && notesOf) return { status: 201, json: noteJson(createNote(ticketOr404(Number(notesOf[1])), object(body))) };
    const conversations = /^\/api\/v2\/tickets\/(\d+)\/conversations$/.exec(path);
    if (method === 'GET' && conversations) {
      const ticket = ticketOr404(Number(conversations[1]));
      return { status: 200, json: page(notes.filter((n) => n.ticket_id === ticket.id), q).map(noteJson) };
    }
    if (method === 'GET' && path === '/api/v2/agents') return linkedPage('/api/v2/agents', agents.map(agentJson), q);
    if (method === 'GET' && path === '/api/v2/groups') return linkedPage('/api/v2/groups', groups.map((g) => ({ id: g.id, name: g.name, description: null })), q);
    throw notFound();
  }

  function createContact(body: Record<string, unknown>): FakeFreshdeskContact {
    const errors: FieldError[] = [];
    if (typeof body.name !== 'string' || !body.name.trim()) errors.push({ field: 'name', message: 'It should be a/an String', code: 'missing_field' });
    const { email, phone, mobile } = body;
    if (![email, phone, mobile].some((v) => typeof v === 'string' && v.trim())) {
      errors.push({ field: 'requester_id', message: 'Please fill at least 1 of email, mobile, phone, twitter_id, unique_external_id fields', code: 'missing_field' });
    }
    if (typeof email === 'string' && contacts.some((c) => c.email?.toLowerCase() === email.toLowerCase())) {
      errors.push({ field: 'email', message: 'It should be a unique value', code: 'duplicate_value' });
    }
    if (errors.length) throw validationFailed(errors);
    const contact: FakeFreshdeskContact = { id: nextId++, name: String(body.name), email: str(email), phone: str(phone), mobile: str(mobile), active: false };
    contacts.push(contact);
    return contact;
  }

  function createTicket(body: Record<string, unknown>): FakeFreshdeskTicket {
    const errors: FieldError[] = [];
    let requesterId = typeof body.requester_id === 'number' ? body.requester_id : undefined;
    if (requesterId !== undefined && !contacts.some((c) => c.id === requesterId)) {
      errors.push({ field: 'requester_id', message: 'There is no contact matching the given requester_id', code: 'invalid_value' });
    }
    if (requesterId === undefined && typeof body.phone === 'string') {
      if (typeof body.name !== 'string') errors.push({ field: 'name', message: 'It should be a/an String', code: 'missing_field' });
      else requesterId = (contacts.find((c) => c.phone === body.phone) ?? createContact({ name: body.name, phone: body.phone })).id;
    }
    if (requesterId === undefined && errors.length === 0) {
      errors.push({ field: 'requester_id', message: 'Please fill at least 1 of email, phone, requester_id fields', code: 'missing_field' });
    }
    if (typeof body.subject !== 'string' || !body.subject) errors.push({ field: 'subject', message: 'It should be a/an String', code: 'missing_field' });
    if (typeof body.description !== 'string' || !body.description) errors.push({ field: 'description', message: 'It should be a/an String', code: 'missing_field' });
    const status = body.status ?? 2;
    if (!STATUSES.includes(status as number)) errors.push({ field: 'status', message: 'It should be one of these values: 2,3,4,5', code: 'invalid_value' });
    const priority = body.priority ?? 1;
    if (![1, 2, 3, 4].includes(priority as number)) errors.push({ field: 'priority', message: 'It should be one of these values: 1,2,3,4', code: 'invalid_value' });
    const source = body.source ?? 2;
    if (!SOURCES.includes(source as number)) errors.push({ field: 'source', message: `It should be one of these values: ${SOURCES.join(',')}`, code: 'invalid_value' });
    if (errors.length) throw validationFailed(errors);
    const at = iso();
    const ticket: FakeFreshdeskTicket = {
      id: nextId++,
      subject: String(body.subject),
      description: String(body.description),
      requester_id: requesterId as number,
      status: status as FakeFreshdeskTicket['status'],
      priority: priority as number,
      source: source as number,
      responder_id: typeof body.responder_id === 'number' ? body.responder_id : null,
      created_at: at,
      updated_at: at,
    };
    tickets.push(ticket);
    return ticket;
  }

  function createNote(ticket: FakeFreshdeskTicket, body: Record<string, unknown>): FakeFreshdeskNote {
    if (typeof body.body !== 'string' || !body.body) throw validationFailed([{ field: 'body', message: 'It should be a/an String', code: 'missing_field' }]);
    if (body.private !== undefined && typeof body.private !== 'boolean') {
      throw validationFailed([{ field: 'private', message: 'It should be a/an Boolean', code: 'datatype_mismatch' }]);
    }
    const note: FakeFreshdeskNote = { id: nextId++, ticket_id: ticket.id, body: body.body, private: body.private !== false, incoming: body.incoming === true, created_at: iso() };
    notes.push(note);
    ticket.updated_at = note.created_at;
    return note;
  }

  function listTickets(q: URLSearchParams): unknown[] {
    const since = q.get('updated_since');
    const sinceMs = since ? Date.parse(since) : NaN;
    if (since && Number.isNaN(sinceMs)) throw validationFailed([{ field: 'updated_since', message: 'It should be in the \'valid date\' format', code: 'invalid_value' }]);
    const requester = q.get('requester_id');
    const createdAfter = now() - DEFAULT_LIST_DAYS * 86_400_000;
    const orderBy = (q.get('order_by') ?? 'created_at') as 'created_at' | 'updated_at';
    if (!['created_at', 'updated_at', 'due_by', 'status'].includes(orderBy)) {
      throw validationFailed([{ field: 'order_by', message: 'It should be one of these values: created_at,due_by,updated_at,status', code: 'invalid_value' }]);
    }
    const sign = q.get('order_type') === 'asc' ? 1 : -1;
    const withDescription = (q.get('include') ?? '').split(',').includes('description');
    const found = tickets
      .filter((t) => (requester ? String(t.requester_id) === requester : true))
      .filter((t) => (since ? Date.parse(t.updated_at) >= sinceMs : Date.parse(t.created_at) >= createdAfter))
      .sort((a, b) => sign * (String(a[orderBy as 'created_at']).localeCompare(String(b[orderBy as 'created_at'])) || a.id - b.id));
    return page(found, q).map((t) => ticketJson(t, withDescription));
  }

  function linkedPage(path: string, items: unknown[], q: URLSearchParams): FreshdeskReply {
    const perPage = Math.min(Number(q.get('per_page') ?? 30) || 30, 100);
    const pageNo = Math.max(Number(q.get('page') ?? 1) || 1, 1);
    const more = pageNo * perPage < items.length;
    return {
      status: 200,
      json: page(items, q),
      // Freshdesk's own next-page link is absolute, on its own host: the client follows it as given.
      headers: more ? { Link: `<${serverUrl()}${path}?per_page=${perPage}&page=${pageNo + 1}>; rel="next"` } : {},
    };
  }

  function page<T>(items: T[], q: URLSearchParams): T[] {
    const perPage = Math.min(Number(q.get('per_page') ?? 30) || 30, 100);
    const pageNo = Math.max(Number(q.get('page') ?? 1) || 1, 1);
    return items.slice((pageNo - 1) * perPage, pageNo * perPage);
  }

  function contactOr404(id: number) {
    const contact = contacts.find((c) => c.id === id);
    if (!contact) throw notFound();
    return contact;
  }

  function ticketOr404(id: number) {
    const ticket = tickets.find((t) => t.id === id);
    if (!ticket) throw notFound();
    return ticket;
  }

  const contactJson = (c: FakeFreshdeskContact) => ({ id: c.id, name: c.name, email: c.email ?? null, phone: c.phone ?? null, mobile: c.mobile ?? null, active: c.active ?? false });
  const requesterJson = (id: number) => {
    const c = contacts.find((x) => x.id === id);
    return c ? { id: c.id, name: c.name, email: c.email ?? null, mobile: c.mobile ?? null, phone: c.phone ?? null } : null;
  };
  const ticketJson = (t: FakeFreshdeskTicket, withDescription: boolean) => {
    const { description, ...rest } = t;
    return withDescription ? { ...rest, description, description_text: stripTags(description) } : rest;
  };
  const noteJson = (n: FakeFreshdeskNote) => ({ ...n, body_text: stripTags(n.body), user_id: null });
  const agentJson = (a: FakeFreshdeskAgent) => ({
    id: a.id,
    available: a.available,
    occasional: a.occasional ?? false,
    group_ids: a.group_ids ?? [],
    contact: { active: a.contact.active ?? true, email: a.contact.email, mobile: a.contact.mobile ?? null, name: a.contact.name, phone: a.contact.phone ?? null },
  });

  function send(res: ServerResponse, entry: FreshdeskRequest, reply: FreshdeskReply): void {
    entry.status = reply.status;
    const body = reply.json === undefined ? '' : JSON.stringify(reply.json);
    res.writeHead(reply.status, { ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}), ...reply.headers });
    res.end(body);
  }

  const server = await serveHttp({ label: 'The fake Freshdesk', handle, onClose: () => [...held].forEach((release) => release()) });
  const serverUrl = () => server.url;
  return {
    url: server.url,
    contacts: () => structuredClone(contacts),
    tickets: () => structuredClone(tickets),
    notes: (ticketId) => structuredClone(ticketId === undefined ? notes : notes.filter((n) => n.ticket_id === ticketId)),
    requests: () => structuredClone(requests),
    setOutage: (next) => {
      outage = next && { ...next };
    },
    setAgents: (next) => {
      agents = structuredClone(next);
    },
    setTickets: (next) => {
      tickets = structuredClone(next);
    },
    close: () => server.close(),
  };
}

function authenticate(header: string | undefined, apiKey: string): void {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  const user = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8').split(':')[0] : undefined;
  if (user !== apiKey) throw invalidCredentials();
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new FreshdeskFailure({ status: 400, json: { description: 'Validation failed', errors: [{ field: '', message: 'Request body has invalid json format', code: 'invalid_json' }] } });
  }
}

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new FreshdeskFailure({ status: 400, json: { description: 'Validation failed', errors: [{ field: '', message: 'Request body has invalid json format', code: 'invalid_json' }] } });
  }
  return body as Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const stripTags = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
