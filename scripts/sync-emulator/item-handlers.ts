/**
 * Endpoints of /v1/Services/{ServiceSid}/Maps/{MapSid}/Items and /Items/{Key}.
 *
 * Check order: map exists (404), input valid (400/413), rate limit (429, and a storm's), then the
 * state-dependent outcomes (404 item, 409, 412). Malformed requests therefore cost no tokens, while
 * conflicts do, since Twilio has to look at the object to detect them.
 */
import { cutPage } from '../twilio-emulator-kit/page-window';
import { invalidIfMatch, invalidParameter, notFound, rateLimited } from './errors';
import { requireMap } from './map-handlers';
import { decodePageToken, listMeta } from './pagination';
import { readCollectionTtl, readData, readItemPageQuery, readItemTtl, readKey, requireData } from './params';
import { writeCost } from './rate-limit';
import { itemsUrl, renderItem } from './render';
import type { Deps, Handler, SyncReply, SyncRequest } from './routing';
import { assertRevision, compareKeys, type ItemRecord, type MapRecord } from './store';

export const createItem: Handler = async (request, params, deps) => {
  const map = requireMap(request, params, deps);
  const rawKey = request.form.get('Key');
  if (rawKey === null) throw invalidParameter("The 'Key' parameter is required");
  const key = readKey(rawKey);
  const { data, bytes } = requireData(request.form);
  const ttl = { itemTtl: readItemTtl(request.form), collectionTtl: readCollectionTtl(request.form) };
  admitWrite(deps, map, writeCost(bytes));
  const reply = itemReply(201, request, map, deps.store.createItem(map, key, data, ttl));
  await deps.persist();
  return reply;
};

export const fetchItem: Handler = (request, params, deps) => {
  const map = requireMap(request, params, deps);
  const key = readKey(params.key ?? '');
  admitRead(deps, map);
  return itemReply(200, request, map, requireItem(request, deps, map, key));
};

export const updateItem: Handler = async (request, params, deps) => {
  const map = requireMap(request, params, deps);
  const key = readKey(params.key ?? '');
  const data = readData(request.form);
  const itemTtl = readItemTtl(request.form);
  const collectionTtl = readCollectionTtl(request.form);
  // Twilio accepts CollectionTtl on an item update only alongside a data or TTL change.
  if (data === undefined && itemTtl === undefined) {
    throw invalidParameter('An update needs Data, Ttl or ItemTtl (CollectionTtl alone is not accepted)');
  }
  const ifMatch = readIfMatch(request);
  admitWrite(deps, map, writeCost(data?.bytes ?? 0));
  const item = requireItem(request, deps, map, key);
  deps.storm.race(deps.store, map, item, ifMatch);
  assertRevision(item, ifMatch);
  const updated = deps.store.updateItem(map, item, { data: data?.data, itemTtl, collectionTtl });
  const reply = itemReply(200, request, map, updated);
  await deps.persist();
  return reply;
};

export const deleteItem: Handler = async (request, params, deps) => {
  const map = requireMap(request, params, deps);
  const key = readKey(params.key ?? '');
  const ifMatch = readIfMatch(request);
  admitWrite(deps, map, 1);
  const item = requireItem(request, deps, map, key);
  deps.storm.race(deps.store, map, item, ifMatch);
  assertRevision(item, ifMatch);
  deps.store.deleteItem(map, item);
  await deps.persist();
  return { status: 204 };
};

export const listItems: Handler = (request, params, deps) => {
  const map = requireMap(request, params, deps);
  const query = readItemPageQuery(request.query);
  const cursor = query.pageToken === undefined ? undefined : decodePageToken(query.pageToken);
  admitRead(deps, map);

  const ascending = query.order === 'asc';
  const precedes = (a: string, b: string): boolean => (ascending ? compareKeys(a, b) < 0 : compareKeys(a, b) > 0);
  let ordered = deps.store.listItems(map);
  if (!ascending) ordered.reverse();
  const from = query.from;
  if (from !== undefined) {
    // "From" is where reading starts in the chosen order; exclusive bounds skip the From key itself.
    ordered = ordered.filter((item) =>
      query.bounds === 'inclusive' ? !precedes(item.key, from) : precedes(from, item.key),
    );
  }

  const slice = cutPage(ordered, (item) => item.key, precedes, cursor, query.pageSize);
  const filters: Array<[string, string]> = from === undefined ? [] : [['From', from], ['Bounds', query.bounds]];
  filters.push(['Order', query.order]);
  return {
    status: 200,
    body: {
      items: slice.entries.map((item) => renderItem(request.ctx, map, item)),
      meta: listMeta(itemsUrl(request.ctx, map), 'items', filters, query, slice),
    },
  };
};

function requireItem(request: SyncRequest, deps: Deps, map: MapRecord, key: string): ItemRecord {
  const item = deps.store.getItem(map, key);
  if (!item) throw notFound(request.path);
  return item;
}

function readIfMatch(request: SyncRequest): string | undefined {
  if (request.ifMatch !== undefined && request.ifMatch.trim() === '') throw invalidIfMatch();
  return request.ifMatch;
}

/** Every item read that reaches a map passes this gate; only a storm throttles reads here. */
function admitRead(deps: Deps, map: MapRecord): void {
  refuseInStorm(deps, map);
  deps.traffic.read(map);
}

/** Every item write that reaches a map passes this gate, and is counted as a write or a rejection. */
function admitWrite(deps: Deps, map: MapRecord, cost: number): void {
  refuseInStorm(deps, map);
  const verdict = deps.limiter.take(map.sid, cost);
  if (!verdict.ok) {
    deps.traffic.rejected(map);
    throw rateLimited(verdict.retryAfterSeconds);
  }
  deps.traffic.write(map);
}

function refuseInStorm(deps: Deps, map: MapRecord): void {
  if (!deps.storm.throttles()) return;
  deps.traffic.rejected(map);
  throw rateLimited(1);
}

/**
 * Rendered at once, before any await: the records are mutable, and a response must describe this
 * write even if another request changes the item while the state is being persisted.
 * The revision doubles as the ETag, which Twilio documents as the value to send back in If-Match.
 */
function itemReply(status: number, request: SyncRequest, map: MapRecord, item: ItemRecord): SyncReply {
  return { status, body: renderItem(request.ctx, map, item), headers: { ETag: item.revision } };
}
