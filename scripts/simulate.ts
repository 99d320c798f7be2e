import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { loadLocalConfig, readDotenv, resolveLocalEnv, type Env } from '../src/config';
import { startLocalRuntime } from './local/local-runtime';
import { build, ROOT } from './build';
import { httpTarget, loadScenario, simulate, simulateInProcess, SimulationError, type KnownConfig, type SimulationResult } from './simulator';
import type { Scenario } from './simulator/scenario';

const USAGE = `usage: npm run simulate -- [--in-process] [--verbose] [--json] <scenario.yaml|.json>

Plays the scenario's call against the system started by \`npm start\` (PORT, AUTH_TOKEN and the
emulators' ports are read the way npm start reads them) and prints what happened.
  --in-process  start the whole system here with the scenario's env instead (no npm start needed)
  --verbose     also list every webhook and callback posted
  --json        print the transcript entries and summary as JSON`;

/** The Functions' variables and the emulators' URLs, as the running `npm start` has them. */
function runningSystem(): { target: ReturnType<typeof httpTarget>; where: string } {
  const merged = resolveLocalEnv(process.env as Env, readDotenv(join(ROOT, '.env')));
  const local = loadLocalConfig(merged);
  const dataDir = isAbsolute(local.DATA_DIR) ? local.DATA_DIR : join(ROOT, local.DATA_DIR);
  // npm start writes the exact variables it hands the Functions here on every start.
  const written = join(dataDir, 'functions.env');
  let config: KnownConfig;
  if (existsSync(written)) {
    config = { values: stringsOf(readDotenv(written)), source: `${written} (written by npm start at ${statSync(written).mtime.toISOString()})`, authoritative: true };
  } else {
    config = { values: stringsOf(merged), source: 'your environment and .env (what npm start would read; it has not written its own record yet)', authoritative: false };
  }
  const value = (key: string) => config.values[key] ?? merged[key] ?? '';
  const port = (variable: string, fromFile: string, fallback: number) =>
    process.env[variable] ? `http://127.0.0.1:${process.env[variable]}` : value(fromFile) || `http://127.0.0.1:${fallback}`;
  const baseUrl = `http://127.0.0.1:${local.PORT}`;
  return {
    where: baseUrl,
    target: httpTarget({
      baseUrl,
      accountSid: value('ACCOUNT_SID'),
      authToken: value('AUTH_TOKEN'),
      dashboardToken: value('DASHBOARD_TOKEN'),
      syncUrl: port('SYNC_EMULATOR_PORT', 'SYNC_API_URL', local.SYNC_EMULATOR_PORT),
      syncServiceSid: value('SYNC_SERVICE_SID') || 'default',
      voiceApiUrl: port('VOICE_API_EMULATOR_PORT', 'TWILIO_API_URL', local.VOICE_API_EMULATOR_PORT),
      config,
    }),
  };
}

function stringsOf(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}

async function againstRunningSystem(scenario: Scenario): Promise<SimulationResult> {
  const { target, where } = runningSystem();
  try {
    await fetch(where, { signal: AbortSignal.timeout(5000) });
  } catch {
    throw new SimulationError(`nothing answers on ${where}: start the system with npm start (PORT picks the port), or run the scenario with --in-process`);
  }
  return simulate(scenario, target);
}

async function inProcess(scenario: Scenario): Promise<SimulationResult> {
  // The in-process system serves the built Functions, exactly as npm start does.
  await build(ROOT);
  return simulateInProcess(scenario, startLocalRuntime);
}

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--in-process', '--verbose', '--json', '--help'].includes(f));
  if (flags.has('--help') || files.length !== 1 || unknown.length > 0) {
    console.error(unknown.length ? `unknown option ${unknown.join(', ')}\n${USAGE}` : USAGE);
    return flags.has('--help') ? 0 : 1;
  }
  const scenario = loadScenario(files[0]);
  const result = flags.has('--in-process') ? await inProcess(scenario) : await againstRunningSystem(scenario);
  if (flags.has('--json')) {
    console.log(JSON.stringify({ scenario: scenario.name ?? scenario.source, summary: result.summary, mismatches: result.mismatches, entries: result.entries }, null, 2));
  } else {
    console.log(`${scenario.name ?? scenario.source} (${Math.round(result.seconds)} s of call time)\n`);
    console.log(result.text({ verbose: flags.has('--verbose') }));
  }
  if (result.mismatches.length > 0) {
    console.error(`\nthe call did not go as the scenario expects:\n${result.mismatches.map((m) => `  - ${m}`).join('\n')}`);
    return 1;
  }
  if (scenario.expect && !flags.has('--json')) console.log('\nas expected.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof SimulationError ? error.message : error);
    process.exit(1);
  },
);
