/**
 * The HTTP target (what the CLI uses against `npm start`) plays REST-placed calls and queues through
 * the Calls API emulator's control API: here against the in-process runtime, reached only over HTTP.
 */
import { join } from 'node:path';
import { loadScenario, scenarioEnv, simulate, type SimulationResult } from '../../scripts/simulator';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { httpTargetOf, SCENARIOS } from './helpers';

async function playOverHttp(name: string): Promise<{ result: SimulationResult; runtime: LocalRuntime }> {
  const scenario = loadScenario(join(SCENARIOS, name));
  const runtime = await startLocalRuntime({ env: scenarioEnv(scenario) });
  try {
    const target = httpTargetOf(runtime);
    expect(target.calls.description).toMatch(/over HTTP/);
    return { result: await simulate(scenario, target), runtime };
  } finally {
    await runtime.close();
  }
}

describe('shipped scenarios through the HTTP target', () => {
  it('queue: the caller sits in the emulator queue, alice declines the REST offer, bob takes the caller', async () => {
    const { result, runtime } = await playOverHttp('queue.yaml');
    expect(result.mismatches).toEqual([]);
    expect(result.summary.winner).toBe('bob');
    expect(result.entries.filter((e) => e.kind === 'ring').map((e) => e.via)).toEqual(['rest', 'rest']);
    expect(result.entries.some((e) => e.kind === 'queued')).toBe(true);
    // The inbound call was registered over the control API, so the emulator (and the product) knew it.
    const [callerSid] = result.callIds;
    const inbound = runtime.stack.voiceApi.call(callerSid);
    expect(inbound).toMatchObject({ direction: 'inbound', status: 'completed' });
    // The offers' statuses were moved along over the control API too.
    const offers = runtime.stack.voiceApi.calls().filter((c) => c.direction === 'outbound-api');
    expect(offers).toHaveLength(2);
    expect(offers.every((c) => c.status === 'completed')).toBe(true);
    expect(runtime.stack.voiceApi.queues().every((q) => q.members.length === 0)).toBe(true);
  });

  it('click-to-call: the REST-placed agent call is found with its Url and played', async () => {
    const { result } = await playOverHttp('click-to-call.yaml');
    expect(result.mismatches).toEqual([]);
    expect(result.summary.winner).toBe('customer');
  });
});
