import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, ROOT } from './build';
import { startLocalStack } from './local/local-stack';
import { describeStartupFailure } from './local/startup-failure';

/** `npm start`: build, start the Sync emulator, seed agents, serve every Function with twilio-run. */
async function main(): Promise<void> {
  const stack = await startLocalStack({ root: ROOT, env: process.env });
  const { local, functionEnv, emulator, seeded, dataDir } = stack;
  const functions = await build(ROOT);

  const envFile = join(dataDir, 'functions.env');
  await writeFile(envFile, Object.entries(functionEnv).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });

  const server = spawn(
    process.execPath,
    [require.resolve('twilio-run/bin/twilio-run.js'), 'start', '--port', String(local.PORT), '--env', envFile],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } },
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server.kill('SIGTERM');
    await stack.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  server.on('exit', (code) => void stop(stopping ? 0 : (code ?? 1)));

  const base = `http://localhost:${local.PORT}`;
  await waitForHttp(`http://127.0.0.1:${local.PORT}/index.html`, () => stopping);
  console.log(
    [
      '',
      `helpdesk-voice is up on ${base}`,
      `  Dashboard       ${base}/dashboard.html (token: ${functionEnv.DASHBOARD_TOKEN === 'dev-dashboard-token' ? 'dev-dashboard-token' : 'your DASHBOARD_TOKEN'})`,
      `  Sync emulator   ${emulator.url} (data in ${dataDir}, rate limit ${local.SYNC_EMULATOR_RATE_LIMIT})`,
      `  Calls API       ${stack.voiceApi.url} (Twilio REST emulator: click-to-call and queue offers are recorded here)`,
      `  agents seeded   ${seeded.created.length} new, ${seeded.updated.length} updated, ${seeded.removed.length} removed from ${stack.runtime.ZAMMAD_URL ? `Zammad (${stack.runtime.ZAMMAD_URL})` : stack.runtime.FRESHDESK_URL ? `Freshdesk (${stack.runtime.FRESHDESK_URL})` : local.AGENTS_FILE}`,
      ...functions.map((f) => `  ${f.includes('.protected') ? 'signed   ' : 'public   '}       ${base}/${f.replace(/(\.protected|\.private)?\.ts$/, '')}`),
      `  try: curl -H "Authorization: Bearer ${functionEnv.DASHBOARD_TOKEN === 'dev-dashboard-token' ? 'dev-dashboard-token' : '$DASHBOARD_TOKEN'}" ${base}/agents/state`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

async function waitForHttp(url: string, aborted: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !aborted(); i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (!aborted()) throw new Error(`the Functions server did not answer on ${url} within 60 s`);
}

main().catch((error) => {
  console.error(describeStartupFailure(error) ?? error);
  process.exit(1);
});
