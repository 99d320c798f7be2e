/** Shared plumbing for the Sync emulator tests: a temp data dir, a started emulator, raw HTTP calls. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSyncEmulator, type SyncEmulator, type SyncEmulatorOptions } from '../../scripts/sync-emulator';
import { call, type CallOptions, type HttpResult } from '../support/emulator-http';

export interface ItemBody {
  key: string;
  account_sid: string;
  service_sid: string;
  map_sid: string;
  url: string;
  revision: string;
  data: Record<string, unknown>;
  date_expires: string | null;
  date_created: string;
  date_updated: string;
  created_by: string;
}

export interface MapBody {
  sid: string;
  unique_name: string | null;
  service_sid: string;
  account_sid: string;
  url: string;
  revision: string;
  date_expires: string | null;
}

export interface ListMeta {
  page: number;
  page_size: number;
  first_page_url: string;
  previous_page_url: string | null;
  url: string;
  next_page_url: string | null;
  key: string;
}

export interface ItemList {
  items: ItemBody[];
  meta: ListMeta;
}

// Tests know which endpoint answered, so these casts only name the expected shape.
export const asItem = (result: HttpResult): ItemBody => result.json as ItemBody;
export const asMap = (result: HttpResult): MapBody => result.json as MapBody;
export const asItemList = (result: HttpResult): ItemList => result.json as ItemList;

export const MAPS_PATH = '/v1/Services/default/Maps';
export const itemsPath = (map: string): string => `${MAPS_PATH}/${encodeURIComponent(map)}/Items`;
export const itemPath = (map: string, key: string): string => `${itemsPath(map)}/${encodeURIComponent(key)}`;

const ifMatchHeader = (ifMatch: string | undefined): Record<string, string> =>
  ifMatch === undefined ? {} : { 'If-Match': ifMatch };

/** Path and query of an absolute URL from a response, for `call`. */
export const pathOf = (absoluteUrl: string): string => {
  const url = new URL(absoluteUrl);
  return url.pathname + url.search;
};

/** Raw Sync calls against one emulator. */
export class SyncHttp {
  constructor(readonly baseUrl: string) {}

  call(method: string, path: string, options?: CallOptions): Promise<HttpResult> {
    return call(this.baseUrl, method, path, options);
  }

  createMap(uniqueName: string, extra: Record<string, string> = {}): Promise<HttpResult> {
    return this.call('POST', MAPS_PATH, { form: { UniqueName: uniqueName, ...extra } });
  }

  createItem(map: string, key: string, data: unknown, extra: Record<string, string> = {}): Promise<HttpResult> {
    return this.call('POST', itemsPath(map), { form: { Key: key, Data: JSON.stringify(data), ...extra } });
  }

  fetchItem(map: string, key: string): Promise<HttpResult> {
    return this.call('GET', itemPath(map, key));
  }

  updateItem(map: string, key: string, form: Record<string, string>, ifMatch?: string): Promise<HttpResult> {
    return this.call('POST', itemPath(map, key), { form, headers: ifMatchHeader(ifMatch) });
  }

  deleteItem(map: string, key: string, ifMatch?: string): Promise<HttpResult> {
    return this.call('DELETE', itemPath(map, key), { headers: ifMatchHeader(ifMatch) });
  }

  listItems(map: string, query: Record<string, string> = {}): Promise<HttpResult> {
    const search = new URLSearchParams(query).toString();
    return this.call('GET', itemsPath(map) + (search ? `?${search}` : ''));
  }

  /** Follows next_page_url as an absolute URL, the way the twilio client does; at most `maxPages` pages. */
  async listAllPages(map: string, query: Record<string, string>, maxPages = 20): Promise<ItemList[]> {
    const pages: ItemList[] = [];
    let result = await this.listItems(map, query);
    for (let i = 0; i < maxPages; i++) {
      expect(result.status).toBe(200);
      const page = asItemList(result);
      pages.push(page);
      if (!page.meta.next_page_url) return pages;
      result = await this.call('GET', pathOf(page.meta.next_page_url));
    }
    throw new Error(`more than ${maxPages} pages`);
  }
}

/** A temp data dir that `removeDataDirs` deletes; each test file cleans up after itself. */
const dataDirs: string[] = [];

export function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sync-emulator-test-'));
  dataDirs.push(dir);
  return dir;
}

export function removeDataDirs(): void {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Started {
  emulator: SyncEmulator;
  sync: SyncHttp;
  dataDir: string;
}

export async function startEmulator(options: Partial<SyncEmulatorOptions> = {}): Promise<Started> {
  const dataDir = options.dataDir ?? newDataDir();
  const emulator = await startSyncEmulator({ ...options, dataDir });
  return { emulator, sync: new SyncHttp(emulator.url), dataDir };
}

/**
 * One emulator for the whole test file: started before its first test, closed and its data
 * removed after the last. Its fields are there from the first beforeAll on.
 */
export function emulatorPerFile(options: Partial<SyncEmulatorOptions> = {}): Started {
  const env = {} as Started;
  beforeAll(async () => {
    Object.assign(env, await startEmulator(options));
  });
  afterAll(async () => {
    await env.emulator.close();
    removeDataDirs();
  });
  return env;
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = Date.UTC(2026, 0, 1)) {}
  readonly now = (): number => this.ms;
  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000;
  }
}
