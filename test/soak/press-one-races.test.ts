import { manyAgents, withAgentsRuntime } from '../support/agents-file';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only, verbs, type XmlElement } from '../support/twiml';
import type { LocalRuntime } from '../../scripts/local/local-runtime';

/**
 * Everyone presses 1 at the same moment, over loopback, for real: the claim is the one place that
 * decides who took a call, so exactly one leg wins and no agent is ever booked twice.
 *
 * One Twilio call rings at most 10 legs at once (a <Dial> holds 10 <Number>s), so "everyone on one
 * call" is a full wave of 10; the many-agents case is many such calls side by side over 100 agents.
 * `npm test` plays a slice; `npm run test:soak` the full count (SOAK=full).
 */
const FULL = process.env.SOAK === 'full';
const CALLS = FULL ? 50 : 5;
const RACES = FULL ? 20 : 3;
const LONG = 120_000;

const dialOf = (twiml: XmlElement) => only(twiml, 'Dial');
const outcome = (twiml: XmlElement) => (verbs(twiml).includes('Hangup') ? 'stepped aside' : 'connected');

async function busyAgents(runtime: LocalRuntime) {
  return [...(await runtime.agents()).values()].filter((a) => a.status.kind === 'busy');
}

describe('pressing 1 at once', () => {
  it(`a full wave of 10 legs pressing 1 together: one winner per call, over ${CALLS} calls side by side on 100 agents`, async () => {
    await withAgentsRuntime(manyAgents(100), {}, async (runtime) => {
      const calls = Array.from({ length: CALLS }, (_, i) => new TwilioCall(runtime, `+1415556${String(1000 + i)}`));
      const dials = await Promise.all(calls.map(async (call) => dialOf(await call.incoming())));
      const presses = await Promise.all(
        calls.map(async (call, i) => {
          const legs = numbersOf(dials[i]);
          expect(legs).toHaveLength(10);
          const whispers = await Promise.all(legs.map((leg) => call.pickUp(leg)));
          return Promise.all(legs.map((leg, j) => call.press(whispers[j], leg, '1').then(outcome)));
        }),
      );

      for (const [i, call] of calls.entries()) {
        // A leg that lost to a leg of another call (the same agent rung twice) steps aside too, so a call may have no winner; never two.
        expect(presses[i].filter((o) => o === 'connected').length).toBeLessThanOrEqual(1);
        const record = await runtime.callRecord(call.sid);
        expect(record?.phase === 'answered').toBe(presses[i].includes('connected'));
        expect(record?.events.filter((e) => e.type === 'answered')).toHaveLength(record?.phase === 'answered' ? 1 : 0);
      }
      const busy = await busyAgents(runtime);
      const answered = (await Promise.all(calls.map((c) => runtime.callRecord(c.sid)))).filter((r) => r?.phase === 'answered');
      // Every winner is busy on exactly their own call, and nobody else is busy.
      expect(busy.map((a) => a.id).sort()).toEqual(answered.map((r) => r!.answer!.agentId).sort());
      for (const agent of busy) expect(answered.find((r) => r!.answer!.agentId === agent.id)?.callId).toBe(agent.status.kind === 'busy' && agent.status.callId);
      expect(answered.length).toBeGreaterThan(0);

      await Promise.all(calls.map((call) => call.status('completed')));
      expect(await busyAgents(runtime)).toEqual([]);
    });
  }, LONG);

  it(`one agent rung by 10 calls at once presses 1 on all of them together: booked once, ${RACES} times over`, async () => {
    await withAgentsRuntime(manyAgents(1), {}, async (runtime) => {
      for (let race = 0; race < RACES; race++) {
        const calls = Array.from({ length: 10 }, (_, i) => new TwilioCall(runtime, `+1415557${String(1000 + race * 10 + i)}`));
        const legs = await Promise.all(calls.map(async (call) => numbersOf(dialOf(await call.incoming()))[0]));
        const whispers = await Promise.all(calls.map((call, i) => call.pickUp(legs[i])));
        const outcomes = await Promise.all(calls.map((call, i) => call.press(whispers[i], legs[i], '1').then(outcome)));

        expect(outcomes.filter((o) => o === 'connected')).toHaveLength(1);
        const winner = calls[outcomes.indexOf('connected')];
        const records = await Promise.all(calls.map((c) => runtime.callRecord(c.sid)));
        expect(records.filter((r) => r?.phase === 'answered').map((r) => r!.callId)).toEqual([winner.sid]);
        const [agent] = await busyAgents(runtime);
        expect(agent?.status).toMatchObject({ kind: 'busy', callId: winner.sid });

        await Promise.all(calls.map((call) => call.status('completed')));
        expect(await busyAgents(runtime)).toEqual([]);
      }
    });
  }, LONG);
});
