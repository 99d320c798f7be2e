/** Validation of form fields, query parameters and path keys, mapped to Twilio's error codes. */
import { readPageQuery as readPaging, type PageQuery, type PageSizeLimits } from '../twilio-emulator-kit/page-query';
import { entityTooLarge, invalidItemData, invalidJson, invalidKey, invalidParameter } from './errors';
import { isSid } from './sids';
import type { JsonObject, TtlSeconds } from './store';

/** Sync's documented payload limit for a Map Item: 16 KiB of serialized JSON. */
export const MAX_ITEM_DATA_BYTES = 16 * 1024;
/** The 54209 error page says 1-256 (the spec's "up to 320" disagrees; the lower bound is the safe one). */
export const MAX_KEY_LENGTH = 256;
/** Sync's documented paging: 50 by default, at most 100. */
const PAGE_SIZES: PageSizeLimits = { defaultPageSize: 50, maxPageSize: 100 };

export function readKey(key: string): string {
  const length = [...key].length;
  if (length < 1 || length > MAX_KEY_LENGTH || key.includes('/')) throw invalidKey();
  return key;
}

export interface ItemData {
  data: JsonObject;
  /** UTF-8 size of the data as stored (re-serialized, so insignificant whitespace does not count). */
  bytes: number;
}

export function readData(form: URLSearchParams): ItemData | undefined {
  const raw = form.get('Data');
  if (raw === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidJson();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidItemData("'Data' must be a serialized JSON object");
  }
  const data = parsed as JsonObject; // JSON.parse output is JSON by construction
  const bytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
  if (bytes > MAX_ITEM_DATA_BYTES) throw entityTooLarge(MAX_ITEM_DATA_BYTES);
  return { data, bytes };
}

export function requireData(form: URLSearchParams): ItemData {
  const data = readData(form);
  if (!data) throw invalidItemData("the 'Data' parameter is required");
  return data;
}

/** The spec: "Ttl: an alias for ItemTtl. If both parameters are provided, this value is ignored." */
export function readItemTtl(form: URLSearchParams): TtlSeconds | undefined {
  return readTtl(form, 'ItemTtl') ?? readTtl(form, 'Ttl');
}

/** On a Map, Ttl is the alias of CollectionTtl, with the same precedence. */
export function readMapTtl(form: URLSearchParams): TtlSeconds | undefined {
  return readTtl(form, 'CollectionTtl') ?? readTtl(form, 'Ttl');
}

export function readCollectionTtl(form: URLSearchParams): TtlSeconds | undefined {
  return readTtl(form, 'CollectionTtl');
}

function readTtl(form: URLSearchParams, name: string): TtlSeconds | undefined {
  const raw = form.get(name);
  if (raw === null) return undefined;
  if (!/^\d{1,10}$/.test(raw)) throw invalidParameter(`${name} must be a whole number of seconds (0 means no expiry)`);
  return Number(raw);
}

export function readUniqueName(form: URLSearchParams): string | null {
  const name = form.get('UniqueName');
  if (name === null) return null;
  if (name === '') throw invalidParameter('UniqueName must not be empty');
  // A unique name shaped like a sid could never be addressed: paths try the sid reading first.
  if (isSid('MP', name)) throw invalidParameter('UniqueName must not have the form of a Map SID');
  return name;
}

export type Order = 'asc' | 'desc';
export type Bounds = 'inclusive' | 'exclusive';

export type { PageQuery };

export interface ItemPageQuery extends PageQuery {
  order: Order;
  from: string | undefined;
  bounds: Bounds;
}

export function readPageQuery(query: URLSearchParams): PageQuery {
  return readPaging(query, PAGE_SIZES);
}

export function readItemPageQuery(query: URLSearchParams): ItemPageQuery {
  return {
    ...readPageQuery(query),
    order: readEnum(query, 'Order', ['asc', 'desc'] as const, 'asc'),
    from: query.get('From') ?? undefined,
    bounds: readEnum(query, 'Bounds', ['inclusive', 'exclusive'] as const, 'inclusive'),
  };
}

function readEnum<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const match = allowed.find((value) => value === raw);
  if (match === undefined) throw invalidParameter(`${name} must be one of: ${allowed.join(', ')}`);
  return match;
}
