import { parseLines } from '../../src/routing/lines';
import type { CountryCode } from 'libphonenumber-js';
import type { CallRecord } from '../../src/calls/call-record';
import type { LifecycleEvent } from '../../src/calls/lifecycle-event';
import { localSchema, runtimeSchema } from '../../src/config';
import type { Carrier } from './carrier';
import type { ClockLimits } from './clock';
import { SimulationContext } from './context';
import { SimulationError } from './errors';
import { checkExpectations } from './expectations';
import { Parties } from './parties';
import { scenarioEnv, type Scenario } from './scenario';
import { inProcessTarget, type InProcessRuntime, type KnownConfig, type SimulationTarget } from './target';
import { summarize, type HelpdeskEventSummary, type TranscriptEntry, type TranscriptSummary } from './transcript';
import { TwilioCarrier } from './twilio-carrier';
import { AfricasTalkingCarrier } from './africastalking-carrier';
import { startAtVoiceApi, type AtVoiceApi } from './at-voice-api';
import { startScenarioZammad } from './scenario-zammad';
import { startScenarioFreshdesk } from './scenario-freshdesk';
import { signInSoftphones } from './softphone-sign-in';

export interface SimulateOptions {
  /** Carriers by scenario `carrier` name; Twilio and Africa's Talking are built in, others plug in here. */
  carriers?: Partial<Record<string, () => Carrier>>;
  limits?: Partial<ClockLimits>;
  /** What landed in the scenario's own helpdesks, one line each, read once the call is over. */
  landed?: () => string[];
}

export interface SimulationResult {
  scenario: Scenario;
  entries: TranscriptEntry[];
  summary: TranscriptSummary;
  /** The call ids whose stored records the transcript reports. */
  callIds: string[];
  records: Record<string, CallRecord | undefined>;
  /** Where the run differs from the scenario's `expect` block; empty when it holds (or there is none). */
  mismatches: string[];
  /** Virtual seconds the call took. */
  seconds: number;
  text(options?: { verbose?: boolean }): string;
}

/**
 * Plays the scenario's call against the target and returns its transcript. Throws a
 * SimulationError subclass when the scenario, the TwiML or the flow cannot be played.
 */
export async function simulate(scenario: Scenario, target: SimulationTarget, options: SimulateOptions = {}): Promise<SimulationResult> {
  const carriers: Record<string, () => Carrier> = {
    twilio: () => new TwilioCarrier(),
    africastalking: () => new AfricasTalkingCarrier(),
    ...(options.carriers as Record<string, () => Carrier>),
  };
  const makeCarrier = carriers[scenario.carrier];
  if (!makeCarrier) throw new SimulationError(`${scenario.source}: the ${scenario.carrier} carrier is not simulated yet`);
  if (scenario.freshdesk && !target.config?.values.FRESHDESK_URL) {
    throw new SimulationError(`${scenario.source}: the scenario brings its own Freshdesk, which only an in-process system can use: run it with --in-process`);
  }
  if (scenario.zammad && !target.config?.values.ZAMMAD_URL) {
    throw new SimulationError(`${scenario.source}: the scenario brings its own Zammad, which only an in-process system can use: run it with --in-process`);
  }
  const envNotes = checkEnv(scenario, target.config);
  const region = (target.config?.values.DEFAULT_REGION ?? 'US') as CountryCode;
  const parties = Parties.create(scenario, await target.agents(), region);
  const sim = new SimulationContext(scenario, target, parties, { limits: options.limits });
  for (const text of envNotes) sim.transcript.add({ kind: 'note', text });
  const line = scenario.call && lineNote(scenario.call.to, target.config?.values.LINES);
  if (line) sim.transcript.add({ kind: 'note', text: line });
  if (scenario.idleOrder) await target.setIdleOrder(scenario.idleOrder.map((ref) => (ref.startsWith('+') ? (parties.agentId(ref) ?? ref) : ref)));
  const signOut = scenario.signedIn ? await signInSoftphones(target, scenario.signedIn) : async () => undefined;
  for (const agentId of scenario.signedIn ?? []) sim.transcript.add({ kind: 'note', text: `${agentId} is signed in to the browser softphone` });
  await target.calls.begin();
  const carrier = makeCarrier();
  carrier.begin(sim);
  try {
    await sim.clock.run();
  } finally {
    await signOut();
  }

  const records: Record<string, CallRecord | undefined> = {};
  for (const id of carrier.callIds()) {
    const record = await target.callRecord(id);
    records[id] = record;
    sim.transcript.add({
      kind: 'helpdesk',
      callSid: id,
      found: record !== undefined,
      events: (record?.events ?? []).map(summarizeEvent),
      delivered: { ...(record?.delivered ?? {}) },
    });
  }
  for (const text of options.landed?.() ?? []) sim.transcript.add({ kind: 'note', text });
  const entries = sim.transcript.entries;
  // A browser call's calling side is the agent who placed it.
  const summary = summarize(entries, scenario.browserCall?.agent ?? 'caller');
  return {
    scenario,
    entries,
    summary,
    callIds: carrier.callIds(),
    records,
    mismatches: checkExpectations(scenario.expect, summary, parties),
    seconds: sim.clock.now,
    text: (o) => sim.transcript.text(o),
  };
}

