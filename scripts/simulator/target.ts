import type { Agent } from '../../src/agents';
import type { CallRecord } from '../../src/calls/call-record';
import type { VoiceApiEmulator } from '../voice-api-emulator';
import { emulatorCallsApi, httpCallsApi, type CallsApi } from './calls-api';
import type { AtVoiceApiView } from './at-voice-api';
import { SimulationError } from './errors';
import { setIdleOrder } from './idle-order';

export interface DirectoryAgent {
  id: string;
  name: string;
  phoneNumbers: string[];
  /** Africa's Talking browser client name, dialled as `<AT_USERNAME>.<atClientName>`. */
  atClientName?: string | null;
}

/** The configuration the system under test runs with, as far as the simulator can know it. */
export interface KnownConfig {
  values: Record<string, string>;
  /** Where the values were read, for messages. */
  source: string;
  /** False when they are only what the system would read if it were started now. */
  authoritative: boolean;
}

/** The system a call is played against: the Functions, and the emulated Twilio around them. */
export interface SimulationTarget {
  /** Where the Functions answer, e.g. http://127.0.0.1:3000; relative voice URLs resolve against it. */
  baseUrl: string;
  accountSid: string;
  /** Signs every webhook (X-Twilio-Signature), as Twilio does with the account's auth token. */
  authToken: string;
  /** For the dashboard endpoints a scenario uses (click-to-call). */
  dashboardToken: string;
  calls: CallsApi;
  /** The call's stored record (state and outbox), read from the Sync store. */
  callRecord(callSid: string): Promise<CallRecord | undefined>;
  agents(): Promise<DirectoryAgent[]>;
  /** Makes these agents the longest idle, in this order (a scenario's idleOrder). */
  setIdleOrder(agentIds: readonly string[]): Promise<void>;
  config: KnownConfig | null;
  /** Africa's Talking's Voice API as the system reaches it (AT_API_URL): where AT click-to-call appears. */
  atVoiceApi?: AtVoiceApiView;
}

/** What the simulator needs of an in-process system; scripts/local/local-runtime's LocalRuntime has it. */
export interface InProcessRuntime {
  baseUrl: string;
  stack: {
    runtime: { ACCOUNT_SID: string; SYNC_SERVICE_SID: string; SYNC_AGENT_MAP: string; SYNC_API_URL?: string };
    functionEnv: Record<string, string>;
    voiceApi: VoiceApiEmulator;
  };
  agents(): Promise<Map<string, Agent>>;
  callRecord(callId: string): Promise<CallRecord | undefined>;
}

export function inProcessTarget(runtime: InProcessRuntime, options: { atVoiceApi?: AtVoiceApiView } = {}): SimulationTarget {
  const env = runtime.stack.functionEnv;
  return {
    baseUrl: runtime.baseUrl,
    accountSid: runtime.stack.runtime.ACCOUNT_SID,
    authToken: env.AUTH_TOKEN,
    dashboardToken: env.DASHBOARD_TOKEN,
    calls: emulatorCallsApi(runtime.stack.voiceApi),
    callRecord: (sid) => runtime.callRecord(sid),
    agents: async () => [...(await runtime.agents()).values()].map(({ id, name, phoneNumbers, atClientName }) => ({ id, name, phoneNumbers, atClientName })),
    setIdleOrder: (ids) => {
      const { ACCOUNT_SID, SYNC_SERVICE_SID, SYNC_AGENT_MAP, SYNC_API_URL } = runtime.stack.runtime;
      const store = { syncUrl: SYNC_API_URL ?? env.SYNC_API_URL, serviceSid: SYNC_SERVICE_SID, mapName: SYNC_AGENT_MAP, accountSid: ACCOUNT_SID, authToken: env.AUTH_TOKEN };
      return setIdleOrder(store, ids);
    },
    config: { values: { ...env }, source: 'the in-process runtime', authoritative: true },
    atVoiceApi: options.atVoiceApi,
  };
}

export interface HttpTargetOptions {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  dashboardToken: string;
  syncUrl: string;
  syncServiceSid: string;
  voiceApiUrl: string;
  config: KnownConfig | null;
}

/** A system started separately (`npm start`), reached only over loopback HTTP. */
export function httpTarget(options: HttpTargetOptions): SimulationTarget {
  const basic = 'Basic ' + Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64');
  return {
    baseUrl: options.baseUrl,
    accountSid: options.accountSid,
    authToken: options.authToken,
    dashboardToken: options.dashboardToken,
    calls: httpCallsApi({ url: options.voiceApiUrl, accountSid: options.accountSid, authToken: options.authToken }),
    async callRecord(sid) {
      const url = `${options.syncUrl}/v1/Services/${options.syncServiceSid}/Maps/call-${sid}/Items/record`;
      const res = await reach(url, { headers: { Authorization: basic } }, 'the Sync emulator', 'SYNC_EMULATOR_PORT');
      if (res.status === 404) return undefined;
      if (!res.ok) throw new SimulationError(`the Sync emulator answered ${res.status} for ${url}: ${await res.text()}`);
      return ((await res.json()) as { data: CallRecord }).data;
    },
    async agents() {
      const res = await reach(`${options.baseUrl}/agents/state`, { headers: { Authorization: `Bearer ${options.dashboardToken}` } }, 'the Functions server', 'PORT');
      if (!res.ok) throw new SimulationError(`GET ${options.baseUrl}/agents/state answered ${res.status} (is DASHBOARD_TOKEN the server's?): ${await res.text()}`);
      const body = (await res.json()) as { agents: DirectoryAgent[] };
      return body.agents.map(({ id, name, phoneNumbers, atClientName }) => ({ id, name, phoneNumbers, atClientName }));
    },
    setIdleOrder: (ids) =>
      setIdleOrder(
        { syncUrl: options.syncUrl, serviceSid: options.syncServiceSid, mapName: options.config?.values.SYNC_AGENT_MAP || 'agents', accountSid: options.accountSid, authToken: options.authToken },
        ids,
      ),
    config: options.config,
  };
}

async function reach(url: string, init: RequestInit, what: string, variable: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new SimulationError(`${what} does not answer on ${new URL(url).origin} (${(error as Error).message}): is npm start running? (${variable} picks the port)`);
  }
}
