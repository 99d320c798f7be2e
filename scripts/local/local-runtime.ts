import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalDevelopmentServer } from '@twilio/runtime-handler/dev';
import { fsHelpers } from '@twilio-labs/serverless-api';
import type { Agent } from '../../src/agents';
import type { CallRecord } from '../../src/calls/call-record';
import type { CallItem } from '../../src/calls/call-store';
import { signatureFor } from '../../src/carriers/twilio/signature';
import { createTwilioClient, SyncItemMap } from '../../src/store';
import type { Env } from '../../src/config';
import { startLocalStack, type LocalStack, type LocalStackOptions } from './local-stack';

export const ROOT = resolve(__dirname, '../..');

export interface LocalRuntime {
  baseUrl: string;
  stack: LocalStack;
  dataDir: string;
  /** A form POST as Twilio sends it, signed with the configured auth token unless `signature` says otherwise. */
  twilioPost(path: string, params: Record<string, string>, options?: { signature?: string | null }): Promise<Response>;
  dashboard(path: string, init?: { method?: string; form?: Record<string, string>; token?: string | null }): Promise<Response>;
  /** The shared agent map, read straight from the store. */
  agents(): Promise<Map<string, Agent>>;
  callRecord(callId: string): Promise<CallRecord | undefined>;
  /** The names of every Sync map in the store, to prove a request created none. */
  syncMaps(): Promise<string[]>;
  close(): Promise<void>;
}

export interface LocalRuntimeOptions {
  env?: Env;
  /** Reuse a data folder (to prove state survives a restart); a fresh temporary one otherwise. */
  dataDir?: string;
  via?: LocalStackOptions['via'];
}

/**
 * The whole local system in-process (tests and the simulator's --in-process mode): Sync emulator, seeded agents, and twilio-run's own
 * runtime (LocalDevelopmentServer) serving the built dist/ on loopback.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'helpdesk-voice-')));
  const stack = await startLocalStack({
    root: ROOT,
    env: { DATA_DIR: dataDir, SYNC_EMULATOR_PORT: '0', VOICE_API_EMULATOR_PORT: '0', SYNC_EMULATOR_RATE_LIMIT: 'off', ...options.env },
    dotenvPath: null,
    via: options.via,
  });
  const port = await freePort();
  const routes = await fsHelpers.getListOfFunctionsAndAssets(ROOT, {
    functionsFolderNames: ['dist/functions'],
    assetsFolderNames: ['dist/assets'],
  });
  const server = new LocalDevelopmentServer(port, {
    baseDir: ROOT,
    env: stack.functionEnv,
    port,
    url: `http://localhost:${port}`,
    detailedLogs: false,
    live: false,
    logs: false,
    legacyMode: false,
    appName: 'helpdesk-voice',
    forkProcess: false,
    routes,
    enableDebugLogs: false,
  });
  const http: Server = await new Promise((ok) => {
    const s = server.getApp().listen(port, '127.0.0.1', () => ok(s));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const authToken = stack.functionEnv.AUTH_TOKEN;
  const client = createTwilioClient({ accountSid: stack.runtime.ACCOUNT_SID, authToken, syncApiUrl: stack.emulator.url });
  const syncMap = <T>(name: string) => new SyncItemMap<T>(client, stack.runtime.SYNC_SERVICE_SID, name);
  const dashboardToken = stack.functionEnv.DASHBOARD_TOKEN;

  return {
    baseUrl,
    stack,
    dataDir,
    twilioPost(path, params, { signature } = {}) {
      const url = baseUrl + path;
      const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const header = signature === undefined ? signatureFor(authToken, url, params) : signature;
      if (header !== null) headers['X-Twilio-Signature'] = header;
      return fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
    },
    dashboard(path, { method = 'GET', form, token = dashboardToken } = {}) {
      const headers: Record<string, string> = {};
      if (token !== null) headers.Authorization = `Bearer ${token}`;
      if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      return fetch(baseUrl + path, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined });
    },
    async agents() {
      const items = await syncMap<Agent>(stack.runtime.SYNC_AGENT_MAP).list();
      return new Map(items.map((item) => [item.key, item.data]));
    },
    async callRecord(callId) {
      return (await syncMap<CallItem>(`call-${callId}`).get('record'))?.data as CallRecord | undefined;
    },
    async syncMaps() {
      return (await client.sync.v1.services(stack.runtime.SYNC_SERVICE_SID).syncMaps.list()).map((map) => map.uniqueName);
    },
    async close() {
      await new Promise<void>((ok) => http.close(() => ok()));
      await stack.close();
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => ok(port));
    });
  });
}
