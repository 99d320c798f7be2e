import { manyAgents, writeAgentsFile } from '../support/agents-file';
import { startLocalRuntime } from '../../scripts/local/local-runtime';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only } from '../support/twiml';

/**
 * Sync allows 20 writes/s per map, shared by every item in it. An answered call may cost the
 * shared agent map two writes (busy, free) and one paged read per ring decision; everything
 * else about the call lives in its own map. Counted against the emulator.
 */
describe('Sync budget per call', () => {
  it('costs the agent map one paged read per ring decision and two writes per answered call', async () => {
    const runtime = await startLocalRuntime({ env: { AGENTS_FILE: await writeAgentsFile(manyAgents(3)) } });
    try {
      runtime.stack.emulator.resetStats();
      const call = new TwilioCall(runtime);
      const dial = only(await call.incoming(), 'Dial');
      const [first, second] = numbersOf(dial);
      await call.pickUp(first);
      const redial = only(await call.dialResult(dial, 'completed'), 'Dial');
      const [again] = numbersOf(redial).filter((n) => n.text === second.text);
      await call.press(await call.pickUp(again), again, '1');
      await call.dialResult(redial, 'completed');
      await call.legStatus(again, 'completed');
      await call.status('completed');

      const agents = runtime.stack.emulator.stats()[runtime.stack.runtime.SYNC_AGENT_MAP];
      // Reads: two ring decisions (incoming, dial-result) are one list page each; marking busy reads the one
      // agent, and so do the two places that may free them (the winner's leg ending, the call ending).
      expect(agents).toEqual({ reads: 5, writes: 2, rejected: 0 });
      const perCall = runtime.stack.emulator.stats()[`call-${call.sid}`];
      expect(perCall.writes).toBeGreaterThan(0);
    } finally {
      await runtime.close();
    }
  });

  it('takes 10 answered calls arriving at once under the rate limit without one refused write', async () => {
    const runtime = await startLocalRuntime({ env: { AGENTS_FILE: await writeAgentsFile(manyAgents(10)) } });
    try {
      // Sync's limit from here on, with a full bucket: seeding the agents must not count against the calls.
      runtime.stack.emulator.setRateLimit({ writesPerSecond: 20, burst: 20 });
      runtime.stack.emulator.resetStats();
      const calls = Array.from({ length: 10 }, (_, i) => new TwilioCall(runtime, `+1415555${3000 + i}`));
      await Promise.all(
        calls.map(async (call, i) => {
          const dial = only(await call.incoming(), 'Dial');
          const mine = numbersOf(dial)[i];
          await call.press(await call.pickUp(mine), mine, '1');
          await call.dialResult(dial, 'completed');
          await call.status('completed');
        }),
      );
      for (const call of calls) {
        expect((await runtime.callRecord(call.sid))?.events.map((e) => e.type)).toEqual(['started', 'answered', 'ended']);
      }
      const agents = runtime.stack.emulator.stats()[runtime.stack.runtime.SYNC_AGENT_MAP];
      expect(agents.writes).toBe(20);
      expect(agents.rejected).toBe(0);
      expect([...(await runtime.agents()).values()].every((a) => a.status.kind === 'idle')).toBe(true);
    } finally {
      await runtime.close();
    }
  });
});
