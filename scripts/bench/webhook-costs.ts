/**
 * What each webhook of an answered call costs: its round trips to Sync (reads and writes per map,
 * counted by the Sync emulator as test/e2e/voice-budget.test.ts counts them), how many of them one
 * after another (timed at a metering proxy in front of the emulator), and its own time in-process.
 */
import { startLocalRuntime, type LocalRuntime } from '../local/local-runtime';
import { startFakeAfricasTalking, AtSession, atSessionId } from '../../test/support/fake-africastalking';
import { manyAgents, writeAgentsFile } from '../../test/support/agents-file';
import { numbersOf, TwilioCall } from '../../test/support/twilio-call';
import { only } from '../../test/support/twiml';
import type { MapStats } from '../sync-emulator';
import { RoundTripLog, sequentialRoundTrips, startMeter, timeInFlight, type Meter } from './round-trip-meter';

export interface WebhookCost {
  webhook: string;
  agents: number;
  /** Per map, labelled agents / call / calls-index / …; the largest seen over the runs. */
  maps: Record<string, MapStats>;
  sequential: number;
  /** Median: the request's wall time in-process less the time a Sync round trip was in flight (the emulator's share). */
  inProcessMs: number;
  /** Median wall time of the request, the loopback round trips included. */
  wallMs: number;
}

export interface CallCost {
  agents: number;
  webhooks: WebhookCost[];
  /** Writes to the shared agent map over one whole answered call (the most seen over the runs). */
  agentMapWritesPerCall: number;
}

const AT_SECRET = 'bench-at-secret';
const AT_KEY = 'bench-at-key';
const AT_NUMBER = '+254711082000';

interface Sample {
  webhook: string;
  maps: Record<string, MapStats>;
  sequential: number;
  ms: number;
  waitedMs: number;
}

export async function measureCallCost(agents: number, runs: number): Promise<CallCost> {
  const log = new RoundTripLog();
  const meters: Meter[] = [];
  const at = await startFakeAfricasTalking(AT_KEY);
  const runtime = await startLocalRuntime({
    env: {
      AGENTS_FILE: await writeAgentsFile(manyAgents(agents)),
      AT_USERNAME: 'helpdesk',
      AT_API_KEY: AT_KEY,
      AT_PHONE_NUMBER: AT_NUMBER,
      AT_CALLBACK_SECRET: AT_SECRET,
      AT_API_URL: at.url,
    },
    via: async (upstream, target) => {
      const meter = await startMeter({ upstream, target, log });
      meters.push(meter);
      return meter.url;
    },
  });
  const samples: Sample[] = [];
  let agentMapWritesPerCall = 0;
  try {
    const agentMap = runtime.stack.runtime.SYNC_AGENT_MAP;
    const label = (map: string) =>
      map === agentMap ? 'agents' : map === runtime.stack.runtime.SYNC_CALLS_INDEX_MAP ? 'calls-index' : map.startsWith('call-') ? 'call' : map;
    const measure = async <T>(webhook: string, step: () => Promise<T>): Promise<T> => {
      runtime.stack.emulator.resetStats();
      const { result, trips, ms } = await log.during(step);
      const maps: Record<string, MapStats> = {};
      for (const [map, stats] of Object.entries(runtime.stack.emulator.stats())) maps[label(map)] = stats;
      const sync = trips.filter((t) => t.upstream === 'sync');
      samples.push({ webhook, maps, sequential: sequentialRoundTrips(sync), ms, waitedMs: timeInFlight(sync) });
      return result;
    };
    // One call first so caches and the JIT are warm; then the measured runs.
    for (let run = 0; run <= runs; run += 1) {
      const before = samples.length;
      const writes = await answeredTwilioCall(runtime, measure);
      await answeredAtCall(runtime, measure);
      if (run === 0) samples.splice(before);
      else agentMapWritesPerCall = Math.max(agentMapWritesPerCall, writes);
    }
  } finally {
    await runtime.close();
    await Promise.all(meters.map((m) => m.close()));
    await at.close();
  }
  return { agents, webhooks: summarise(agents, samples), agentMapWritesPerCall };
}

type Measure = <T>(webhook: string, step: () => Promise<T>) => Promise<T>;

/** Incoming, the first agent picks up and presses 1, the dial ends, the call ends; returns the agent map's writes. */
async function answeredTwilioCall(runtime: LocalRuntime, measure: Measure): Promise<number> {
  const call = new TwilioCall(runtime);
  let agentWrites = 0;
  const counted: Measure = async (webhook, step) => {
    const result = await measure(webhook, step);
    agentWrites += runtime.stack.emulator.stats()[runtime.stack.runtime.SYNC_AGENT_MAP]?.writes ?? 0;
    return result;
  };
  const dial = only(await counted('/voice/incoming', () => call.incoming()), 'Dial');
  const [first] = numbersOf(dial);
  const whisper = await counted('/voice/whisper', () => call.pickUp(first));
  await counted('/voice/whisper-accept', () => call.press(whisper, first, '1'));
  await counted('/voice/dial-result', () => call.dialResult(dial, 'completed'));
  await counted('/voice/agent-status', () => call.legStatus(first, 'completed'));
  await counted('/voice/status', () => call.status('completed'));
  await counted('/studio/agents', () => runtime.twilioPost('/studio/agents', { From: call.from, CallSid: call.sid }).then(ok));
  return agentWrites;
}

async function answeredAtCall(runtime: LocalRuntime, measure: Measure): Promise<void> {
  const post = (params: Record<string, string>) =>
    fetch(`${runtime.baseUrl}/africastalking/voice?key=${AT_SECRET}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    }).then(ok);
  const session = new AtSession(post, atSessionId(), '+254722999999', AT_NUMBER);
  await measure('/africastalking/voice (start)', () => session.start());
  const agent = (await runtime.agents()).values().next().value!;
  const number = agent.phoneNumbers[0];
  await measure('/africastalking/voice (answered)', () => session.dialAnswered(number));
  await measure('/africastalking/voice (final)', () =>
    session.final({ hangupCause: 'NORMAL_CLEARING', durationInSeconds: 30, dialDestinationNumber: number, dialDurationInSeconds: 20 }),
  );
}

async function ok(res: Response): Promise<Response> {
  if (res.status !== 200) throw new Error(`${res.url} answered ${res.status}: ${await res.text()}`);
  return res;
}

function summarise(agents: number, samples: Sample[]): WebhookCost[] {
  const byWebhook = new Map<string, Sample[]>();
  for (const s of samples) byWebhook.set(s.webhook, [...(byWebhook.get(s.webhook) ?? []), s]);
  return [...byWebhook].map(([webhook, runs]) => {
    const maps: Record<string, MapStats> = {};
    for (const run of runs) {
      for (const [map, stats] of Object.entries(run.maps)) {
        const seen = maps[map] ?? { reads: 0, writes: 0, rejected: 0 };
        maps[map] = { reads: Math.max(seen.reads, stats.reads), writes: Math.max(seen.writes, stats.writes), rejected: Math.max(seen.rejected, stats.rejected) };
      }
    }
    return { webhook, agents, maps, sequential: Math.max(...runs.map((r) => r.sequential)), inProcessMs: median(runs.map((r) => r.ms - r.waitedMs)), wallMs: median(runs.map((r) => r.ms)) };
  });
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
