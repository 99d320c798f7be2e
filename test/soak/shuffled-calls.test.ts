import fc from 'fast-check';
import { auditCalls } from '../../scripts/bench/call-audit';
import { problemOf, startAuditedSystem } from '../support/audited-system';
import { captureLogs, leaksIn } from '../support/captured-logs';
import { SoakCalls } from '../support/soak-calls';

/**
 * Whole answered calls whose end arrives the way Twilio's callbacks really can: every callback
 * after the bridge twice, in any order (the Dial's action before or after the leg's and the call's
 * final status, a late `ringing` of the leg after it completed). What the helpdesks got is judged
 * from outside: exactly newCall, answer, hangup per call at Zammad, one entry per call at
 * Freshdesk, nobody double-booked, nobody left busy.
 * `npm test` plays a slice; `npm run test:soak` the full count (SOAK=full). SOAK_SEED replays.
 */
const CALLS = process.env.SOAK === 'full' ? 1_000 : 40;
const AT_ONCE = 8;
const AGENTS = 12;
const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 2 ** 31);

describe(`${CALLS} calls with every late callback duplicated and shuffled (seed ${SEED}; SOAK_SEED=${SEED} replays)`, () => {
  it('leaves exactly one newCall, answer and hangup per call at Zammad, one Freshdesk entry, nobody busy', async () => {
    const system = await startAuditedSystem(AGENTS);
    const { runtime, zammad, freshdesk } = system;
    const orders = fc.sample(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), { seed: SEED, numRuns: CALLS });
    const calls = new SoakCalls(runtime);
    const refused: string[] = [];

    const play = async (i: number) => {
      // With fewer calls at once than agents, a phone is always free.
      const { call, dial, legs } = await calls.ring(i);
      const [agent] = legs;
      await call.press(await call.pickUp(agent), agent, '1');
      const tail = [
        // The Dial's action answers TwiML; a non-200 throws with the body.
        () => call.dialResult(dial, 'completed').then(() => null),
        () => problemOf(call.legStatus(agent, 'completed')),
        () => problemOf(call.status('completed', { CallDuration: '50' })),
        () => problemOf(call.legStatus(agent, 'ringing')),
      ].flatMap((step) => [step, step]);
      // The seeded sort keys put the eight posts in this call's order.
      const shuffled = tail.map((step, k) => ({ step, key: orders[i][k] })).sort((a, b) => a.key - b.key);
      for (const { step } of shuffled) {
        const problem = await step();
        if (problem) refused.push(`${call.sid} ${problem}`);
      }
      calls.free(legs);
    };

    const logs = captureLogs();
    try {
      for (let first = 0; first < CALLS; first += AT_ONCE) {
        await Promise.all(Array.from({ length: Math.min(AT_ONCE, CALLS - first) }, (_, k) => play(first + k)));
      }
      const audit = await auditCalls({ runtime, callIds: calls.callIds, zammad, freshdesk });
      expect(refused).toEqual([]);
      expect(audit).toEqual({ zammadWrong: [], freshdeskWrong: [], recordWrong: [], doubleBookings: 0, busyAgents: [] });
      expect(leaksIn(logs.lines, [...system.sensitive, ...calls.callers])).toEqual([]);
    } finally {
      logs.restore();
      await system.close();
    }
  }, 900_000);
});
