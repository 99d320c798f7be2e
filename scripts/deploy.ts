import { spawnSync } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { ConfigError, DEV_DEFAULTS, loadRuntimeConfig, readDotenv } from '../src/config';
import { build, ROOT } from './build';

/**
 * `npm run deploy [-- twilio-run deploy flags]`: build, check the variables that will be
 * uploaded, then `twilio-run deploy`. The check runs first because a deployed service with a
 * missing or development secret would only fail on its first call.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const envFlag = args.indexOf('--env');
  const envPath = envFlag >= 0 ? args[envFlag + 1] : '.env';
  const uploaded = readDotenv(isAbsolute(envPath) ? envPath : join(ROOT, envPath));
  // Deploy credentials may come from the shell or the Twilio CLI profile; the service gets its own.
  const config = loadRuntimeConfig({ ACCOUNT_SID: DEV_DEFAULTS.ACCOUNT_SID, AUTH_TOKEN: DEV_DEFAULTS.AUTH_TOKEN, ...uploaded });
  const problems: string[] = [];
  if (config.DASHBOARD_TOKEN === DEV_DEFAULTS.DASHBOARD_TOKEN) problems.push('DASHBOARD_TOKEN is the development default');
  if (config.SYNC_API_URL) problems.push('SYNC_API_URL must be empty when deployed (it points Sync away from Twilio)');
  if (problems.length) throw new ConfigError(problems.map((p) => `${p} in ${envPath}`));

  await build(ROOT);
  const result = spawnSync(process.execPath, [require.resolve('twilio-run/bin/twilio-run.js'), 'deploy', ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.problems.join('\n  ')}` : error);
  process.exit(1);
});
