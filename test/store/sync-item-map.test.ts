import { StoreUnavailableError } from '../../src/store';
import { startEmulatedSync, type EmulatedSync } from '../support/emulated-sync';
import { describeItemMap } from './item-map-behaviour';

describeItemMap('SyncItemMap on the Sync emulator, through the official twilio client', async (now) => {
  const emulated = await startEmulatedSync({ now });
  return { map: (name) => emulated.map(name), close: () => emulated.close() };
});

describe('SyncItemMap on the emulator: what only Sync does (map creation, paging, rate limits)', () => {
  let sync: EmulatedSync;

  beforeEach(async () => {
    sync = await startEmulatedSync();
  });
  afterEach(() => sync.close());

  it('creates the map on first write and reads a list in pages of 100', async () => {
    const map = sync.map<{ i: number }>('many');
    expect(await map.list()).toEqual([]);
    for (let i = 0; i < 230; i++) await map.create(`k${String(i).padStart(3, '0')}`, { i });
    const before = sync.emulator.stats().many.reads;
    expect(await map.list()).toHaveLength(230);
    expect(sync.emulator.stats().many.reads - before).toBe(3);
  });

  it('prepare() creates the Sync map itself, so the first write finds it', async () => {
    const map = sync.map<{ i: number }>('prepared');
    const fetchMap = () =>
      fetch(`${sync.emulator.url}/v1/Services/default/Maps/prepared`, {
        headers: { Authorization: 'Basic ' + Buffer.from(`AC${'0'.repeat(32)}:test-auth-token`).toString('base64') },
      });
    expect((await fetchMap()).status).toBe(404);
    await map.prepare();
    expect((await fetchMap()).status).toBe(200);
    await map.create('k', { i: 1 });
    expect(sync.emulator.stats().prepared).toEqual({ reads: 0, writes: 1, rejected: 0 });
  });

  it('backs off on 429 and gets every write through under the rate limit', async () => {
    sync.emulator.setRateLimit({ writesPerSecond: 20, burst: 5 });
    const map = sync.map<{ i: number }>('busy', { budgetMs: 8000, baseMs: 20, capMs: 300 });
    await Promise.all(Array.from({ length: 25 }, (_, i) => map.create(`k${i}`, { i })));
    expect(await map.list()).toHaveLength(25);
    expect(sync.emulator.stats().busy.rejected).toBeGreaterThan(0);
  });

  it('gives up with StoreUnavailableError once the retry budget is spent', async () => {
    const map = sync.map<{ i: number }>('slow', { budgetMs: 150, baseMs: 50, capMs: 100 });
    await map.create('seed', { i: 0 });
    sync.emulator.setRateLimit({ writesPerSecond: 0.01, burst: 1 });
    await map.create('first', { i: 1 }).catch(() => undefined);
    await expect(map.create('second', { i: 2 })).rejects.toBeInstanceOf(StoreUnavailableError);
    sync.emulator.setRateLimit(false);
    expect(await map.get('second')).toBeUndefined();
  });
});
