import { assertValidKey, ItemExistsError, ItemNotFoundError, RevisionMismatchError, StoreError, type ItemMap, type StoredItem, type WriteOptions } from './item-map';

/** Sync refuses item data over 16 KiB (error 54006). */
const MAX_ITEM_BYTES = 16 * 1024;
const ITEM_TOO_LARGE = 54006;

interface Entry {
  json: string;
  revision: number;
  expiresAt: number | null;
}

/**
 * An ItemMap in memory, with the semantics of a Sync Map item for item: revisions checked on
 * update and remove, create-if-absent, TTLs on an injectable clock, key order, JSON-only data and
 * Sync's key and size limits. For domain tests that need storage, not a server; the shared
 * behaviour suite (test/store/item-map-behaviour.ts) runs it beside the Sync implementation.
 */
export class MemoryItemMap<T> implements ItemMap<T> {
  private readonly entries = new Map<string, Entry>();
  private revisions = 0;

  constructor(
    readonly name: string,
    private readonly now: () => number = Date.now,
  ) {
    // A map named from request input (a call id) that Sync could not hold is the request's fault.
    assertValidKey(name);
  }

  async get(key: string): Promise<StoredItem<T> | undefined> {
    assertValidKey(key);
    const entry = this.live(key);
    return entry && this.stored(key, entry);
  }

  async list(): Promise<StoredItem<T>[]> {
    const keys = [...this.entries.keys()].filter((key) => this.live(key)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return keys.map((key) => this.stored(key, this.entries.get(key)!));
  }

  /** A memory map needs nothing before its first write. */
  async prepare(): Promise<void> {}

  async create(key: string, data: T, options: WriteOptions = {}): Promise<StoredItem<T>> {
    assertValidKey(key);
    if (this.live(key)) throw new ItemExistsError(`item ${key} already exists in map ${this.name}`, 54208);
    return this.write(key, data, options.ttl ? this.now() + options.ttl * 1000 : null);
  }

  async update(key: string, data: T, revision: string, options: WriteOptions = {}): Promise<StoredItem<T>> {
    assertValidKey(key);
    const entry = this.live(key);
    if (!entry) throw new ItemNotFoundError(`no item ${key} in map ${this.name}`, 20404);
    if (String(entry.revision) !== revision) throw new RevisionMismatchError(`item ${key}: revision ${revision} is stale`, 54205);
    const expiresAt = options.ttl === undefined ? entry.expiresAt : options.ttl === 0 ? null : this.now() + options.ttl * 1000;
    return this.write(key, data, expiresAt);
  }

  async remove(key: string, revision?: string): Promise<boolean> {
    assertValidKey(key);
    const entry = this.live(key);
    if (!entry) return false;
    if (revision !== undefined && String(entry.revision) !== revision) throw new RevisionMismatchError(`item ${key}: revision ${revision} is stale`, 54205);
    return this.entries.delete(key);
  }

  private write(key: string, data: T, expiresAt: number | null): StoredItem<T> {
    const json = JSON.stringify(data);
    if (Buffer.byteLength(json) > MAX_ITEM_BYTES) throw new StoreError(`item ${key} is larger than 16 KiB`, ITEM_TOO_LARGE);
    const entry = { json, revision: ++this.revisions, expiresAt };
    this.entries.set(key, entry);
    return this.stored(key, entry);
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== null && entry !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private stored(key: string, entry: Entry): StoredItem<T> {
    return {
      key,
      data: JSON.parse(entry.json) as T,
      revision: String(entry.revision),
      expiresAt: entry.expiresAt === null ? null : new Date(entry.expiresAt).toISOString(),
    };
  }
}
