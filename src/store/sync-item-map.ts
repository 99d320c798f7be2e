import type { TwilioClient } from './twilio-client';
import { DEFAULT_BACKOFF, backoffDelay, sleep, type BackoffPolicy } from './backoff';
import {
  assertValidKey,
  ItemExistsError,
  ItemNotFoundError,
  RevisionMismatchError,
  StoreError,
  StoreUnavailableError,
  type ItemMap,
  type StoredItem,
  type WriteOptions,
} from './item-map';

/** Sync's error codes, as the REST API returns them (see the Sync error reference). */
const SYNC = { rateLimited: 54009, revisionMismatch: 54205, itemExists: 54208, mapExists: 54301 } as const;

interface RestError {
  status?: number;
  code?: number;
  message?: string;
}

interface SyncItemInstance {
  key: string;
  data: unknown;
  revision: string;
  dateExpires: Date | null;
}

/** An ItemMap on one Twilio Sync Map, created on first write. */
export class SyncItemMap<T> implements ItemMap<T> {
  constructor(
    private readonly client: TwilioClient,
    private readonly serviceSid: string,
    readonly name: string,
    private readonly backoff: BackoffPolicy = DEFAULT_BACKOFF,
    /** Seconds the whole map lives once created (per-call maps clean themselves up); none by default. */
    private readonly mapTtlSeconds?: number,
  ) {
    // A map named from request input (a call id) that Sync could not hold is the request's fault.
    assertValidKey(name);
  }

  private get map() {
    return this.client.sync.v1.services(this.serviceSid).syncMaps(this.name);
  }

  async get(key: string): Promise<StoredItem<T> | undefined> {
    assertValidKey(key);
    try {
      return toStored<T>(await this.withRetry('read', () => this.map.syncMapItems(key).fetch()));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw translate(error);
    }
  }

  async list(): Promise<StoredItem<T>[]> {
    try {
      const items = await this.withRetry('read', () => this.map.syncMapItems.list({ pageSize: 100 }));
      return items.map((item) => toStored<T>(item));
    } catch (error) {
      if (statusOf(error) === 404) return [];
      throw translate(error);
    }
  }

  async create(key: string, data: T, options: WriteOptions = {}): Promise<StoredItem<T>> {
    assertValidKey(key);
    const create = () => this.map.syncMapItems.create({ key, data, ...ttlOf(options) });
    try {
      return toStored<T>(await this.withRetry('write', create));
    } catch (error) {
      if (statusOf(error) !== 404) throw translate(error);
    }
    await this.createMap();
    try {
      return toStored<T>(await this.withRetry('write', create));
    } catch (error) {
      throw translate(error);
    }
  }

  async update(key: string, data: T, revision: string, options: WriteOptions = {}): Promise<StoredItem<T>> {
    assertValidKey(key);
    try {
      const updated = await this.withRetry('write', () =>
        this.map.syncMapItems(key).update({ data, ifMatch: revision, ...ttlOf(options) }),
      );
      return toStored<T>(updated);
    } catch (error) {
      throw translate(error, key);
    }
  }

  async remove(key: string, revision?: string): Promise<boolean> {
    assertValidKey(key);
    try {
      return await this.withRetry('write', () => this.map.syncMapItems(key).remove(revision ? { ifMatch: revision } : {}));
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw translate(error, key);
    }
  }

  async prepare(): Promise<void> {
    await this.createMap().catch(() => undefined);
  }

  private async createMap(): Promise<void> {
    try {
      await this.withRetry('write', () =>
        this.client.sync.v1.services(this.serviceSid).syncMaps.create({ uniqueName: this.name, ttl: this.mapTtlSeconds }),
      );
    } catch (error) {
      if ((error as RestError).code !== SYNC.mapExists && statusOf(error) !== 409) throw translate(error);
    }
  }

  /**
   * Retries what is safe to retry within the time budget: anything Sync refused for rate (429
   * means nothing was applied), and reads that failed on the server or the network.
   */
  private async withRetry<R>(kind: 'read' | 'write', operation: () => Promise<R>): Promise<R> {
    const deadline = Date.now() + this.backoff.budgetMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        const status = statusOf(error);
        const retryable = status === 429 || (kind === 'read' && (status === undefined || status >= 500));
        if (!retryable) throw error;
        const delay = backoffDelay(attempt, this.backoff);
        if (Date.now() + delay > deadline) {
          throw new StoreUnavailableError(
            `Sync map ${this.name} still refusing after ${attempt + 1} attempts: ${(error as Error).message}`,
            (error as RestError).code,
          );
        }
        await sleep(delay);
      }
    }
  }
}

function toStored<T>(item: SyncItemInstance): StoredItem<T> {
  return {
    key: item.key,
    data: item.data as T,
    revision: item.revision,
    expiresAt: item.dateExpires ? item.dateExpires.toISOString() : null,
  };
}

function ttlOf(options: WriteOptions): { itemTtl?: number } {
  return options.ttl === undefined ? {} : { itemTtl: options.ttl };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as RestError | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

function translate(error: unknown, key?: string): Error {
  if (error instanceof StoreError) return error;
  const { code, message = String(error) } = (error ?? {}) as RestError;
  const status = statusOf(error);
  if (code === SYNC.itemExists || status === 409) return new ItemExistsError(message, code);
  if (code === SYNC.revisionMismatch || status === 412) return new RevisionMismatchError(message, code);
  if (status === 404) return new ItemNotFoundError(key ? `no item ${key}: ${message}` : message, code);
  if (code === SYNC.rateLimited || status === 429) return new StoreUnavailableError(message, code);
  return error instanceof Error ? error : new Error(message);
}
