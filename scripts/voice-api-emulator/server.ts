/**
 * The HTTP face of the emulator: auth, body parsing, the route table, and Twilio-shaped responses,
 * plus the in-process API a test or call simulator uses to play calls.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate } from './auth';
import { createCall, fetchCall, listCalls, updateCall } from './call-handlers';
import { VoiceApiError } from './errors';
import { fetchMember, listMembers, updateMember } from './member-handlers';
import { createQueue, deleteQueue, fetchQueue, listQueues, updateQueue } from './queue-handlers';
import { API_VERSION } from './render';
import { dispatch, type Deps, type Route, type VoiceReply } from './routing';
import { isSid } from './sids';
import { publicCall, queueSnapshot, VoiceStore } from './store';
import type { VoiceApiEmulator, VoiceApiEmulatorOptions } from './types';

const ACCOUNT = [API_VERSION, 'Accounts', ':account'] as const;

const ROUTES: readonly Route[] = [
  { pattern: [...ACCOUNT, 'Calls.json'], methods: { GET: listCalls, POST: createCall } },
  { pattern: [...ACCOUNT, 'Calls', ':call.json'], methods: { GET: fetchCall, POST: updateCall } },
  { pattern: [...ACCOUNT, 'Queues.json'], methods: { GET: listQueues, POST: createQueue } },
  {
    pattern: [...ACCOUNT, 'Queues', ':queue.json'],
    methods: { GET: fetchQueue, POST: updateQueue, DELETE: deleteQueue },
  },
  { pattern: [...ACCOUNT, 'Queues', ':queue', 'Members.json'], methods: { GET: listMembers } },
  {
    pattern: [...ACCOUNT, 'Queues', ':queue', 'Members', ':call.json'],
    methods: { GET: fetchMember, POST: updateMember },
  },
];

/**
 * The account of inbound calls registered by a simulator when the credentials do not name one: the
 * project's development default (README), so they match what `npm start` uses.
 */
const DEFAULT_ACCOUNT_SID = 'AC' + '0'.repeat(32);

/** A 4000-character Twiml, form-encoded, is at most ~36 KB; anything far beyond is not a Voice request. */
const MAX_BODY_BYTES = 256 * 1024;

export async function startVoiceApiEmulator(options: VoiceApiEmulatorOptions = {}): Promise<VoiceApiEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`The Voice API emulator only listens on loopback; refusing host ${host}`);
  const now = options.now ?? Date.now;
  const username = options.credentials?.username;
  const store = new VoiceStore(
    now,
    options.callsPerSecond ?? 1,
    username !== undefined && isSid('AC', username) ? username : DEFAULT_ACCOUNT_SID,
  );
  const deps: Deps = { store, now };

  let closing = false;
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handling = handle(req, res)
      // Only a broken socket gets here (handle() turns every other failure into a reply).
      .catch(() => {
        res.destroy();
      })
      .finally(() => inFlight.delete(handling));
    inFlight.add(handling);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    store.counters.requests += 1;
    let reply: VoiceReply;
    try {
      reply = await answer(req);
    } catch (error) {
      reply = errorReply(error);
    }
    send(res, reply, closing);
  }

  async function answer(req: IncomingMessage): Promise<VoiceReply> {
    const credentials = authenticate(req.headers.authorization, options.credentials);
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const form = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : new URLSearchParams();
    return dispatch(
      ROUTES,
      { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, form, credentials },
      deps,
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo; // a TCP listener always reports an AddressInfo

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close() {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
    calls: () => store.listCalls().map(publicCall),
    call: (sid) => {
      const call = store.getCall(sid);
      return call && publicCall(call);
    },
    setCallStatus: (sid, status, extra) => store.setCallStatus(sid, status, extra),
    addInboundCall: (input) => publicCall(store.addInboundCall(input)),
    queues: () => store.listQueues().map(queueSnapshot),
    enqueue: (queueName, callSid) => store.enqueue(queueName, callSid),
    leaveQueue: (callSid) => store.leaveQueue(callSid),
    onDequeue: (listener) => store.onDequeue(listener),
    onCallCreated: (listener) => store.onCallCreated(listener),
    stats: () => ({ ...store.counters }),
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer; // no encoding was set on the stream, so chunks are Buffers
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new VoiceApiError(413, 20001, `Request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorReply(error: unknown): VoiceReply {
  if (error instanceof VoiceApiError) {
    return { status: error.status, body: error.toBody(), headers: { ...error.headers } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: new VoiceApiError(500, 20500, `Internal Server Error: ${message}`).toBody() };
}

function send(res: ServerResponse, reply: VoiceReply, closing: boolean): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  // Keep-alive sockets would otherwise hold close() open until their idle timeout.
  if (closing) headers.Connection = 'close';
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = Buffer.byteLength(text, 'utf8');
  res.writeHead(reply.status, headers);
  res.end(text);
}
