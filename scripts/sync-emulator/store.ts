/**
 * In-memory Sync state: services → maps → items, with TTL expiry and snapshotting.
 *
 * Every method is synchronous on purpose: the HTTP layer awaits only before (body reading) and after
 * (persistence) calling in here, so a check-then-write such as "create if the key is free" can never
 * interleave with another request.
 */
import { itemExists, revisionMismatch, uniqueNameExists } from './errors';
import { isSid, newSid } from './sids';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface ItemRecord {
  key: string;
  data: JsonObject;
  revision: string;
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
}

export interface MapRecord {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  /** Creation order, the sort key of the Maps list. */
  seq: number;
  revision: number;
  /**
   * Item revisions come from one counter per map rather than per item, so a key that is deleted and
   * created again never reuses a revision a client may still hold (no ABA on If-Match).
   */
  nextItemRevision: number;
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
  items: Map<string, ItemRecord>;
}

/** Seconds from now, where 0 means "never expires" (Twilio's convention for Ttl fields). */
export type TtlSeconds = number;

export interface PersistedState {
  version: 1;
  accountSid: string;
  defaultServiceSid: string;
  nextMapSeq: number;
  maps: Array<Omit<MapRecord, 'items'> & { items: ItemRecord[] }>;
}

export class SyncStore {
  private readonly maps = new Map<string, MapRecord>();
  /** serviceSid → uniqueName → map sid */
  private readonly uniqueNames = new Map<string, Map<string, string>>();
  private nextMapSeq = 1;
  private purged = false;

  private constructor(
    readonly accountSid: string,
    readonly defaultServiceSid: string,
    private readonly now: () => number,
  ) {}

  static empty(now: () => number): SyncStore {
    return new SyncStore(newSid('AC'), newSid('IS'), now);
  }

  static fromSnapshot(state: PersistedState, now: () => number): SyncStore {
    const store = new SyncStore(state.accountSid, state.defaultServiceSid, now);
    store.nextMapSeq = state.nextMapSeq;
    for (const persisted of state.maps) {
      const map: MapRecord = { ...persisted, items: new Map(persisted.items.map((item) => [item.key, item])) };
      store.maps.set(map.sid, map);
      if (map.uniqueName !== null) store.namesOf(map.serviceSid).set(map.uniqueName, map.sid);
    }
    return store;
  }

  toSnapshot(): PersistedState {
    return {
      version: 1,
      accountSid: this.accountSid,
      defaultServiceSid: this.defaultServiceSid,
      nextMapSeq: this.nextMapSeq,
      maps: [...this.maps.values()].map((map) => ({ ...map, items: [...map.items.values()] })),
    };
  }

  /** True once if expired objects were dropped since the last call, so the caller can persist that. */
  takePurged(): boolean {
    const purged = this.purged;
    this.purged = false;
    return purged;
  }

  /** `default` is an alias the emulator pins to one generated service; any well-formed IS sid also works. */
  resolveServiceSid(raw: string): string | undefined {
    if (raw === 'default') return this.defaultServiceSid;
    return isSid('IS', raw) ? raw : undefined;
  }

  // ---- maps ----

  createMap(serviceSid: string, uniqueName: string | null, ttl: TtlSeconds | undefined): MapRecord {
    if (uniqueName !== null && this.findMap(serviceSid, uniqueName)) throw uniqueNameExists(uniqueName);
    const now = this.now();
    const map: MapRecord = {
      sid: newSid('MP'),
      serviceSid,
      uniqueName,
      seq: this.nextMapSeq++,
      revision: 0,
      nextItemRevision: 0,
      createdAt: now,
      updatedAt: now,
      expiresAt: expiryFrom(now, ttl),
      items: new Map(),
    };
    this.maps.set(map.sid, map);
    if (uniqueName !== null) this.namesOf(serviceSid).set(uniqueName, map.sid);
    return map;
  }

