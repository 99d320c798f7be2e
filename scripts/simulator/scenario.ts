import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MISSED_REASONS } from '../../src/calls/lifecycle-event';
import { ScenarioError } from './errors';
import { TICKET_STATE_IDS, type FakeZammadTicketState } from '../fake-zammad';

/**
 * The scenario file format (documented in README.md next to this file). Every field is checked
 * here, so a typo fails before any call is placed, with the path of the field.
 */

const E164 = /^\+[1-9]\d{6,14}$/;
const AGENT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

const seconds = z.number({ error: 'must be a number of seconds' }).min(0, 'must not be negative').max(14400, 'must be at most 14400 seconds (4 h)');
const e164 = z.string({ error: 'must be a phone number in E.164, e.g. "+14155550100" (quote it in YAML)' }).regex(E164, 'must be a phone number in E.164, e.g. "+14155550100"');
const digits = z.string().regex(/^[0-9*#]+$/, 'must be keys to press: 0-9, * and #');
const agentRef = z.string().refine((s) => AGENT_ID.test(s) || E164.test(s), 'must be an agent id or an E.164 number');

const pressEntry = z.union(
  [digits, z.null(), z.strictObject({ digits, after: seconds.optional() })],
  { error: 'must be keys ("1"), null (no key at that prompt) or { digits, after }' },
);

/** A string presses the same keys at every prompt; a list is used prompt by prompt, then nothing. */
const press = z.union([digits, z.array(pressEntry)], { error: 'must be keys ("1") or a list of them, one per prompt' });

/** How one phone behaves when rung: an agent's, or the customer's in click-to-call. */
const calleeBehaviour = z
  .strictObject({
    answerAfter: seconds.optional(),
    neverAnswer: z.literal(true).optional(),
    busy: z.literal(true).optional(),
    personalVoicemail: z.literal(true).optional(),
    press: press.optional(),
    pressAfter: seconds.optional(),
    talkSeconds: seconds.optional(),
    hangUpAfter: seconds.optional(),
  })
  .superRefine((b, ctx) => {
    const kinds = (['neverAnswer', 'busy', 'personalVoicemail'] as const).filter((k) => b[k]);
    if (kinds.length > 1) ctx.addIssue({ code: 'custom', path: [kinds[1]], message: `cannot be combined with ${kinds[0]}` });
    if ((b.neverAnswer || b.busy) && b.answerAfter !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['answerAfter'], message: `makes no sense with ${b.neverAnswer ? 'neverAnswer' : 'busy'}` });
    }
    if (b.personalVoicemail && b.press !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['press'], message: 'a personal voicemail never presses a key' });
    }
  });

const leaveVoicemail = z.strictObject({
  seconds: z.number({ error: 'must be how many seconds the caller speaks' }).min(0).max(14400),
  transcript: z.string().optional(),
  /** How the message ends: silence (Record's timeout), a key (finishOnKey), or hanging up. */
  end: z.enum(['silence', 'key', 'hangup']).default('silence'),
});

const caller = z.strictObject({
  press: press.optional(),
  pressAfter: seconds.optional(),
  hangUpAfter: seconds.optional(),
  talkSeconds: seconds.optional(),
  queueWait: seconds.optional(),
  leaveVoicemail: leaveVoicemail.optional(),
});

const STATUS_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

const studio = z.strictObject({
  flow: z.string().min(1, 'must name a flow JSON file'),
  /** Studio's REST execution Parameters: {{flow.data.*}}. */
  flowParameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** Replaced as plain text in the flow file before it is parsed (deploy-time placeholders). */
  placeholders: z.record(z.string(), z.string()).default({}),
});

const inboundCall = z
  .strictObject({
    from: e164,
    to: e164,
    /** The number's Voice URL (Twilio; default /voice/incoming) or callback URL (Africa's Talking; default /africastalking/voice). */
    voiceUrl: z.string().min(1).optional(),
    voiceMethod: z.enum(['POST', 'GET']).default('POST'),
    /** The number's "call status changes" URL; default /voice/status, or none for a Studio number. */
    statusCallback: z.string().min(1).nullable().optional(),
    statusCallbackEvents: z.array(z.enum(STATUS_EVENTS)).default(['completed']),
    studio: studio.optional(),
  });

const clickToCall = z.strictObject({
  agent: z.string().regex(AGENT_ID, 'must be an agent id'),
  /** The customer's number (with `ticket`: the requester's, which the system reads from the ticket). */
  to: e164,
  /** A Freshdesk ticket to call from, as the Freshdesk app's Call button does (POST /freshdesk/click-to-call). */
  ticket: z.number().int().positive().optional(),
  /** The dashboard endpoint that places the call (without `ticket`). */
  path: z.string().default('/calls/outbound'),
});

