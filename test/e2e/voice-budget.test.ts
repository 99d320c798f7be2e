import { manyAgents, writeAgentsFile } from '../support/agents-file';
import { startFakeZammad } from '../../scripts/fake-zammad';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only, type XmlElement } from '../support/twiml';
import { zammadAgent } from '../support/zammad-agents';
import { AtSession, atSessionId, startFakeAfricasTalking } from '../support/fake-africastalking';
import { RoundTripLog, sequentialRoundTrips, startMeter, type Meter } from '../../scripts/bench/round-trip-meter';

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

/**
 * Every Sync round trip is tens of milliseconds from Functions while the caller hears nothing:
 * counted per webhook in front of the emulator.
 */
describe('Sync round trips per webhook', () => {
  const trafficOf = async (runtime: LocalRuntime, webhook: () => Promise<unknown>) => {
    runtime.stack.emulator.resetStats();
    await webhook();
    return runtime.stack.emulator.stats();
  };

  async function countedCall(runtime: LocalRuntime, prepare?: (call: TwilioCall) => Promise<unknown>) {
    const call = new TwilioCall(runtime);
    await prepare?.(call);
    let dial: XmlElement | undefined;
    const incoming = await trafficOf(runtime, async () => (dial = only(await call.incoming(), 'Dial')));
    const [first] = numbersOf(dial!);
    const whisper = await call.pickUp(first);
    const accept = await trafficOf(runtime, () => call.press(whisper, first, '1'));
    const status = await trafficOf(runtime, () => call.status('completed'));
    return { call, incoming, accept, status };
  }

  it('/voice/incoming is the agent page and one write; whisper-accept and status touch the agent once each', async () => {
    const runtime = await startLocalRuntime({ env: { AGENTS_FILE: await writeAgentsFile(manyAgents(3)) } });
    try {
      const { call, incoming, accept, status } = await countedCall(runtime);
      const agentMap = runtime.stack.runtime.SYNC_AGENT_MAP;
      const index = runtime.stack.runtime.SYNC_CALLS_INDEX_MAP;
      // The dashboard's index entry is written side by side with the record: one more write, no more waiting.
      expect(incoming).toEqual({
        [agentMap]: { reads: 1, writes: 0, rejected: 0 },
        [`call-${call.sid}`]: { reads: 0, writes: 1, rejected: 0 },
        [index]: { reads: 0, writes: 1, rejected: 0 },
      });
      // The claim (create-if-absent), the record read before it and the answer written; the agent marked busy.
      expect(accept).toEqual({ [agentMap]: { reads: 1, writes: 1, rejected: 0 }, [`call-${call.sid}`]: { reads: 2, writes: 2, rejected: 0 } });
      // The end goes to the index after the record's write, when the caller has already hung up.
      expect(status).toEqual({
        [agentMap]: { reads: 1, writes: 1, rejected: 0 },
        [`call-${call.sid}`]: { reads: 1, writes: 1, rejected: 0 },
        [index]: { reads: 0, writes: 1, rejected: 0 },
      });
    } finally {
      await runtime.close();
    }
  });

  it('/voice/incoming waits for the agent page and one write: the call\'s own map is made while the agents are read', async () => {
    const log = new RoundTripLog();
    const meters: Meter[] = [];
    const runtime = await startLocalRuntime({
      env: { AGENTS_FILE: await writeAgentsFile(manyAgents(3)) },
      via: async (upstream, target) => {
        const meter = await startMeter({ upstream, target, log });
        meters.push(meter);
        return meter.url;
      },
    });
    try {
      // The first call also makes the dashboard's index map; count the second.
      await new TwilioCall(runtime).incoming();
      const { trips } = await log.during(() => new TwilioCall(runtime).incoming());
      const sync = trips.filter((t) => t.upstream === 'sync');
      expect(sync.filter((t) => t.method === 'POST' && t.path.endsWith('/Maps'))).toHaveLength(1);
      expect(sequentialRoundTrips(sync)).toBe(2);
    } finally {
      await runtime.close();
      await Promise.all(meters.map((m) => m.close()));
    }
  });

  it('with a helpdesk, /voice/incoming still stores the call in one write, its newCall already delivered', async () => {
    const zammad = await startFakeZammad({ ctiToken: 'cti', apiToken: 'api', users: [zammadAgent(2, 'anna', { phone: '+14155550101' })] });
    const runtime = await startLocalRuntime({ env: { ZAMMAD_URL: zammad.url, ZAMMAD_CTI_TOKEN: 'cti', ZAMMAD_API_TOKEN: 'api' } });
    try {
      // The first call refreshes the agents from Zammad; count a call on the warm cache.
      await new TwilioCall(runtime).incoming();
      const call = new TwilioCall(runtime);
      const incoming = await trafficOf(runtime, () => call.incoming());
      expect(incoming[`call-${call.sid}`]).toEqual({ reads: 0, writes: 1, rejected: 0 });
      expect(incoming[runtime.stack.runtime.SYNC_AGENT_MAP]).toEqual({ reads: 1, writes: 0, rejected: 0 });
      expect(incoming['outbox-pending']).toBeUndefined();
      // The ticket sink takes the start too, without a request: only voicemails (and missed calls, when asked) make tickets.
      expect((await runtime.callRecord(call.sid))?.delivered).toEqual({ zammad: 1, 'zammad-tickets': 1 });
      expect(zammad.requests().filter((r) => r.params.callId === call.sid).map((r) => r.params.event)).toEqual(['newCall']);
    } finally {
      await runtime.close();
      await zammad.close();
    }
  });

  it('a Studio hand-over (hours=checked) reads the call the flow reported once and writes the ring decision once', async () => {
    const runtime = await startLocalRuntime({ env: { AGENTS_FILE: await writeAgentsFile(manyAgents(3)) } });
    try {
      const call = new TwilioCall(runtime);
      await call.post('/studio/events', { event: 'started', CallSid: call.sid, From: call.from, To: call.to });
      const handOver = await trafficOf(runtime, () => call.twiml('/voice/incoming?hours=checked', { CallSid: call.sid, From: call.from, To: call.to }));
      // One read finds the record and its revision; the ring decision is written against it.
      expect(handOver[`call-${call.sid}`]).toEqual({ reads: 1, writes: 1, rejected: 0 });
    } finally {
      await runtime.close();
    }
  });

  it("an Africa's Talking call's final notice frees the agent who answered without reading every agent again", async () => {
    const key = 'budget-at-key';
    const secret = 'budget-at-secret';
    const at = await startFakeAfricasTalking(key);
    // 250 agents: the agent map is three pages, so a needless read of all of them is plain to see.
    const runtime = await startLocalRuntime({
      env: { AGENTS_FILE: await writeAgentsFile(manyAgents(250)), AT_USERNAME: 'helpdesk', AT_API_KEY: key, AT_PHONE_NUMBER: '+254711082000', AT_CALLBACK_SECRET: secret, AT_API_URL: at.url },
    });
    try {
      const post = (params: Record<string, string>) =>
        fetch(`${runtime.baseUrl}/africastalking/voice?key=${secret}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(params).toString(),
        });
      const session = new AtSession(post, atSessionId(), '+254722999999', '+254711082000');
      await session.start();
      const agent = (await runtime.agents()).values().next().value!;
      const number = agent.phoneNumbers[0];
      const answered = await trafficOf(runtime, () => session.dialAnswered(number));
      const final = await trafficOf(runtime, () =>
        session.final({ hangupCause: 'NORMAL_CLEARING', durationInSeconds: 30, dialDestinationNumber: number, dialDurationInSeconds: 20 }),
      );
      const agentMap = runtime.stack.runtime.SYNC_AGENT_MAP;
      // Who answered is found among all the agents once (three pages, then the one agent marked busy) …
      expect(answered[agentMap]).toEqual({ reads: 4, writes: 1, rejected: 0 });
      // … and at the end only that agent is read, to free them.
      expect(final[agentMap]).toEqual({ reads: 1, writes: 1, rejected: 0 });
      expect((await runtime.agents()).get(agent.id)?.status).toEqual({ kind: 'idle' });
    } finally {
      await runtime.close();
      await at.close();
    }
  });
});
