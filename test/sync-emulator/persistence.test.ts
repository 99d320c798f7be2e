import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_FILE_NAME, startSyncEmulator } from '../../scripts/sync-emulator';
import { asItem, asItemList, asMap, MAPS_PATH, newDataDir, removeDataDirs, startEmulator } from './helpers';

afterAll(() => removeDataDirs());

describe('persistence', () => {
  it('keeps maps, items, revisions and sids across a restart on the same dataDir', async () => {
    const first = await startEmulator();
    const map = asMap(await first.sync.createMap('agents'));
    await first.sync.createItem('agents', 'a', { v: 1 });
    const updated = asItem(await first.sync.updateItem('agents', 'a', { Data: '{"v":2}' }));
    const b = asItem(await first.sync.createItem('agents', 'b', { nested: { list: [1, 'two', null] } }));
    await first.emulator.close();

    const second = await startEmulator({ dataDir: first.dataDir });
    try {
      const fetchedMap = asMap(await second.sync.call('GET', `${MAPS_PATH}/agents`));
      expect(fetchedMap.sid).toBe(map.sid);
      expect(fetchedMap.service_sid).toBe(map.service_sid); // `default` stays pinned to the same service

      const a = await second.sync.fetchItem('agents', 'a');
      expect(asItem(a)).toMatchObject({
        data: { v: 2 },
        revision: updated.revision,
        date_created: updated.date_created,
      });
      expect(asItem(await second.sync.fetchItem('agents', 'b'))).toMatchObject({ data: b.data, revision: b.revision });

      // Old revisions keep working for If-Match, and new revisions never repeat old ones.
      const next = asItem(await second.sync.updateItem('agents', 'a', { Data: '{"v":3}' }, updated.revision));
      expect([updated.revision, b.revision]).not.toContain(next.revision);
    } finally {
      await second.emulator.close();
    }
  });

  it('has every acknowledged write on disk once close() resolves, and leaves no temp files', async () => {
    const env = await startEmulator();
    await env.sync.createMap('burst');
    const writes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => env.sync.createItem('burst', `k${i}`, { i })),
    );
    expect(writes.every((w) => w.status === 201)).toBe(true);
    await env.emulator.close();

    expect(readdirSync(env.dataDir)).toEqual([STATE_FILE_NAME]);
    const state: unknown = JSON.parse(readFileSync(join(env.dataDir, STATE_FILE_NAME), 'utf8'));
    expect(state).toMatchObject({ version: 1 });

    const again = await startEmulator({ dataDir: env.dataDir });
    try {
      const list = asItemList(await again.sync.listItems('burst', { PageSize: '100' }));
      expect(list.items).toHaveLength(30);
    } finally {
      await again.emulator.close();
    }
  });

  it('creates the data dir if needed and refuses to start on a corrupt state file', async () => {
    const nested = join(newDataDir(), 'a', 'b');
    const fresh = await startSyncEmulator({ dataDir: nested });
    await fresh.close();
    expect(readdirSync(nested)).toEqual([STATE_FILE_NAME]);

    const corrupt = newDataDir();
    writeFileSync(join(corrupt, STATE_FILE_NAME), '{"version":1,"maps":', 'utf8');
    await expect(startSyncEmulator({ dataDir: corrupt })).rejects.toThrow(/not a valid Sync emulator state file/);
  });

  it('only listens on loopback', async () => {
    await expect(startSyncEmulator({ dataDir: newDataDir(), host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});