/** A call an agent places from the browser softphone (Twilio: the Voice SDK's connect, then the TwiML App's Voice URL). */
const browserCall = z.strictObject({
  agent: z.string().regex(AGENT_ID, 'must be an agent id'),
  /** The number the agent dials. */
  to: z.string().min(1),
  /** The Freshdesk ticket the softphone calls from (the `ticketId` it passes). */
  ticket: z.number().int().positive().optional(),
  /** The TwiML App's Voice URL. */
  voiceUrl: z.string().default('/voice/softphone-outbound'),
  /** Once the customer is connected, the agent talks this long, then hangs up. */
  talkSeconds: z.number().nonnegative().default(60),
});

const httpStub = z.strictObject({
  url: z.url({ error: 'must be an absolute URL' }),
  method: z.enum(['GET', 'POST']).default('POST'),
  status: z.number().int().min(100).max(599).default(200),
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).default(''),
  contentType: z.string().optional(),
});

const expectations = z.strictObject({
  rang: z.array(z.array(agentRef)).optional(),
  pickedUp: z.array(agentRef).optional(),
  winner: agentRef.nullable().optional(),
  voicemail: z.union([z.boolean(), z.strictObject({ transcript: z.string().optional() })]).optional(),
  events: z.array(z.enum(['started', 'answered', 'ended', 'voicemail', 'transcription'])).optional(),
  missedReason: z.enum(MISSED_REASONS).nullable().optional(),
  callStatus: z.enum(['completed', 'busy', 'no-answer', 'canceled', 'failed']).optional(),
  studioPath: z.array(z.string()).optional(),
});

const timing = z.strictObject({
  /** How fast <Say> text is spoken: its length in virtual time. */
  sayWordsPerSecond: z.number().positive().default(2.5),
  /** Virtual length of one <Play> of an audio file (the simulator never downloads it). */
  playSeconds: seconds.default(5),
  /** When Twilio's recording and transcription callbacks arrive after the recording ends. */
  recordingCallbackDelay: seconds.default(1),
  transcriptionDelay: seconds.default(10),
});

/** A Zammad the in-process system talks to (scripts/fake-zammad): its users and their tickets. */
const zammadUser = z.strictObject({
  id: z.number().int().min(2, 'must be 2 or more (1 is Zammad\'s system user)'),
  name: z.string().min(1),
  phone: z.string().optional(),
  mobile: z.string().optional(),
  /** An agent (cti.agent, Phone switch on): rung as zammad-<id>. Otherwise a customer. */
  agent: z.boolean().default(false),
});
const zammadTicket = z.strictObject({
  id: z.number().int().positive(),
  customer: z.number().int().positive(),
  /** 1: unassigned. */
  owner: z.number().int().positive(),
  state: z.enum(Object.keys(TICKET_STATE_IDS) as [FakeZammadTicketState, ...FakeZammadTicketState[]]).default('open'),
  updatedAt: z.string().optional(),
});
const zammad = z.strictObject({ users: z.array(zammadUser).min(1), tickets: z.array(zammadTicket).default([]) });

/** A Freshdesk the in-process system talks to (scripts/fake-freshdesk): agents, contacts and their tickets. */
const freshdesk = z.strictObject({
  /** Rung as freshdesk-<id> when Zammad is not configured. */
  agents: z.array(z.strictObject({ id: z.number().int().positive(), name: z.string().min(1), email: z.email(), phone: z.string().optional(), available: z.boolean().default(true) })).default([]),
  contacts: z.array(z.strictObject({ id: z.number().int().positive(), name: z.string().min(1), phone: z.string().optional(), mobile: z.string().optional() })).default([]),
  tickets: z
    .array(z.strictObject({ id: z.number().int().positive(), requester: z.number().int().positive(), subject: z.string().optional(), status: z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).default(2) }))
    .default([]),
});

const envValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const scenarioSchema = z
  .strictObject({
    name: z.string().optional(),
    description: z.string().optional(),
    /** The Africa's Talking interpreter is another carrier behind the same interface. */
    carrier: z.enum(['twilio', 'africastalking']).default('twilio'),
    env: z
      .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name (A-Z, 0-9, _)'), envValue)
      .default({}),
    call: inboundCall.optional(),
    clickToCall: clickToCall.optional(),
    browserCall: browserCall.optional(),
    caller: caller.default({}),
    customer: calleeBehaviour.default({ answerAfter: 3 }),
    agents: z.record(agentRef, calleeBehaviour).default({}),
    /**
     * Who has waited longest for a call, first: set on the system before the call, so the ring
     * order the scenario expects holds however many calls came before it.
     */
    idleOrder: z.array(agentRef).optional(),
    /**
     * Agents signed in to the browser softphone for the call (a heartbeat from their softphone
     * link before it, signed out after): with SOFTPHONE_RING browser or both, Twilio rings them as <Client>.
     */
    signedIn: z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be an agent id')).optional(),
    defaultAgent: calleeBehaviour.default({ neverAnswer: true }),
    timing: timing.default({ sayWordsPerSecond: 2.5, playSeconds: 5, recordingCallbackDelay: 1, transcriptionDelay: 10 }),
    httpStubs: z.array(httpStub).default([]),
    zammad: zammad.optional(),
    freshdesk: freshdesk.optional(),
    expect: expectations.optional(),
  })
  .superRefine((s, ctx) => {
    if ([s.call, s.clickToCall, s.browserCall].filter(Boolean).length !== 1) {
      ctx.addIssue({ code: 'custom', path: s.call ? ['clickToCall'] : ['call'], message: 'a scenario has exactly one of call (an inbound call), clickToCall or browserCall' });
    }
    if (s.browserCall && s.carrier !== 'twilio') {
      ctx.addIssue({ code: 'custom', path: ['browserCall'], message: 'a browser call is simulated on Twilio only' });
    }
    if (s.carrier === 'africastalking' && s.call) {
      if (s.call.studio) ctx.addIssue({ code: 'custom', path: ['call', 'studio'], message: 'a Studio flow runs on Twilio only, not with carrier africastalking' });
      if (s.call.statusCallback !== undefined) ctx.addIssue({ code: 'custom', path: ['call', 'statusCallback'], message: "Africa's Talking has no status callback: its final notice goes to the callback URL (voiceUrl)" });
      if (s.call.voiceMethod !== 'POST') ctx.addIssue({ code: 'custom', path: ['call', 'voiceMethod'], message: "Africa's Talking always POSTs its voice callbacks" });
    }
  });

export type ScenarioData = z.infer<typeof scenarioSchema>;
export type CalleeBehaviour = z.infer<typeof calleeBehaviour>;
export type CallerBehaviour = z.infer<typeof caller>;
export type PressPlan = z.infer<typeof press>;
export type HttpStub = z.infer<typeof httpStub>;
export type Expectations = z.infer<typeof expectations>;
export type Timing = z.infer<typeof timing>;
export type ScenarioZammad = z.infer<typeof zammad>;
export type ScenarioFreshdesk = z.infer<typeof freshdesk>;

export interface Scenario extends ScenarioData {
  /** Where the scenario came from (a file path, or a label for scenarios built in code). */
  source: string;
  /** Relative paths in the scenario (flow, AGENTS_FILE) resolve against this folder. */
  baseDir: string;
}

/** Validates scenario data; errors name the file and each bad field's path. */
export function parseScenario(data: unknown, source = '(scenario)', baseDir = process.cwd()): Scenario {
  const result = scenarioSchema.safeParse(data);
  if (!result.success) {
    throw new ScenarioError(
      source,
      result.error.issues.flatMap((issue) => {
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: 'is not a scenario field (see scripts/simulator/README.md)' }));
        }
        return [{ path: pathOf(issue.path), message: issue.message }];
      }),
    );
  }
  return { ...result.data, source, baseDir };
}

/** Reads a scenario file: `.json`, or YAML (`.yaml`, `.yml`). */
export function loadScenario(file: string): Scenario {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(file, [{ path: '', message: `cannot be read: ${(error as Error).message}` }]);
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ScenarioError(file, [{ path: '', message: `is not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(error as Error).message}` }]);
  }
  return parseScenario(data, file, dirname(path));
}

/**
 * The variables the system must run with for this scenario, as given to startLocalRuntime.
 * A relative AGENTS_FILE is relative to the scenario file.
 */
export function scenarioEnv(scenario: Scenario): Record<string, string> {
  const env = { ...scenario.env };
  if (env.AGENTS_FILE && !isAbsolute(env.AGENTS_FILE) && /^\.\.?[\\/]/.test(env.AGENTS_FILE)) {
    env.AGENTS_FILE = resolve(scenario.baseDir, env.AGENTS_FILE);
  }
  return env;
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
