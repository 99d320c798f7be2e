/**
 * The HTTP face of the fake Zammad: routes, body parsing, outages, and Rails-shaped responses. Loopback only.
 *
 *   POST /api/v1/cti/:token          Generic CTI push (Integration::CtiController#event), logged in requests()
 *   GET  /api/v1/cti/log             caller log for agents (CtiController#index)
 *   POST /api/v1/cti/done/:id        mark one caller-log row done / not done
 *   POST /api/v1/cti/done/bulk       mark rows done
 *   GET  /api/v1/users/search        users search (UsersController#search, SQL fallback)
 *   GET  /api/v1/groups              groups (GroupsController#index)
 *   GET  /api/v1/ticket_customer     a customer's open and closed tickets (TicketsController#ticket_customer)
 *   GET  /api/v1/tickets_customer    the same
 *   POST /api/v1/tickets             create a ticket with its first article and attachments (ticket-create.ts)
 *   POST /api/v1/ticket_articles     add an article (a note) to a ticket
 *   GET  /api/v1/ticket_articles/by_ticket/:id   a ticket's articles
 *   POST /api/v1/users               create a user (a customer by phone)
 *   anything else                    404 "No route matches [VERB] /path"
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, serveHttp, type BodyLimit } from '../twilio-emulator-kit/http-server';
import { authenticate } from './auth';
import { ctiEvent, type CtiSettings } from './cti-driver';
import { CtiLogStore } from './cti-log';
import { ZammadException, exceptionReply, notNullViolation, type Reply } from './errors';
import { ParamsParseError, requestParams, truthy, type Params } from './params';
import { railsJson } from './rails-json';
import { checkGroups, listGroups, SEEDED_GROUPS } from './groups';
import { storeTickets, ticketCustomer, ticketJson, type StoredTicket } from './tickets';
import { articlesOf, createArticle, createTicket, createUser, type Desk } from './ticket-create';
import type { CtiLogRow, CtiRequest, FakeZammad, FakeZammadArticle, FakeZammadOptions, FakeZammadUser, Outage } from './types';
import { checkUsers, rubyToI, searchUsers, userJson } from './users';
import { sendWebhook } from './webhook';

const BODY_LIMIT: BodyLimit = {
  maxBytes: 10 * 1024 * 1024,
  tooLarge: () => new Error('request body too large for the fake Zammad'),
};

interface Pending {
  timer: NodeJS.Timeout;
  resolve: () => void;
}

export async function startFakeZammad(options: FakeZammadOptions): Promise<FakeZammad> {
  const now = options.now ?? Date.now;
  const iso = (): string => new Date(now()).toISOString();

  checkUsers(options.users ?? []);
  let users: FakeZammadUser[] = structuredClone(options.users ?? []);
  let usersStampedAt = iso();
  const groups = structuredClone(options.groups ?? SEEDED_GROUPS);
  checkGroups(groups);
  let tickets: StoredTicket[] = storeTickets(options.tickets ?? [], iso());
  let articles: FakeZammadArticle[] = [];

  const settings: CtiSettings = {
    integrationEnabled: options.integrationEnabled ?? true,
    ctiToken: options.ctiToken,
    config: {
      configured: options.ctiConfigured ?? true,
      blockCallerIds: [...(options.blockCallerIds ?? [])],
      routingTable: (options.routingTable ?? []).map((row) => ({ ...row })),
      defaultCallerId: options.defaultCallerId ?? '',
      viewLimit: options.viewLimit ?? 60,
    },
  };
  const store = new CtiLogStore(now);
  const requests: CtiRequest[] = [];
  let outage: Outage = false;

  const pending = new Set<Pending>();

  async function handle(req: IncomingMessage, res: ServerResponse, closing: () => boolean): Promise<void> {
    const at = now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake-zammad.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const contentType = req.headers['content-type'];
    const body = await readBody(req, BODY_LIMIT);

    let params: Params = {};
    let unparsable = false;
    try {
      params = requestParams(url.searchParams, body, contentType);
    } catch (error) {
      if (!(error instanceof ParamsParseError)) throw error;
      unparsable = true;
    }

    const ctiToken = method === 'POST' ? ctiTokenOf(path) : undefined;
    let record: CtiRequest | undefined;
    if (ctiToken !== undefined) {
      record = { at, params: structuredClone(params), status: 0, body: undefined, token: ctiToken, contentType };
      requests.push(record);
    }

    const current = outage;
    if (current && current.kind === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (current && current.kind === 'status') {
      const reply: Reply = { status: current.status, html: proxyPage(current.status) };
      send(res, reply, closing());
      if (record) Object.assign(record, recorded(reply));
      return;
    }
    if (current && current.kind === 'hang') {
      await pause(current.ms);
      if (closing()) {
        res.destroy();
        return;
      }
    }

    let reply: Reply;
    try {
      if (unparsable) {
        // Rails' ParamsWrapper reads the body before any controller code: 400 from ShowExceptions.
        reply = { status: 400, json: { status: 400, error: 'Bad Request' } };
      } else if (ctiToken !== undefined) {
        const outcome = ctiEvent(ctiToken, params, settings, store, users);
        reply = outcome.reply;
        if (record && outcome.answeringUserId !== undefined) record.answering_user_id = outcome.answeringUserId;
      } else {
        reply = route(method, path, params, req);
      }
    } catch (error) {
      if (!(error instanceof ZammadException)) throw error;
      reply = exceptionReply(error, req.headers.accept);
    }
    if (record && current && current.kind === 'lost-reply' && !current.requests && (current.events?.includes(String(params.event)) ?? true)) {
      Object.assign(record, recorded(reply), { replyLost: true });
      req.socket.resetAndDestroy();
      return;
    }
    if (!record && current && current.kind === 'lost-reply' && current.requests?.includes(`${method} ${path}`)) {
      req.socket.resetAndDestroy();
      return;
    }
    send(res, reply, closing());
    if (record) Object.assign(record, recorded(reply));
  }

  function route(method: string, path: string, params: Params, req: IncomingMessage): Reply {
    if (method === 'GET' && path === '/api/v1/cti/log') {
      authenticate(req.headers.authorization, options.apiToken);
      return { status: 200, json: callerLog() };
    }
    if (method === 'POST' && path === '/api/v1/cti/done/bulk') {
      authenticate(req.headers.authorization, options.apiToken);
      const ids = truthy(params.ids) ? params.ids : [];
      if (!Array.isArray(ids)) throw new ZammadException('StandardError', `undefined method 'each' for ${typeof ids}`);
      for (const id of ids) store.setDone(findLog(id), true);
      return { status: 200, json: {} };
    }
    const done = method === 'POST' ? /^\/api\/v1\/cti\/done\/([^/]+)$/.exec(path) : null;
    if (done) {
      authenticate(req.headers.authorization, options.apiToken);
      // Path params win over body params in Rails.
      const row = findLog(decodeSegment(done[1] ?? ''));
      const flag = railsBoolean(params.done);
      if (flag === null) throw notNullViolation('done', 'cti_logs');
      store.setDone(row, flag);
      return { status: 200, json: {} };
    }
    if (method === 'GET' && path === '/api/v1/users/search') {
      authenticate(req.headers.authorization, options.apiToken);
      return { status: 200, json: searchUsers(users, params).map((user) => userJson(user, usersStampedAt)) };
    }
    if (method === 'GET' && path === '/api/v1/groups') {
      authenticate(req.headers.authorization, options.apiToken);
      return { status: 200, json: listGroups(groups, params, usersStampedAt) };
    }
    if (method === 'GET' && (path === '/api/v1/ticket_customer' || path === '/api/v1/tickets_customer')) {
      authenticate(req.headers.authorization, options.apiToken);
      return { status: 200, json: ticketCustomer(tickets, users, usersStampedAt, params) };
    }
    if (method === 'POST' && path === '/api/v1/tickets') {
      authenticate(req.headers.authorization, options.apiToken);
      return createTicket(desk(), params);
    }
    if (method === 'POST' && path === '/api/v1/ticket_articles') {
      authenticate(req.headers.authorization, options.apiToken);
      return createArticle(desk(), params);
    }
    const byTicket = method === 'GET' ? /^\/api\/v1\/ticket_articles\/by_ticket\/([^/]+)$/.exec(path) : null;
    if (byTicket) {
      authenticate(req.headers.authorization, options.apiToken);
      return articlesOf(desk(), rubyToI(decodeSegment(byTicket[1] ?? '')));
    }
    if (method === 'POST' && path === '/api/v1/users') {
      authenticate(req.headers.authorization, options.apiToken);
      return createUser(desk(), params);
    }
    throw new ZammadException('RoutingError', `No route matches [${method}] ${path}`);
  }

  function desk(): Desk {
    return { tickets, users, groups, articles, ticketGroups: options.ticketGroups, iso, usersStampedAt };
  }

  function findLog(id: unknown): CtiLogRow {
    const row = store.byId(rubyToI(id));
    if (!row) throw new ZammadException('RecordNotFound', `Couldn't find Cti::Log with 'id'=${String(id)}`);
    return row;
  }

  /** Cti::Log.log plus the controller's backends list. */
  function callerLog(): Record<string, unknown> {
    const list = store.newest(settings.config.viewLimit);
    const userAssets: Record<string, unknown> = {};
    for (const row of list) {
      for (const record of [...(row.preferences.from ?? []), ...(row.preferences.to ?? [])]) {
        const user = users.find((candidate) => candidate.id === record.user_id);
        if (user) userAssets[String(user.id)] = userJson(user, usersStampedAt);
      }
    }
    return {
      list: list.map(rowJson),
      assets: Object.keys(userAssets).length > 0 ? { User: userAssets } : {},
      backends: [
        { name: 'CTI (generic)', enabled: settings.integrationEnabled, url: '#system/integration/cti' },
        { name: 'sipgate.io', enabled: false, url: '#system/integration/sipgate' },
        { name: 'Placetel', enabled: false, url: '#system/integration/placetel' },
      ],
    };
  }

  function pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const entry: Pending = {
        resolve,
        timer: setTimeout(() => {
          pending.delete(entry);
          resolve();
        }, ms),
      };
      pending.add(entry);
    });
  }

  const http = await serveHttp({
    label: 'The fake Zammad',
    handle,
    onClose() {
      // A hang outage holds requests open; close() ends them rather than waiting them out.
      for (const entry of pending) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      pending.clear();
    },
  });

  return {
    url: http.url,
    close: () => http.close(),
    logs: () => store.all(),
    log: (callId) => store.byCallId(callId),
    requests: () => structuredClone(requests),
    setOutage(next) {
      outage = next && { ...next };
    },
    setIntegrationEnabled(on) {
      settings.integrationEnabled = on;
    },
    setCtiConfig(change) {
      const config = settings.config;
      if (change.ctiConfigured !== undefined) config.configured = change.ctiConfigured;
      if (change.blockCallerIds !== undefined) config.blockCallerIds = [...change.blockCallerIds];
      if (change.routingTable !== undefined) config.routingTable = change.routingTable.map((row) => ({ ...row }));
      if (change.defaultCallerId !== undefined) config.defaultCallerId = change.defaultCallerId;
      if (change.viewLimit !== undefined) config.viewLimit = change.viewLimit;
    },
    setUsers(next) {
      checkUsers(next);
      users = structuredClone(next);
      usersStampedAt = iso();
    },
    setTickets(next) {
      tickets = storeTickets(next, iso());
      articles = [];
    },
    tickets: () =>
      tickets.map((ticket) => ({
        ...ticketJson(ticket),
        id: ticket.id,
        customer_id: ticket.customer_id,
        group_id: ticket.group_id,
        title: ticket.title,
        articles: articles.filter((a) => a.ticket_id === ticket.id).map((a) => ({ ...a, attachments: a.attachments.map((f) => ({ ...f, data: Buffer.from(f.data) })) })),
      })),
    users: () => structuredClone(users),
    sendWebhook: (url, payload, secret, trigger) => sendWebhook(url, payload, secret, trigger),
  };
}

