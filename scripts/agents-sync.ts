import { isAbsolute, join } from 'node:path';
import { FileAgentDirectory } from '../src/agents';
import { ConfigError, loadLocalConfig, loadRuntimeConfig, readDotenv } from '../src/config';
import { buildServices } from '../src/runtime/services';
import { ROOT } from './build';

/**
 * `npm run agents:sync`: writes AGENTS_FILE into the Sync agent map of the account in the
 * environment (or .env). No development defaults: this talks to a real account unless
 * SYNC_API_URL points elsewhere.
 */
async function main(): Promise<void> {
  const env = { ...readDotenv(join(ROOT, '.env')), ...process.env };
  const runtime = loadRuntimeConfig(env);
  const { AGENTS_FILE } = loadLocalConfig(env);
  const path = isAbsolute(AGENTS_FILE) ? AGENTS_FILE : join(ROOT, AGENTS_FILE);
  const result = await buildServices(runtime).agents.syncFrom(new FileAgentDirectory(path, runtime.DEFAULT_REGION));
  const target = runtime.SYNC_API_URL ?? `Twilio Sync service ${runtime.SYNC_SERVICE_SID}`;
  console.log(`synced ${path} into map ${runtime.SYNC_AGENT_MAP} at ${target}`);
  for (const [what, ids] of Object.entries(result)) if (ids.length) console.log(`  ${what}: ${ids.join(', ')}`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.problems.join('\n  ')}` : error.message ?? error);
  process.exit(1);
});
