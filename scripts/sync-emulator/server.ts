/**
 * The HTTP face of the emulator: auth, body parsing, the route table, and Twilio-shaped responses.
 */
import type { IncomingMessage } from 'node:http';
import { authenticate } from '../twilio-emulator-kit/basic-auth';
import { loopbackHost, readApiRequest, serveJson, type BodyLimit } from '../twilio-emulator-kit/http-server';
import { accountSidFor } from './auth';
import { entityTooLarge } from './errors';
import { createItem, deleteItem, fetchItem, listItems, updateItem } from './item-handlers';
import { createMap, deleteMap, fetchMap, listMaps, updateMap } from './map-handlers';
import { MAX_ITEM_DATA_BYTES } from './params';
import { StateFile } from './persistence';
import { WriteRateLimiter } from './rate-limit';
import { dispatch, type Deps, type Route } from './routing';
import { MapTraffic } from './stats';
import { FaultStorm } from './storm';
import { SyncStore } from './store';
import type { SyncEmulator, SyncEmulatorOptions } from './types';

const MAPS = ['v1', 'Services', ':service', 'Maps'] as const;

const ROUTES: readonly Route[] = [
  { pattern: MAPS, methods: { GET: listMaps, POST: createMap } },
  { pattern: [...MAPS, ':map'], methods: { GET: fetchMap, POST: updateMap, DELETE: deleteMap } },
  { pattern: [...MAPS, ':map', 'Items'], methods: { GET: listItems, POST: createItem } },
  { pattern: [...MAPS, ':map', 'Items', ':key'], methods: { GET: fetchItem, POST: updateItem, DELETE: deleteItem } },
];

const LABEL = 'The Sync emulator';

/** Form-encoding can triple a 16 KiB Data field; anything far beyond that is not a Sync request. */
const BODY_LIMIT: BodyLimit = { maxBytes: 1024 * 1024, tooLarge: () => entityTooLarge(MAX_ITEM_DATA_BYTES) };

export async function startSyncEmulator(options: SyncEmulatorOptions): Promise<SyncEmulator> {
  // Checked before the state file is read or written, not only when listening.
  const host = loopbackHost(options.host, LABEL);
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
    storm: new FaultStorm(),
    persist: () => stateFile.save(),
  };

  const http = await serveJson({
    label: LABEL,
    host,
    port: options.port,
    answer: async (req) => {
      const credentials = authenticate(req.headers.authorization, options.credentials);
      const ifMatch = req.headers['if-match'];
      return dispatch(
        ROUTES,
        {
          ...(await readApiRequest(req, BODY_LIMIT)),
          ifMatch: Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch,
          ctx: { baseUrl: baseUrlFor(req, http.url), accountSid: accountSidFor(credentials, store.accountSid) },
        },
        deps,
      );
    },
    // Expiry purges happen during reads; persist them too, but without holding up the response.
    afterReply: () => {
      if (store.takePurged()) stateFile.save().catch(() => undefined);
    },
  });

  let closed: Promise<void> | undefined;
  return {
    url: http.url,
    close() {
      closed ??= http.close().then(() => stateFile.flush());
      return closed;
    },
    setRateLimit: (limit) => deps.limiter.configure(limit),
    setStorm: (storm) => deps.storm.configure(storm),
    stormCounts: () => deps.storm.snapshot(),
    stats: () => deps.traffic.snapshot(),
    resetStats: () => deps.traffic.reset(),
  };
}

/**
 * Resource and paging URLs are built from the Host the client used, because the twilio client follows
 * next_page_url verbatim. A Host header that is not a plain host[:port] falls back to our own address.
 */
function baseUrlFor(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host && /^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? `http://${host}` : fallback;
}
