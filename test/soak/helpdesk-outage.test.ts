import fc from 'fast-check';
import { auditCalls } from '../../scripts/bench/call-audit';
import type { FakeFreshdesk, FreshdeskOutage } from '../../scripts/fake-freshdesk';
import type { FakeZammad, Outage as ZammadOutage } from '../../scripts/fake-zammad';
import { problemOf, startAuditedSystem } from '../support/audited-system';
import { captureLogs, leaksIn } from '../support/captured-logs';
import { startTcpSwitch, type TcpSwitch } from '../support/tcp-switch';
import { SoakCalls } from '../support/soak-calls';
import type { TwilioCall } from '../support/twilio-call';
import { verbs, type XmlElement } from '../support/twiml';

/**
 * Calls go on while both helpdesks are down in every way they can be: answering 500, holding the
 * request past our timeout (and applying it anyway), resetting the connection, refusing it (the
 * host is down), or applying the event and losing the reply. Calls are played in stages, each under
 * one seeded state: one wave of calls comes in, the wave before is answered and the one before
 * that ends, all at once, and then a scheduler's `POST /outbox/flush` runs, whatever the state.
 * Once the helpdesks are back and the flushes have caught up, nothing is lost and nothing is
 * doubled: exactly newCall, answer, hangup per call at Zammad, in that order, one Freshdesk entry
 * per call, and the callers never noticed (every webhook answered 200).
 * `npm test` plays a slice; `npm run test:soak` the full count (SOAK=full). SOAK_SEED replays.
 */
const WAVES = process.env.SOAK === 'full' ? 60 : 5;
const PER_WAVE = process.env.SOAK === 'full' ? 3 : 2;
const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 2 ** 31);
const HANG_MS = 900; // past the 600 ms a helpdesk request may take

const DOWN = ['status', 'hang', 'reset', 'refused', 'lost-reply'] as const;
type State = 'up' | (typeof DOWN)[number];

interface Helpdesks {
  zammad: FakeZammad;
  freshdesk: FakeFreshdesk;
  switches: TcpSwitch[];
}

/** What both fakes do in each state; refused is the switches' doing, the fakes themselves are up. */
const OUTAGE = {
  up: false,
  refused: false,
  status: { kind: 'status', status: 500 },
  hang: { kind: 'hang', ms: HANG_MS },
  reset: { kind: 'reset' },
  'lost-reply': { kind: 'lost-reply' },
} as const satisfies Record<State, ZammadOutage & FreshdeskOutage>;

async function enter(state: State, { zammad, freshdesk, switches }: Helpdesks): Promise<void> {
  await Promise.all(switches.map((s) => (state === 'refused' ? s.off() : s.on())));
  zammad.setOutage(OUTAGE[state]);
  freshdesk.setOutage(OUTAGE[state]);
}

interface Playing {
  call: TwilioCall;
  dial: XmlElement;
  leg: XmlElement;
  whisper: XmlElement;
}

describe(`${WAVES * PER_WAVE} calls while Zammad and Freshdesk go down and come back (seed ${SEED}; SOAK_SEED=${SEED} replays)`, () => {
  it('loses no event and doubles none once they are back and the outbox is flushed', async () => {
    const switches: TcpSwitch[] = [];
    const system = await startAuditedSystem(3 * PER_WAVE + 2, async (urls) => {
      const [zammad, freshdesk] = await Promise.all([startTcpSwitch(urls.zammad), startTcpSwitch(urls.freshdesk)]);
      switches.push(zammad, freshdesk);
      return { zammad: zammad.url, freshdesk: freshdesk.url };
    });
    const { runtime, zammad, freshdesk } = system;
    const helpdesks = { zammad, freshdesk, switches };
    // The first stage is up, so the agents are read from Zammad once; then every state once, in a
    // seeded order, and after that anything goes.
    const [order, rest] = fc.sample(fc.tuple(fc.shuffledSubarray([...DOWN, 'up'] as State[], { minLength: DOWN.length + 1 }), fc.array(fc.constantFrom<State>(...DOWN, 'up'), { minLength: WAVES, maxLength: WAVES })), { seed: SEED, numRuns: 1 })[0];
    const states: State[] = ['up', ...order, ...rest];
    const calls = new SoakCalls(runtime);
    const problems: string[] = [];
    const waves: Playing[][] = [];

    const start = async (n: number): Promise<Playing> => {
      const { call, dial, legs: [leg] } = await calls.ring(n);
      return { call, dial, leg, whisper: await call.pickUp(leg) };
    };
    const answer = async ({ call, leg, whisper }: Playing) => {
      if (verbs(await call.press(whisper, leg, '1')).includes('Hangup')) problems.push(`${call.sid}: the agent who pressed 1 was not connected`);
    };
    const end = async ({ call, dial, leg }: Playing) => {
      await call.dialResult(dial, 'completed');
      for (const problem of await Promise.all([problemOf(call.legStatus(leg, 'completed')), problemOf(call.status('completed', { CallDuration: '40' }))])) {
        if (problem) problems.push(problem);
      }
      calls.free([leg]);
    };
    const flush = async () => {
      const response = await runtime.dashboard('/outbox/flush', { method: 'POST' });
      if (response.status !== 200) problems.push(`/outbox/flush: ${response.status}`);
      return (await response.json()) as { calls: number };
    };

    const logs = captureLogs();
    try {
      for (let stage = 0; stage < WAVES + 2; stage += 1) {
        await enter(states[stage], helpdesks);
        const ending = waves[stage - 2] ?? [];
        const answering = waves[stage - 1] ?? [];
        const [, , started] = await Promise.all([
          Promise.all(ending.map(end)),
          Promise.all(answering.map(answer)),
          stage < WAVES ? Promise.all(Array.from({ length: PER_WAVE }, (_, k) => start(stage * PER_WAVE + k))) : [],
        ]);
        waves.push(started);
        await flush();
      }
      await enter('up', helpdesks);
      let waiting = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 30 && waiting > 0; round += 1) waiting = (await flush()).calls;

      expect(problems).toEqual([]);
      expect(waiting).toBe(0);
      const audit = await auditCalls({ runtime, callIds: calls.callIds, zammad, freshdesk });
      expect(audit).toEqual({ zammadWrong: [], freshdeskWrong: [], recordWrong: [], doubleBookings: 0, busyAgents: [] });
      expect(leaksIn(logs.lines, [...system.sensitive, ...calls.callers])).toEqual([]);
      // The outages were logged, numbers and all, and the numbers masked.
      expect(logs.lines.filter((line) => /(\+|%2B)1415\*{4}\d{3}/.test(line)).length).toBeGreaterThan(0);
    } finally {
      logs.restore();
      await system.close();
      await Promise.all(switches.map((s) => s.close()));
    }
  }, 1_800_000);
});
