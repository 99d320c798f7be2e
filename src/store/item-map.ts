/**
 * The port the domain uses for shared state: one keyed map of JSON items with revisions.
 * Twilio Sync Maps back it in production and, through the same client code, the local emulator.
 */
export interface StoredItem<T> {
  key: string;
  data: T;
  /** Opaque; pass it back to update/remove to make the write conditional. */
  revision: string;
  /** ISO time at which the item expires, if it has a TTL. */
  expiresAt: string | null;
}

export interface WriteOptions {
  /** Seconds until the item is removed; 0 clears an existing TTL. */
  ttl?: number;
}

export interface ItemMap<T> {
  readonly name: string;
  get(key: string): Promise<StoredItem<T> | undefined>;
  /** Every item, across all pages, in key order. */
  list(): Promise<StoredItem<T>[]>;
  /** Create-if-absent: rejects with ItemExistsError when the key is taken (a claim). */
  create(key: string, data: T, options?: WriteOptions): Promise<StoredItem<T>>;
  /** Conditional write: rejects with RevisionMismatchError when `revision` is stale, ItemNotFoundError when gone. */
  update(key: string, data: T, revision: string, options?: WriteOptions): Promise<StoredItem<T>>;
  /** Returns false when there was nothing to remove. With a revision, a stale one rejects. */
  remove(key: string, revision?: string): Promise<boolean>;
  /**
   * Readies a new map for its first write, so that write is one round trip (Sync creates a map on its own
   * request). Never rejects: if it fails, the first create() makes the map itself.
   */
  prepare(): Promise<void>;
}

/** Sync keys: 1–256 characters, no '/' (Twilio cannot address them) and nothing the URL path would mangle. */
const KEY_PATTERN = /^[A-Za-z0-9_.:+@-]{1,256}$/;

export function assertValidKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new InvalidKeyError(key);
}

export class StoreError extends Error {
  constructor(message: string, readonly code?: number) {
    super(message);
    this.name = new.target.name;
  }
}

export class ItemExistsError extends StoreError {}
export class ItemNotFoundError extends StoreError {}
export class RevisionMismatchError extends StoreError {}
export class InvalidKeyError extends StoreError {
  constructor(key: string) {
    super(`invalid store key ${JSON.stringify(key)}: use 1-256 of A-Z a-z 0-9 _ . : + @ -`);
  }
}
/** The store kept answering 429 (or failing) past the time budget. */
export class StoreUnavailableError extends StoreError {}
