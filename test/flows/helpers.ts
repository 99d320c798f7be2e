/**
 * Shared set-up for the flow tooling tests: the Studio API emulator with a deployed Functions service,
 * the official twilio client pointed at it, throw-away project folders, and CLI contexts that capture output.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import type { CliContext } from '../../scripts/flows/cli';
import type { Env } from '../../scripts/flows/credentials';
import {
  startStudioApiEmulator,
  type DeployedFunctionInput,
  type EmulatedEnvironment,
  type EmulatedService,
  type StudioApiEmulator,
} from '../../scripts/studio-api-emulator';
import { ACCOUNT_SID, AUTH_TOKEN } from '../support/emulator-http';

export { ACCOUNT_SID, AUTH_TOKEN };

export const FIXTURES = join(__dirname, '../fixtures/flows');
export const fixtureText = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
export const fixtureJson = (name: string): Record<string, unknown> => JSON.parse(fixtureText(name)) as Record<string, unknown>;

/** The Functions the fixture flow calls, plus a private one and a public one it does not. */
export const FIXTURE_FUNCTIONS: readonly DeployedFunctionInput[] = [
  { path: '/studio/agents', visibility: 'protected' },
  { path: '/studio/events', visibility: 'protected' },
  { path: '/voice/recording', visibility: 'protected' },
  { path: '/voice/transcription', visibility: 'protected' },
  { path: '/agents/state', visibility: 'public' },
  { path: '/lib/secret', visibility: 'private' },
];

/** Source files under functions/ that give FIXTURE_FUNCTIONS their paths. */
export const FIXTURE_FUNCTION_FILES = [
  'studio/agents.protected.ts',
  'studio/events.protected.ts',
  'voice/recording.protected.ts',
  'voice/transcription.protected.ts',
  'agents/state.ts',
  'lib/secret.private.ts',
];

const ORIGINS = ['https://studio.twilio.com', 'https://serverless.twilio.com', 'https://api.twilio.com'];

/** Sends the three origins the flow tools use to the emulator; anything else goes where it was going. */
export class LoopbackRequestClient extends twilio.RequestClient {
  constructor(private readonly target: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const origin = ORIGINS.find((o) => opts.uri.startsWith(o));
    const uri = origin ? this.target + opts.uri.slice(origin.length) : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

export function officialClient(fake: StudioApiEmulator, accountSid = ACCOUNT_SID, authToken = AUTH_TOKEN): twilio.Twilio {
  return twilio(accountSid, authToken, { httpClient: new LoopbackRequestClient(fake.url) });
}

export interface FakeTwilio {
  fake: StudioApiEmulator;
  client: twilio.Twilio;
  service: EmulatedService;
  dev: EmulatedEnvironment;
  /** Function path → SID in the dev build. */
  functionSids: Record<string, string>;
}

/** The emulator with what `npm run deploy` leaves behind: service helpdesk-voice, environment dev, the fixture Functions. */
export async function startFakeTwilio(): Promise<FakeTwilio> {
  const fake = await startStudioApiEmulator({ credentials: { username: ACCOUNT_SID, password: AUTH_TOKEN } });
  const service = fake.addService({ uniqueName: 'helpdesk-voice' });
  const dev = fake.addEnvironment(service.sid, { domainSuffix: 'dev' });
  const build = fake.deployBuild(service.sid, dev.sid, FIXTURE_FUNCTIONS);
  const functionSids = Object.fromEntries(Object.entries(build.functions).map(([path, fn]) => [path, fn.functionSid]));
  return { fake, client: officialClient(fake), service, dev: fake.environment(dev.sid) ?? dev, functionSids };
}

const projects: string[] = [];

export interface ProjectOptions {
  /** name → file text under studio-flows/. */
  flows?: Record<string, string>;
  /** Files created (empty) under functions/. Default FIXTURE_FUNCTION_FILES. */
  functions?: readonly string[];
  /** The service SID written to .twiliodeployinfo as twilio-run does. */
  serviceSid?: string;
  dotenv?: string;
}

/** A throw-away project folder; removed by removeProjects(). */
export function makeProject(options: ProjectOptions = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'flows-test-'));
  projects.push(root);
  for (const [name, text] of Object.entries(options.flows ?? {})) write(join(root, 'studio-flows', `${name}.json`), text);
  for (const file of options.functions ?? FIXTURE_FUNCTION_FILES) write(join(root, 'functions', file), 'export {};\n');
  if (options.serviceSid) {
    const info = { [`${ACCOUNT_SID}:us1`]: { serviceSid: options.serviceSid, latestBuild: `ZB${'0'.repeat(32)}` } };
    write(join(root, '.twiliodeployinfo'), JSON.stringify(info, null, '\t'));
  }
  if (options.dotenv !== undefined) write(join(root, '.env'), options.dotenv);
  return root;
}

export function removeProjects(): void {
  for (const root of projects.splice(0)) rmSync(root, { recursive: true, force: true });
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export interface CapturedCli {
  ctx: CliContext;
  out: string[];
  err: string[];
  /** Credentials createClient was called with, one entry per call. */
  clients: Array<{ accountSid: string; authToken: string }>;
}

/** A CLI context for `root` whose Twilio client is the emulator's and whose output is captured. */
export function cliContext(root: string, fake: StudioApiEmulator, env: Env): CapturedCli {
  const captured: CapturedCli = { out: [], err: [], clients: [], ctx: undefined as unknown as CliContext };
  captured.ctx = {
    root,
    cwd: root,
    env,
    io: { out: (line) => captured.out.push(line), err: (line) => captured.err.push(line) },
    createClient: (credentials) => {
      captured.clients.push(credentials);
      return officialClient(fake, credentials.accountSid, credentials.authToken);
    },
  };
  return captured;
}

export const REAL_ENV: Env = { ACCOUNT_SID, AUTH_TOKEN };

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
