import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { emulatorCallsApi, httpTarget, loadScenario, parseScenario, simulateInProcess, type Scenario, type SimulationResult, type SimulationTarget } from '../../scripts/simulator';
import { startVoiceApiEmulator, type VoiceApiEmulator } from '../../scripts/voice-api-emulator';
import { ROOT, startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';

export const SCENARIOS = join(ROOT, 'scripts/scenarios');
export const FIXTURES = join(ROOT, 'test/fixtures/studio');

/** The in-process runtime reached only over loopback HTTP, as the CLI reaches `npm start`. */
export function httpTargetOf(runtime: LocalRuntime): SimulationTarget {
  const env = runtime.stack.functionEnv;
  return httpTarget({
    baseUrl: runtime.baseUrl,
    accountSid: runtime.stack.runtime.ACCOUNT_SID,
    authToken: env.AUTH_TOKEN,
    dashboardToken: env.DASHBOARD_TOKEN,
    syncUrl: runtime.stack.emulator.url,
    syncServiceSid: runtime.stack.runtime.SYNC_SERVICE_SID,
    voiceApiUrl: runtime.stack.voiceApi.url,
    config: { values: { ...env }, source: 'the in-process runtime', authoritative: true },
  });
}

/** A shipped scenario, played in-process with its own env. */
export async function playShipped(name: string): Promise<SimulationResult> {
  return simulateInProcess(loadScenario(join(SCENARIOS, name)), startLocalRuntime);
}

/** A scenario written in the test, relative paths resolving against the fixtures folder. */
export function scenario(data: unknown): Scenario {
  return parseScenario(data, '(test scenario)', FIXTURES);
}

export interface TwimlServer {
  url: string;
  requests: Array<{ path: string; query: URLSearchParams; form: URLSearchParams; signature: string | undefined; contentType: string | undefined }>;
  close(): Promise<void>;
}

/** A loopback server answering each path with fixed TwiML, for verbs the product never sends. */
export async function twimlServer(routes: Record<string, string | ((form: URLSearchParams) => string)>): Promise<TwimlServer> {
  const requests: TwimlServer['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { pathname: path, searchParams: query } = new URL(req.url ?? '/', 'http://x');
      requests.push({ path, query, form: new URLSearchParams(body), signature: req.headers['x-twilio-signature'] as string | undefined, contentType: req.headers['content-type'] });
      const route = routes[path];
      const twiml = typeof route === 'function' ? route(new URLSearchParams(body)) : route;
      res.writeHead(twiml === undefined ? 404 : 200, { 'Content-Type': 'text/xml' });
      res.end(twiml ?? 'not found');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((ok) => server.close(() => ok())) };
}

/** A target with no helpdesk system behind it: just TwiML from `server` and an empty Calls API. */
export async function bareTarget(baseUrl: string): Promise<SimulationTarget & { voiceApi: VoiceApiEmulator }> {
  const voiceApi = await startVoiceApiEmulator();
  return {
    voiceApi,
    baseUrl,
    accountSid: 'AC' + '0'.repeat(32),
    authToken: 'test-auth-token-0000',
    dashboardToken: 'test-dashboard-token',
    calls: emulatorCallsApi(voiceApi),
    callRecord: async () => undefined,
    agents: async () => [{ id: 'alice', name: 'Alice', phoneNumbers: ['+14155550101'] }],
    setIdleOrder: async () => {
      throw new Error('a bare target keeps no agents');
    },
    config: null,
  };
}
