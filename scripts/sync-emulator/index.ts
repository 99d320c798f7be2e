/**
 * Embedded Twilio Sync v1 emulator (Maps and Map Items) for local runs and tests. The official
 * `twilio` client talks to it unchanged once its request URIs are pointed at `url`, e.g. with a
 * `twilio.RequestClient` subclass passed as the `httpClient` option that rewrites
 * `https://sync.twilio.com` to `emulator.url` (see test/sync-emulator/twilio-client.test.ts).
 *
 *   const emulator = await startSyncEmulator({ dataDir: '.data/sync' });
 *   // ... emulator.url, emulator.stats() ...
 *   await emulator.close();
 */
export { startSyncEmulator } from './server';
export type { MapStats, RateLimitSetting, StormCounts, StormSetting, SyncEmulator, SyncEmulatorOptions } from './types';
export type { TwilioErrorBody } from './errors';
export { STATE_FILE_NAME } from './persistence';
