/**
 * Persists the emulator state to one JSON file.
 *
 * Writes go to a temp file that is then renamed over the real one, so a crash leaves either the old
 * or the new state, never half a file. Writes are serialised, and requests that arrive while a write
 * is queued share it (the snapshot is taken when the write starts, so it includes their changes).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ItemRecord, JsonObject, PersistedState } from './store';

export const STATE_FILE_NAME = 'sync-emulator.json';

export class StateFile {
  readonly path: string;
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private tempCounter = 0;

  constructor(
    private readonly dataDir: string,
    private readonly snapshot: () => PersistedState,
  ) {
    this.path = join(dataDir, STATE_FILE_NAME);
  }

  /** undefined when there is no state yet; throws on a corrupt file rather than silently starting empty. */
  async load(): Promise<PersistedState | undefined> {
    await mkdir(this.dataDir, { recursive: true });
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return parseState(JSON.parse(text));
    } catch (error) {
      throw new Error(`${this.path} is not a valid Sync emulator state file: ${(error as Error).message}`);
    }
  }

  /** Resolves once a write that includes every change made before this call is on disk. */
  save(): Promise<void> {
    if (this.queued) return this.queued;
    const write = this.chain.then(() => {
      this.queued = null;
      return this.writeNow();
    });
    this.queued = write;
    // Later writes must still run after a failed one; the failure is reported to this write's callers.
    this.chain = write.catch(() => undefined);
    return write;
  }

  async flush(): Promise<void> {
    await this.chain;
  }

  private async writeNow(): Promise<void> {
    const text = JSON.stringify(this.snapshot());
    const temp = `${this.path}.${process.pid}.${this.tempCounter++}.tmp`;
    await writeFile(temp, text, 'utf8');
    await rename(temp, this.path);
  }
}

/** Duck-typed: errors from node core may come from another realm (e.g. under jest), defeating instanceof. */
function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return typeof error === 'object' && error !== null && 'code' in error;
}

// ---- shape checks for a file we may not have written ourselves ----

type Fields = Record<string, unknown>;

function parseState(raw: unknown): PersistedState {
  const state = asObject(raw, 'state');
  if (state.version !== 1) throw new Error(`unsupported version ${JSON.stringify(state.version)}`);
  return {
    version: 1,
    accountSid: asString(state.accountSid, 'accountSid'),
    defaultServiceSid: asString(state.defaultServiceSid, 'defaultServiceSid'),
    nextMapSeq: asNumber(state.nextMapSeq, 'nextMapSeq'),
    maps: asArray(state.maps, 'maps').map((rawMap, index) => {
      const where = `maps[${index}]`;
      const map = asObject(rawMap, where);
      return {
        sid: asString(map.sid, `${where}.sid`),
        serviceSid: asString(map.serviceSid, `${where}.serviceSid`),
        uniqueName: map.uniqueName === null ? null : asString(map.uniqueName, `${where}.uniqueName`),
        seq: asNumber(map.seq, `${where}.seq`),
        revision: asNumber(map.revision, `${where}.revision`),
        nextItemRevision: asNumber(map.nextItemRevision, `${where}.nextItemRevision`),
        createdAt: asNumber(map.createdAt, `${where}.createdAt`),
        updatedAt: asNumber(map.updatedAt, `${where}.updatedAt`),
        expiresAt: asNullableNumber(map.expiresAt, `${where}.expiresAt`),
        items: asArray(map.items, `${where}.items`).map((rawItem, i) => parseItem(rawItem, `${where}.items[${i}]`)),
      };
    }),
  };
}

function parseItem(raw: unknown, where: string): ItemRecord {
  const item = asObject(raw, where);
  return {
    key: asString(item.key, `${where}.key`),
    // The data was validated as a JSON object when it was written; JSON.parse cannot produce non-JSON.
    data: asObject(item.data, `${where}.data`) as JsonObject,
    revision: asString(item.revision, `${where}.revision`),
    createdAt: asNumber(item.createdAt, `${where}.createdAt`),
    updatedAt: asNumber(item.updatedAt, `${where}.updatedAt`),
    expiresAt: asNullableNumber(item.expiresAt, `${where}.expiresAt`),
  };
}

function asObject(value: unknown, where: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where} must be an object`);
  }
  return value as Fields;
}

function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${where} must be an array`);
  return value;
}

function asString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where} must be a string`);
  return value;
}

function asNumber(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${where} must be a number`);
  return value;
}

function asNullableNumber(value: unknown, where: string): number | null {
  return value === null ? null : asNumber(value, where);
}