function summarizeEvent(event: LifecycleEvent): HelpdeskEventSummary {
  switch (event.type) {
    case 'started':
      return { seq: event.seq, type: event.type, detail: { direction: event.direction, from: event.from, to: event.to, offeredTo: event.offeredTo.map((a) => a.agentId).join(',') } };
    case 'answered':
      return { seq: event.seq, type: event.type, detail: { agentId: event.agentId, voicemail: event.voicemail } };
    case 'ended':
      return { seq: event.seq, type: event.type, detail: { cause: event.cause, missedReason: event.missedReason } };
    case 'voicemail':
      return { seq: event.seq, type: event.type, detail: { recordingUrl: event.recordingUrl, durationSeconds: event.durationSeconds } };
    case 'transcription':
      return { seq: event.seq, type: event.type, detail: { status: event.status, text: event.text } };
  }
}

const LOCAL_KEYS = new Set(Object.keys(localSchema.shape));

/**
 * The scenario's `env` against the configuration the system runs with. A known difference in a
 * Function variable stops the run (the call would not be the scenario's); what cannot be known
 * becomes a note in the transcript.
 */
export function checkEnv(scenario: Scenario, config: KnownConfig | null): string[] {
  const env = scenarioEnv(scenario);
  const keys = Object.keys(env);
  if (keys.length === 0) return [];
  if (!config) return [`the system's configuration is unknown here, so env (${keys.join(', ')}) is not checked`];
  const notes: string[] = [];
  const wrong: string[] = [];
  const shape = runtimeSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  for (const key of keys) {
    if (LOCAL_KEYS.has(key)) {
      notes.push(`${key}=${env[key]} is a setting of npm start itself and cannot be checked against ${config.source}`);
      continue;
    }
    const field = shape[key];
    if (!field) {
      notes.push(`${key} is not a variable the Functions read; not checked`);
      continue;
    }
    const want = field.safeParse(env[key]);
    const have = field.safeParse(config.values[key] === '' ? undefined : config.values[key]);
    if (!want.success) throw new SimulationError(`${scenario.source}: env.${key}=${env[key]} is not a valid value for ${key}`);
    if (JSON.stringify(want.data) !== JSON.stringify(have.success ? have.data : config.values[key])) {
      wrong.push(`${key}=${env[key]} (it has ${config.values[key] ?? `the default, ${JSON.stringify(have.data)}`})`);
    }
  }
  if (wrong.length > 0) {
    const message = `the scenario needs ${wrong.join(', ')} according to ${config.source}`;
    if (config.authoritative) {
      throw new SimulationError(`${scenario.source}: ${message}; restart the system with ${keys.map((k) => `${k}=${env[k]}`).join(' ')} npm start, or run the scenario with --in-process`);
    }
    notes.push(`${message}; that may be stale, so the call is played anyway`);
  }
  return notes;
}

/**
 * Starts a system with the scenario's env (e.g. scripts/local's startLocalRuntime), plays the call, stops it.
 * For an Africa's Talking scenario it also serves AT's Voice API on loopback (AT_API_URL, unless the
 * env sets one), so the system's click-to-call reaches it and the simulator sees the calls placed.
 */
export async function simulateInProcess<R extends InProcessRuntime & { close(): Promise<void> }>(
  scenario: Scenario,
  start: (options: { env: Record<string, string> }) => Promise<R>,
  options: SimulateOptions = {},
): Promise<SimulationResult & { runtime: R }> {
  const env = scenarioEnv(scenario);
  let atVoiceApi: AtVoiceApi | undefined;
  if (scenario.carrier === 'africastalking' && !env.AT_API_URL) {
    atVoiceApi = await startAtVoiceApi(env.AT_API_KEY ?? '');
    env.AT_API_URL = atVoiceApi.url;
  }
  const zammad = scenario.zammad && (await startScenarioZammad(scenario.zammad));
  if (zammad) Object.assign(env, zammad.env);
  const freshdesk = scenario.freshdesk && (await startScenarioFreshdesk(scenario.freshdesk));
  if (freshdesk) Object.assign(env, freshdesk.env);
  try {
    const runtime = await start({ env });
    try {
      return { ...(await simulate(scenario, inProcessTarget(runtime, { atVoiceApi }), { landed: freshdesk?.landed, ...options })), runtime };
    } finally {
      await runtime.close();
    }
  } finally {
    await atVoiceApi?.close();
    await zammad?.close();
    await freshdesk?.close();
  }
}

/** The line the called number is on, when LINES gives it one: which team rings and what it changes. */
function lineNote(calledNumber: string, lines: string | undefined): string | null {
  const entry = lines ? parseLines(lines, 'LINES')[calledNumber] : undefined;
  if (!entry) return null;
  const settings = [entry.routingMode, entry.ringTimeout && `ring ${entry.ringTimeout} s`, entry.voicemail && `voicemail ${entry.voicemail}`, entry.wrapUp && `wrap-up ${entry.wrapUp} s`].filter(Boolean);
  return `line ${entry.name ?? calledNumber}: ${entry.team ? `team ${entry.team} rings` : 'everyone rings'}${settings.length ? `; ${settings.join(', ')}` : ''}`;
}
