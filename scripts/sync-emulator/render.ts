/**
 * JSON resources exactly as the spec's `sync.v1.service.sync_map` and
 * `sync.v1.service.sync_map.sync_map_item` schemas name them. URLs are absolute and use canonical
 * sids, as Twilio does, even when the request addressed the map by unique name or `default`.
 */
import type { ItemRecord, JsonObject, MapRecord } from './store';

export interface RenderContext {
  /** Scheme and authority the client used, e.g. http://127.0.0.1:54321 */
  baseUrl: string;
  accountSid: string;
}

export interface SyncMapResource {
  sid: string;
  unique_name: string | null;
  account_sid: string;
  service_sid: string;
  url: string;
  links: { items: string; permissions: string };
  revision: string;
  date_expires: string | null;
  date_created: string;
  date_updated: string;
  created_by: string;
}

export interface SyncMapItemResource {
  key: string;
  account_sid: string;
  service_sid: string;
  map_sid: string;
  url: string;
  revision: string;
  data: JsonObject;
  date_expires: string | null;
  date_created: string;
  date_updated: string;
  created_by: string;
}

/** Objects made over REST report this creator (the spec's created_by description). */
const REST_CREATOR = 'system';

/** Twilio's v1 APIs print whole seconds: 2026-01-01T00:00:00Z. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function mapsUrl(ctx: RenderContext, serviceSid: string): string {
  return `${ctx.baseUrl}/v1/Services/${serviceSid}/Maps`;
}

export function mapUrl(ctx: RenderContext, map: MapRecord): string {
  return `${mapsUrl(ctx, map.serviceSid)}/${map.sid}`;
}

export function itemsUrl(ctx: RenderContext, map: MapRecord): string {
  return `${mapUrl(ctx, map)}/Items`;
}

/**
 * Keys with spaces or '%' must still give a valid absolute URI, but characters a path segment allows
 * as they are (':' '@' '+' ...) stay readable, so `agent:42` appears as typed.
 */
function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(3A|40|2B|2C|3B|3D|24|26)/g, (escaped) => decodeURIComponent(escaped));
}

export function renderMap(ctx: RenderContext, map: MapRecord): SyncMapResource {
  const url = mapUrl(ctx, map);
  return {
    sid: map.sid,
    unique_name: map.uniqueName,
    account_sid: ctx.accountSid,
    service_sid: map.serviceSid,
    url,
    links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
    revision: String(map.revision),
    date_expires: map.expiresAt === null ? null : isoDate(map.expiresAt),
    date_created: isoDate(map.createdAt),
    date_updated: isoDate(map.updatedAt),
    created_by: REST_CREATOR,
  };
}

export function renderItem(ctx: RenderContext, map: MapRecord, item: ItemRecord): SyncMapItemResource {
  return {
    key: item.key,
    account_sid: ctx.accountSid,
    service_sid: map.serviceSid,
    map_sid: map.sid,
    url: `${itemsUrl(ctx, map)}/${encodePathSegment(item.key)}`,
    revision: item.revision,
    data: item.data,
    date_expires: item.expiresAt === null ? null : isoDate(item.expiresAt),
    date_created: isoDate(item.createdAt),
    date_updated: isoDate(item.updatedAt),
    created_by: REST_CREATOR,
  };
}
