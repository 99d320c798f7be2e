/**
 * New calls arriving at a steady rate for a bounded time, each played whole in-process (incoming,
 * an agent picks up and presses 1, the dial ends, the call ends) against one agent map, with the
 * Sync emulator enforcing its 20 writes/s per map and Zammad and Freshdesk fakes on loopback behind
 * metering proxies. Measures the calls completed per second, what was lost or double-booked, and
 * how long after the hangup each helpdesk had the call.
 */
import { startFakeFreshdesk } from '../fake-freshdesk';
import { startFakeZammad } from '../fake-zammad';
import { startLocalRuntime, type LocalRuntime } from '../local/local-runtime';
import { auditCalls, type CallAudit } from './call-audit';
import { numbersOf, TwilioCall } from '../../test/support/twilio-call';
import { only, type XmlElement } from '../../test/support/twiml';
import { zammadAgent } from '../../test/support/zammad-agents';
import { RoundTripLog, startMeter, type Meter } from './round-trip-meter';
import { percentile } from './webhook-costs';

export interface SustainedOptions {
  /** New calls per second offered. */
  rate: number;
  seconds: number;
  agents: number;
}

export interface SustainedResult {
  offered: number;
  completed: number;
  /** Completed calls over the time from the first call's arrival to the last call's end. */
  callsPerSecond: number;
  /** Webhooks answered with anything but 200 (a 429 the retries did not absorb ends as a 5xx). */
  failedWebhooks: number;
  failures: string[];
  /** 429s Sync (the emulator) sent on the agent map and the retries absorbed. */
  agentMapRejected: number;
  audit: CallAudit;
  /** Milliseconds from posting the call's final status to the helpdesk request that logged it. */
  delivery: { zammad: { p50: number; p95: number }; freshdesk: { p50: number; p95: number } };
}

const CTI_TOKEN = 'bench-cti';
const API_TOKEN = 'bench-api';
const FRESHDESK_KEY = 'bench-freshdesk';

export async function sustainedCalls({ rate, seconds, agents }: SustainedOptions): Promise<SustainedResult> {
  const users = Array.from({ length: agents }, (_, i) => zammadAgent(i + 2, `agent${i + 1}`, { phone: `+1415557${String(1000 + i)}` }));
  const zammad = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, users });
  const freshdesk = await startFakeFreshdesk({ apiKey: FRESHDESK_KEY });
  const log = new RoundTripLog();
  const meters: Meter[] = [];
  const meter = async (upstream: string, target: string) => {
    const m = await startMeter({ upstream, target, log });
    meters.push(m);
    return m.url;
  };
  let runtime: LocalRuntime | undefined;
  try {
    runtime = await startLocalRuntime({
      env: {
        ZAMMAD_URL: await meter('zammad', zammad.url),
        ZAMMAD_CTI_TOKEN: CTI_TOKEN,
        ZAMMAD_API_TOKEN: API_TOKEN,
        FRESHDESK_URL: await meter('freshdesk', freshdesk.url),
        FRESHDESK_API_KEY: FRESHDESK_KEY,
      },
    });
    // Sync's limit from here on, with a full bucket: seeding the agents is not part of the load.
    runtime.stack.emulator.setRateLimit({ writesPerSecond: 20, burst: 20 });
    runtime.stack.emulator.resetStats();
    const player = new CallPlayer(runtime);
    const offered = Math.round(rate * seconds);
    const started = performance.now();
    const plays: Array<Promise<void>> = [];
    for (let i = 0; i < offered; i += 1) {
      const due = started + (i * 1000) / rate;
      await new Promise((ok) => setTimeout(ok, Math.max(0, due - performance.now())));
      plays.push(player.play(new TwilioCall(runtime, `+1415556${String(1000 + i)}`)));
    }
    await Promise.all(plays);
    const elapsedS = (performance.now() - started) / 1000;
    const audit = await auditCalls({ runtime, callIds: player.callIds, zammad, freshdesk });
    const completed = player.callIds.length - new Set([...audit.recordWrong, ...player.failedCalls]).size;
    return {
      offered,
      completed,
      callsPerSecond: completed / elapsedS,
      failedWebhooks: player.failures.length,
      failures: player.failures.slice(0, 5),
      agentMapRejected: runtime.stack.emulator.stats()[runtime.stack.runtime.SYNC_AGENT_MAP]?.rejected ?? 0,
      audit,
      delivery: {
        zammad: deliveryTimes(log, 'zammad', player.hungUpAt),
        freshdesk: deliveryTimes(log, 'freshdesk', player.hungUpAt),
      },
    };
  } finally {
    await runtime?.close();
    await Promise.all(meters.map((m) => m.close()));
    await Promise.all([zammad.close(), freshdesk.close()]);
  }
}

function deliveryTimes(log: RoundTripLog, upstream: string, hungUpAt: ReadonlyMap<string, number>): { p50: number; p95: number } {
  const last = new Map<string, number>();
  for (const trip of log.all()) {
    if (trip.upstream !== upstream || trip.method !== 'POST') continue;
    for (const [callId] of hungUpAt) if (trip.body.includes(callId)) last.set(callId, Math.max(last.get(callId) ?? 0, trip.end));
  }
  const times = [...hungUpAt].filter(([id]) => last.has(id)).map(([id, at]) => Math.max(0, last.get(id)! - at));
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/**
 * Plays calls as their phones would: an agent's phone already on a call does not pick up another, so
 * each call is answered on a free one among those it rang.
 */
class CallPlayer {
  readonly callIds: string[] = [];
  readonly failures: string[] = [];
  readonly failedCalls = new Set<string>();
  readonly hungUpAt = new Map<string, number>();
  private readonly onCall = new Set<string>();

  constructor(private readonly runtime: LocalRuntime) {}

  async play(call: TwilioCall): Promise<void> {
    this.callIds.push(call.sid);
    try {
      let dial = only(await call.incoming(), 'Dial');
      let agent = this.freePhone(dial);
      // Every phone it rang is busy: nobody picks up, and the next wave rings others.
      for (let wave = 0; !agent && wave < 20; wave += 1) {
        await new Promise((ok) => setTimeout(ok, 50));
        dial = only(await call.dialResult(dial, 'no-answer'), 'Dial');
        agent = this.freePhone(dial);
      }
      if (!agent) throw new Error('no free phone among those rung');
      this.onCall.add(agent.text);
      try {
        await call.press(await call.pickUp(agent), agent, '1');
        // The agent hangs up: Twilio requests the Dial's action, and the call ends there.
        this.hungUpAt.set(call.sid, performance.now());
        await call.dialResult(dial, 'completed');
        await this.ok(call.legStatus(agent, 'completed'));
      } finally {
        this.onCall.delete(agent.text);
      }
      await this.ok(call.status('completed'));
    } catch (error) {
      this.failedCalls.add(call.sid);
      this.failures.push(`${call.sid}: ${(error as Error).message.slice(0, 200)}`);
    }
  }

  private freePhone(dial: XmlElement): XmlElement | undefined {
    return numbersOf(dial).find((n) => !this.onCall.has(n.text));
  }

  private async ok(res: Promise<Response>): Promise<void> {
    const answer = await res;
    if (answer.status !== 200) throw new Error(`${answer.url} answered ${answer.status}: ${await answer.text()}`);
  }
}
