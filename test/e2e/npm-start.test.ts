import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort, ROOT } from '../../scripts/local/local-runtime';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `npm start`'s script as a user would, with the environment as the only input. */
function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  return { child, output: () => output, exited };
}

async function waitFor(started: Started, text: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!started.output().includes(text)) {
    if (Date.now() > deadline || started.child.exitCode !== null) {
      throw new Error(`did not see ${JSON.stringify(text)}; output:\n${started.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'helpdesk-voice-start-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('serves the demo agents with no account, keeps state across a restart, and stops on Ctrl-C', async () => {
    const port = await freePort();
    const env = { PORT: String(port), SYNC_EMULATOR_PORT: String(await freePort()), VOICE_API_EMULATOR_PORT: String(await freePort()), DATA_DIR: dataDir };
    const base = `http://127.0.0.1:${port}`;
    const auth = { Authorization: 'Bearer dev-dashboard-token' };

    const first = start(env);
    try {
      await waitFor(first, 'helpdesk-voice is up');
      expect(first.output()).toContain(`/agents/state`);
      const state = await fetch(`${base}/agents/state`, { headers: auth });
      expect(state.status).toBe(200);
      const { agents } = (await state.json()) as { agents: Array<{ id: string }> };
      expect(agents.map((a) => a.id)).toEqual(['alice', 'bob', 'wanjiru']);

      const unsigned = await fetch(`${base}/studio/agents`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'From=%2B14155550100',
      });
      expect(unsigned.status).toBe(403);

      const presence = await fetch(`${base}/agents/presence`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'agentId=wanjiru&presence=available',
      });
      expect(presence.status).toBe(200);
    } finally {
      first.child.kill('SIGINT');
    }
    expect(await first.exited).toBe(0);
    await expect(fetch(`${base}/agents/state`, { headers: auth })).rejects.toThrow();

    const second = start(env);
    try {
      await waitFor(second, 'helpdesk-voice is up');
      const { agents } = (await (await fetch(`${base}/agents/state`, { headers: auth })).json()) as {
        agents: Array<{ id: string; presence: string }>;
      };
      expect(agents.find((a) => a.id === 'wanjiru')?.presence).toBe('available');
    } finally {
      second.child.kill('SIGINT');
    }
    expect(await second.exited).toBe(0);
  }, 180_000);

  it('starts with the agents already stored when Zammad does not answer, saying so in one line', async () => {
    // Accepts connections and never answers, like a Zammad behind a stuck proxy.
    const silent = createServer(() => undefined);
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const zammadUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const port = await freePort();
    const started = start({
      PORT: String(port),
      SYNC_EMULATOR_PORT: String(await freePort()),
      VOICE_API_EMULATOR_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      ZAMMAD_URL: zammadUrl,
      ZAMMAD_API_TOKEN: 'api-token-456',
      ZAMMAD_CTI_TOKEN: 'cti-token-123',
    });
    try {
      await waitFor(started, 'helpdesk-voice is up');
      const warning = started.output().split('\n').filter((line) => line.includes('Could not read the agents from Zammad'));
      expect(warning).toEqual([expect.stringMatching(/Check ZAMMAD_URL and ZAMMAD_API_TOKEN; starting with the 3 agents already stored\.$/)]);
      expect(started.output()).not.toMatch(/^\s+at /m);
      const state = await fetch(`http://127.0.0.1:${port}/agents/state`, { headers: { Authorization: 'Bearer dev-dashboard-token' } });
      expect(state.status).toBe(200);
    } finally {
      started.child.kill('SIGINT');
      silent.close();
    }
    expect(await started.exited).toBe(0);
  }, 120_000);

  it('refuses to start on a bad variable and names it', async () => {
    const started = start({ PORT: 'eighty', DATA_DIR: dataDir });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/configuration error: PORT/);
  }, 60_000);
});