  /** A map by sid or unique name, unless it has expired (then it is purged). */
  findMap(serviceSid: string, sidOrUniqueName: string): MapRecord | undefined {
    const sid = isSid('MP', sidOrUniqueName) ? sidOrUniqueName : this.namesOf(serviceSid).get(sidOrUniqueName);
    const map = sid === undefined ? undefined : this.maps.get(sid);
    if (!map || map.serviceSid !== serviceSid) return undefined;
    if (!this.isLive(map.expiresAt)) {
      this.deleteMap(map);
      this.purged = true;
      return undefined;
    }
    return map;
  }

  listMaps(serviceSid: string): MapRecord[] {
    const live: MapRecord[] = [];
    for (const map of [...this.maps.values()]) {
      if (map.serviceSid !== serviceSid) continue;
      if (this.findMap(serviceSid, map.sid)) live.push(map);
    }
    return live.sort((a, b) => a.seq - b.seq);
  }

  setMapTtl(map: MapRecord, ttl: TtlSeconds): void {
    const now = this.now();
    map.expiresAt = expiryFrom(now, ttl);
    map.updatedAt = now;
    map.revision += 1;
  }

  deleteMap(map: MapRecord): void {
    this.maps.delete(map.sid);
    if (map.uniqueName !== null) this.namesOf(map.serviceSid).delete(map.uniqueName);
  }

  // ---- items ----

  /** An item unless it has expired (then it is purged): expired items are invisible to every read. */
  getItem(map: MapRecord, key: string): ItemRecord | undefined {
    const item = map.items.get(key);
    if (item && !this.isLive(item.expiresAt)) {
      map.items.delete(key);
      this.purged = true;
      return undefined;
    }
    return item;
  }

  /** Live items in Sync's list order: lexicographic by key (UTF-16 code units). */
  listItems(map: MapRecord): ItemRecord[] {
    const live: ItemRecord[] = [];
    for (const key of [...map.items.keys()]) {
      const item = this.getItem(map, key);
      if (item) live.push(item);
    }
    return live.sort((a, b) => compareKeys(a.key, b.key));
  }

  createItem(
    map: MapRecord,
    key: string,
    data: JsonObject,
    ttl: { itemTtl?: TtlSeconds; collectionTtl?: TtlSeconds },
  ): ItemRecord {
    if (this.getItem(map, key)) throw itemExists(key);
    const now = this.now();
    const item: ItemRecord = {
      key,
      data,
      revision: String(map.nextItemRevision++),
      createdAt: now,
      updatedAt: now,
      expiresAt: expiryFrom(now, ttl.itemTtl),
    };
    map.items.set(key, item);
    if (ttl.collectionTtl !== undefined) this.setMapTtl(map, ttl.collectionTtl);
    return item;
  }

  /** Fields left undefined keep their value; every call produces a new revision. */
  updateItem(
    map: MapRecord,
    item: ItemRecord,
    change: { data?: JsonObject; itemTtl?: TtlSeconds; collectionTtl?: TtlSeconds },
  ): ItemRecord {
    const now = this.now();
    if (change.data !== undefined) item.data = change.data;
    if (change.itemTtl !== undefined) item.expiresAt = expiryFrom(now, change.itemTtl);
    item.revision = String(map.nextItemRevision++);
    item.updatedAt = now;
    if (change.collectionTtl !== undefined) this.setMapTtl(map, change.collectionTtl);
    return item;
  }

  deleteItem(map: MapRecord, item: ItemRecord): void {
    map.items.delete(item.key);
  }

  private isLive(expiresAt: number | null): boolean {
    return expiresAt === null || this.now() < expiresAt;
  }

  private namesOf(serviceSid: string): Map<string, string> {
    let names = this.uniqueNames.get(serviceSid);
    if (!names) {
      names = new Map();
      this.uniqueNames.set(serviceSid, names);
    }
    return names;
  }
}

/**
 * If-Match semantics: absent means unconditional; `*` matches any existing item. Quotes and a weak
 * `W/` prefix are tolerated because generic HTTP clients echo ETags in that form.
 */
export function assertRevision(item: ItemRecord, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const wanted = ifMatch.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (wanted !== '*' && wanted !== item.revision) throw revisionMismatch();
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function expiryFrom(now: number, ttl: TtlSeconds | undefined): number | null {
  return ttl === undefined || ttl === 0 ? null : now + ttl * 1000;
}
