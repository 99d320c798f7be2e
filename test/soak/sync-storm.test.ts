import { auditCalls } from '../../scripts/bench/call-audit';
import { problemOf, startAuditedSystem } from '../support/audited-system';
import { captureLogs, leaksIn } from '../support/captured-logs';
import { SoakCalls } from '../support/soak-calls';
import { verbs } from '../support/twiml';

/**
 * Whole calls while Sync is in a storm: a share of every read and write refused with 429, and a
 * share of the revision-checked writes losing their race to another writer (412), on top of two
 * agents pressing 1 on each call at the same moment. Every webhook must still answer 200 (the
 * backoff and the re-read absorb the storm), and once it has passed nothing may be lost or
 * corrupted: exactly newCall, answer, hangup per call at Zammad, one Freshdesk entry, each
 * record started/answered/ended, one winner per call, nobody double-booked or left busy.
 * `npm test` plays a slice; `npm run test:soak` the full count (SOAK=full). SOAK_SEED replays the storm.
 */
const CALLS = process.env.SOAK === 'full' ? 300 : 12;
const AT_ONCE = 4;
const AGENTS = 12;
const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 2 ** 31);
const STORM = { throttle: 0.2, conflict: 0.3, seed: SEED };

describe(`${CALLS} calls through a Sync storm of ${STORM.throttle * 100}% 429s and ${STORM.conflict * 100}% lost races (seed ${SEED}; SOAK_SEED=${SEED} replays)`, () => {
  it('answers every webhook, and leaves each call whole and every agent free', async () => {
    const system = await startAuditedSystem(AGENTS);
    const { runtime, zammad, freshdesk } = system;
    const calls = new SoakCalls(runtime);
    const refused: string[] = [];
    const winners: number[] = [];

    const play = async (i: number) => {
      const { call, dial, legs } = await calls.ring(i, 2);
      const whispers = await Promise.all(legs.map((leg) => call.pickUp(leg)));
      const answers = await Promise.all(legs.map((leg, k) => call.press(whispers[k], leg, '1')));
      winners.push(answers.filter((twiml) => !verbs(twiml).includes('Hangup')).length);
      await call.dialResult(dial, 'completed');
      for (const leg of legs) {
        const problem = await problemOf(call.legStatus(leg, 'completed'));
        if (problem) refused.push(`${call.sid} ${problem}`);
      }
      const problem = await problemOf(call.status('completed', { CallDuration: '30' }));
      if (problem) refused.push(`${call.sid} ${problem}`);
      calls.free(legs);
    };

    const logs = captureLogs();
    try {
      runtime.stack.emulator.setStorm(STORM);
      for (let first = 0; first < CALLS; first += AT_ONCE) {
        await Promise.all(Array.from({ length: Math.min(AT_ONCE, CALLS - first) }, (_, k) => play(first + k)));
      }
      const storm = runtime.stack.emulator.stormCounts();
      runtime.stack.emulator.setStorm(false);

      // The storm really hit: a quiet run would prove nothing.
      expect(storm.throttled).toBeGreaterThan(CALLS);
      expect(storm.conflicts).toBeGreaterThan(CALLS / 4);
      expect(refused).toEqual([]);
      expect(winners).toEqual(calls.callIds.map(() => 1));
      const audit = await auditCalls({ runtime, callIds: calls.callIds, zammad, freshdesk });
      expect(audit).toEqual({ zammadWrong: [], freshdeskWrong: [], recordWrong: [], doubleBookings: 0, busyAgents: [] });
      expect(leaksIn(logs.lines, [...system.sensitive, ...calls.callers])).toEqual([]);
      // Every agent is still a whole, idle agent the next call can ring.
      const agents = [...(await runtime.agents()).values()];
      expect(agents).toHaveLength(AGENTS);
      expect(agents.every((a) => a.status.kind === 'idle' && a.presence === 'available')).toBe(true);
    } finally {
      logs.restore();
      await system.close();
    }
  }, 900_000);
});
