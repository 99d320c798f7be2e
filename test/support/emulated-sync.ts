import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwilioClient, SyncItemMap, type BackoffPolicy } from '../../src/store';
import { startSyncEmulator, type SyncEmulator, type SyncEmulatorOptions } from '../../scripts/sync-emulator';

export interface EmulatedSync {
  emulator: SyncEmulator;
  /** A production SyncItemMap talking to the emulator through the official client. */
  map<T>(name: string, backoff?: BackoffPolicy): SyncItemMap<T>;
  close(): Promise<void>;
}

export async function startEmulatedSync(options: Partial<SyncEmulatorOptions> = {}): Promise<EmulatedSync> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sync-emulator-')));
  const emulator = await startSyncEmulator({ ...options, dataDir });
  const client = createTwilioClient({
    accountSid: 'AC' + '0'.repeat(32),
    authToken: 'test-auth-token',
    syncApiUrl: emulator.url,
  });
  return {
    emulator,
    map: <T>(name: string, backoff?: BackoffPolicy) => new SyncItemMap<T>(client, 'default', name, backoff),
    async close() {
      await emulator.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
