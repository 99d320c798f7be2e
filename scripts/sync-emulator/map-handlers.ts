/** Endpoints of /v1/Services/{ServiceSid}/Maps and /Maps/{Sid}. */
import { cutPage } from '../twilio-emulator-kit/page-window';
import { invalidParameter, notFound } from './errors';
import { decodePageToken, listMeta } from './pagination';
import { readMapTtl, readPageQuery, readUniqueName } from './params';
import { mapsUrl, renderMap } from './render';
import type { Deps, Handler, RouteParams, SyncRequest } from './routing';
import type { MapRecord } from './store';

export function requireService(request: SyncRequest, params: RouteParams, deps: Deps): string {
  const serviceSid = deps.store.resolveServiceSid(params.service ?? '');
  if (serviceSid === undefined) throw notFound(request.path);
  return serviceSid;
}

/** Twilio answers a missing map (or service) with 404 / 20404, whichever sub-resource was asked for. */
export function requireMap(request: SyncRequest, params: RouteParams, deps: Deps): MapRecord {
  const serviceSid = requireService(request, params, deps);
  const map = deps.store.findMap(serviceSid, params.map ?? '');
  if (!map) throw notFound(request.path);
  return map;
}

export const createMap: Handler = async (request, params, deps) => {
  const serviceSid = requireService(request, params, deps);
  const uniqueName = readUniqueName(request.form);
  const ttl = readMapTtl(request.form);
  // Rendered before awaiting persistence: later requests may change the record meanwhile.
  const body = renderMap(request.ctx, deps.store.createMap(serviceSid, uniqueName, ttl));
  await deps.persist();
  return { status: 201, body };
};

export const fetchMap: Handler = (request, params, deps) => ({
  status: 200,
  body: renderMap(request.ctx, requireMap(request, params, deps)),
});

export const updateMap: Handler = async (request, params, deps) => {
  const map = requireMap(request, params, deps);
  const ttl = readMapTtl(request.form);
  if (ttl === undefined) throw invalidParameter('Ttl or CollectionTtl is required to update a Map');
  deps.store.setMapTtl(map, ttl);
  const body = renderMap(request.ctx, map);
  await deps.persist();
  return { status: 200, body };
};

export const deleteMap: Handler = async (request, params, deps) => {
  const map = requireMap(request, params, deps);
  deps.store.deleteMap(map);
  deps.limiter.forget(map.sid);
  await deps.persist();
  return { status: 204 };
};

/** Maps are listed in creation order; the page token carries the creation sequence number. */
export const listMaps: Handler = (request, params, deps) => {
  const serviceSid = requireService(request, params, deps);
  const page = readPageQuery(request.query);
  const cursor = page.pageToken === undefined ? undefined : decodePageToken(page.pageToken);
  const sortKey = (map: MapRecord): string => String(map.seq).padStart(15, '0');
  const slice = cutPage(deps.store.listMaps(serviceSid), sortKey, (a, b) => a < b, cursor, page.pageSize);
  return {
    status: 200,
    body: {
      maps: slice.entries.map((map) => renderMap(request.ctx, map)),
      meta: listMeta(mapsUrl(request.ctx, serviceSid), 'maps', [], page, slice),
    },
  };
};
