/**
 * The HTTP face of the emulator: auth, body parsing, the route table, and Twilio-shaped responses.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountSidFor, authenticate } from './auth';
import { entityTooLarge, SyncApiError } from './errors';
import { createItem, deleteItem, fetchItem, listItems, updateItem } from './item-handlers';
import { createMap, deleteMap, fetchMap, listMaps, updateMap } from './map-handlers';
import { MAX_ITEM_DATA_BYTES } from './params';
import { StateFile } from './persistence';
import { WriteRateLimiter } from './rate-limit';
import { dispatch, type Deps, type Route, type SyncReply } from './routing';
import { MapTraffic } from './stats';
import { SyncStore } from './store';
import type { SyncEmulator, SyncEmulatorOptions } from './types';

const MAPS = ['v1', 'Services', ':service', 'Maps'] as const;

const ROUTES: readonly Route[] = [
  { pattern: MAPS, methods: { GET: listMaps, POST: createMap } },
  { pattern: [...MAPS, ':map'], methods: { GET: fetchMap, POST: updateMap, DELETE: deleteMap } },
  { pattern: [...MAPS, ':map', 'Items'], methods: { GET: listItems, POST: createItem } },
  { pattern: [...MAPS, ':map', 'Items', ':key'], methods: { GET: fetchItem, POST: updateItem, DELETE: deleteItem } },
];

/** Form-encoding can triple a 16 KiB Data field; anything far beyond that is not a Sync request. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function startSyncEmulator(options: SyncEmulatorOptions): Promise<SyncEmulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`The Sync emulator only listens on loopback; refusing host ${host}`);
  const now = options.now ?? Date.now;

  let store = SyncStore.empty(now);
  const stateFile = new StateFile(options.dataDir, () => store.toSnapshot());
  const saved = await stateFile.load();
  if (saved) store = SyncStore.fromSnapshot(saved, now);
  // Written at once so the generated account and `default` service sids survive a restart.
  else await stateFile.save();

  const deps: Deps = {
    store,
    limiter: new WriteRateLimiter(options.rateLimit, now),
    traffic: new MapTraffic(),
    persist: () => stateFile.save(),
  };

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
    let reply: SyncReply;
    try {
      reply = await answer(req);
    } catch (error) {
      reply = errorReply(error);
    }
    send(res, reply, closing);
    // Expiry purges happen during reads; persist them too, but without holding up the response.
    if (store.takePurged()) stateFile.save().catch(() => undefined);
  }

  async function answer(req: IncomingMessage): Promise<SyncReply> {
    const credentials = authenticate(req.headers.authorization, options.credentials);
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const form = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : new URLSearchParams();
    const ifMatch = req.headers['if-match'];
    return dispatch(
      ROUTES,
      {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        form,
        ifMatch: Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch,
        ctx: { baseUrl: baseUrlFor(req, listeningUrl), accountSid: accountSidFor(credentials, store.accountSid) },
      },
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
  const listeningUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url: listeningUrl,
    close() {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await stopped;
        await stateFile.flush();
      })();
      return closed;
    },
    setRateLimit: (limit) => deps.limiter.configure(limit),
    stats: () => deps.traffic.snapshot(),
    resetStats: () => deps.traffic.reset(),
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Resource and paging URLs are built from the Host the client used, because the twilio client follows
 * next_page_url verbatim. A Host header that is not a plain host[:port] falls back to our own address.
 */
function baseUrlFor(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host && /^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? `http://${host}` : fallback;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer; // no encoding was set on the stream, so chunks are Buffers
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw entityTooLarge(MAX_ITEM_DATA_BYTES);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorReply(error: unknown): SyncReply {
  if (error instanceof SyncApiError) {
    return { status: error.status, body: error.toBody(), headers: { ...error.headers } };
  }
  const message = error instanceof Error ? error.message : String(error);
  const body = new SyncApiError(500, 20500, `Internal Server Error: ${message}`).toBody();
  return { status: 500, body };
}

function send(res: ServerResponse, reply: SyncReply, closing: boolean): void {
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
