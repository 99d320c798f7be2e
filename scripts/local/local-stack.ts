import { isAbsolute, join } from 'node:path';
import { FileAgentDirectory, type SyncResult } from '../../src/agents';
import { loadLocalConfig, loadRuntimeConfig, readDotenv, resolveLocalEnv, runtimeSchema, type Env, type LocalConfig, type RuntimeConfig } from '../../src/config';
import { buildServices } from '../../src/runtime/services';
import { startSyncEmulator, type SyncEmulator } from '../sync-emulator';
import { startVoiceApiEmulator, type VoiceApiEmulator } from '../voice-api-emulator';

export interface LocalStack {
  local: LocalConfig;
  runtime: RuntimeConfig;
  /** The variables handed to the Functions, as twilio-run puts them in `context`. */
  functionEnv: Record<string, string>;
  emulator: SyncEmulator;
  /** Twilio's Calls and Queues REST API, for click-to-call and queue offers. */
  voiceApi: VoiceApiEmulator;
  seeded: SyncResult;
  dataDir: string;
  close(): Promise<void>;
}

export interface LocalStackOptions {
  root: string;
  /** Highest precedence, normally process.env. */
  env: Env;
  /** The .env file read after `env`; null reads none. Default: `<root>/.env`. */
  dotenvPath?: string | null;
  /**
   * The address the Functions use for an emulator, given the emulator's own: a metering proxy in front of it
   * (the benchmarks). Default: the emulator itself.
   */
  via?: (service: 'sync' | 'voiceApi', url: string) => Promise<string>;
}

/**
 * Everything `npm start` runs besides the Functions server: configuration (process environment,
 * then .env, then development defaults), the Sync emulator, and the agents seeded from the file.
 */
export async function startLocalStack({ root, env, dotenvPath = join(root, '.env'), via }: LocalStackOptions): Promise<LocalStack> {
  const dotenv = dotenvPath === null ? {} : readDotenv(dotenvPath);
  const merged = resolveLocalEnv(env, dotenv);
  const local = loadLocalConfig(merged);
  const dataDir = absolute(root, local.DATA_DIR);

  const emulator = await startSyncEmulator({
    dataDir,
    port: local.SYNC_EMULATOR_PORT,
    rateLimit: local.SYNC_EMULATOR_RATE_LIMIT === 'on' ? {} : false,
  });
  const voiceApi = await startVoiceApiEmulator({ port: local.VOICE_API_EMULATOR_PORT }).catch(async (error) => {
    await emulator.close();
    throw error;
  });
  const close = async () => {
    await Promise.all([emulator.close(), voiceApi.close()]);
  };
  try {
    const [syncApiUrl, voiceApiUrl] = via ? await Promise.all([via('sync', emulator.url), via('voiceApi', voiceApi.url)]) : [emulator.url, voiceApi.url];
    const functionEnv = pickFunctionEnv({ ...merged, SYNC_API_URL: syncApiUrl, TWILIO_API_URL: voiceApiUrl }, dotenv);
    const runtime = loadRuntimeConfig(functionEnv);
    const services = buildServices(runtime);
    // With Zammad (or else Freshdesk) configured, the helpdesk's agents are the agents; otherwise the agents file.
    const helpdesk = runtime.ZAMMAD_URL ? { name: 'Zammad', url: runtime.ZAMMAD_URL, keys: 'ZAMMAD_URL and ZAMMAD_API_TOKEN' } : { name: 'Freshdesk', url: runtime.FRESHDESK_URL, keys: 'FRESHDESK_URL and FRESHDESK_API_KEY' };
    const seeded = services.directory
      ? await services.directory.now().catch(async (error: unknown) => {
          // A helpdesk outage must not stop the phones: go on with the agents already stored.
          const stored = await services.agents.all();
          console.warn(
            `Could not read the agents from ${helpdesk.name} (${helpdesk.url}): ${(error as Error).message}. ` +
              `Check ${helpdesk.keys}; starting with the ${stored.length} agents already stored.`,
          );
          return { created: [], updated: [], removed: [], kept: [] } satisfies SyncResult;
        })
      : await services.agents.syncFrom(new FileAgentDirectory(absolute(root, local.AGENTS_FILE), runtime.DEFAULT_REGION));
    return { local, runtime, functionEnv, emulator, voiceApi, seeded, dataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The runtime's variables plus whatever the .env file adds; never the rest of the shell (PATH would clobber context.PATH). */
function pickFunctionEnv(merged: Env, dotenv: Env): Record<string, string> {
  const keys = new Set([...Object.keys(runtimeSchema.shape), ...Object.keys(dotenv)]);
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = merged[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

function absolute(root: string, path: string): string {
  return isAbsolute(path) ? path : join(root, path);
}