/** The :token of POST /api/v1/cti/:token (one segment; done/… has two and belongs to the agent API). */
function ctiTokenOf(path: string): string | undefined {
  const match = /^\/api\/v1\/cti\/([^/]+)$/.exec(path);
  return match?.[1] === undefined ? undefined : decodeSegment(match[1]);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** ActiveModel's boolean cast: '', nil → nil; false, 0, '0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF' → false. */
function railsBoolean(value: unknown): boolean | null {
  if (value === undefined || value === null || value === '') return null;
  return ![false, 0, '0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF'].includes(value as never);
}

/** A row as Zammad renders it (attribute order of cti_logs; from_pretty/to_pretty are not modelled). */
function rowJson(row: CtiLogRow): Record<string, unknown> {
  return {
    id: row.id,
    direction: row.direction,
    state: row.state,
    from: row.from,
    from_comment: row.from_comment,
    to: row.to,
    to_comment: row.to_comment,
    queue: row.queue,
    call_id: row.call_id,
    comment: row.comment,
    initialized_at: row.initialized_at,
    start_at: row.start_at,
    end_at: row.end_at,
    duration_waiting_time: row.duration_waiting_time,
    duration_talking_time: row.duration_talking_time,
    done: row.done,
    preferences: row.preferences,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function recorded(reply: Reply): Pick<CtiRequest, 'status' | 'body'> {
  const body = reply.html ?? (reply.json === undefined ? undefined : (JSON.parse(railsJson(reply.json)) as unknown));
  return { status: reply.status, body };
}

/** What a reverse proxy in front of a down Zammad answers. */
function proxyPage(status: number): string {
  const reason = STATUS_TEXT[status] ?? 'Error';
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

const STATUS_TEXT: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

function send(res: ServerResponse, reply: Reply, closing: boolean): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string | number> = { ...reply.headers };
  if (closing) headers.Connection = 'close';
  let text = '';
  if (reply.html !== undefined) {
    text = reply.html;
    headers['Content-Type'] = 'text/html; charset=utf-8';
  } else if (reply.json !== undefined) {
    text = railsJson(reply.json);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  headers['Content-Length'] = Buffer.byteLength(text, 'utf8');
  res.writeHead(reply.status, headers);
  res.end(text);
}
