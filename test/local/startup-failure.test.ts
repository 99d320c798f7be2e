import { createServer } from 'node:net';
import { AgentsFileError } from '../../src/agents';
import { ConfigError } from '../../src/config';
import { describeStartupFailure } from '../../scripts/local/startup-failure';

describe('npm start says in one line why it cannot start', () => {
  it('names a wrong setting, a broken agents file and what to check', () => {
    expect(describeStartupFailure(new ConfigError(['PORT must be a number']))).toBe('configuration error: PORT must be a number');
    expect(describeStartupFailure(new AgentsFileError('agents.json', 'not JSON'))).toBe(
      'agents file agents.json: not JSON; check AGENTS_FILE and the file\'s format (see agents.example.json)',
    );
  });

  it('names a port that is taken, as Node reports it', async () => {
    const first = createServer();
    await new Promise<void>((ok) => first.listen(0, '127.0.0.1', ok));
    const { port } = first.address() as { port: number };
    const second = createServer();
    const failure = await new Promise<unknown>((ok) => second.once('error', ok).listen(port, '127.0.0.1'));
    first.close();
    expect(describeStartupFailure(failure)).toBe(`port ${port} is already in use; stop what runs there, or set PORT, SYNC_EMULATOR_PORT or VOICE_API_EMULATOR_PORT`);
  });

  it('leaves a bug of ours to its stack', () => {
    expect(describeStartupFailure(new TypeError('x is undefined'))).toBeNull();
  });
});
