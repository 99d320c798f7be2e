import { join } from 'node:path';
import { inProcessTarget, loadScenario, simulate, type EntryOf, type SimulationResult, type TranscriptEntry } from '../../scripts/simulator';
import { startLocalRuntime } from '../../scripts/local/local-runtime';
import { SCENARIOS } from './helpers';

const of = <K extends TranscriptEntry['kind']>(result: SimulationResult, kind: K): Array<EntryOf<K>> =>
  result.entries.filter((e): e is EntryOf<K> => e.kind === kind);

describe('the simulated caller waits in the Calls API emulator\'s queue, the one the product reads', () => {
  it('hears the position the emulator gives, counting a call that was already waiting there', async () => {
    const queued = loadScenario(join(SCENARIOS, 'queue.yaml'));
    const runtime = await startLocalRuntime({ env: queued.env });
    try {
      const voiceApi = runtime.stack.voiceApi;
      const earlier = voiceApi.addInboundCall({ from: '+14155550777', to: '+14155550000' }).sid;
      voiceApi.enqueue('support', earlier);
      const result = await simulate(queued, inProcessTarget(runtime));
      expect(of(result, 'queued')).toEqual([expect.objectContaining({ who: 'caller', queue: 'support', position: 2 })]);
      expect(of(result, 'heard').find((h) => h.who === 'caller')?.say).toMatch(/number 2 in line/);
      // The caller left the emulator's queue when bob took them; the earlier call still waits.
      expect(voiceApi.queues().find((q) => q.friendlyName === 'support')?.members.map((m) => m.callSid)).toEqual([earlier]);
    } finally {
      await runtime.close();
    }
  });
});
