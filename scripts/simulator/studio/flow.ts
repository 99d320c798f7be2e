import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DOMAIN } from '../../flows/placeholders';
import { FlowError } from '../errors';

/** The repository root: `studio-flows/…` paths in scenarios are relative to it. */
const ROOT = resolve(__dirname, '../../..');

/**
 * Flow files hold deploy-time placeholders (scripts/flows/placeholders.ts). The Functions domain
 * becomes a *.twil.io name, which the simulator serves from the system under test; the SIDs
 * only name things Studio would look up, so any value does.
 */
const DEFAULT_PLACEHOLDERS: Readonly<Record<string, string>> = { [DOMAIN]: 'helpdesk-voice-simulated.twil.io' };

const condition = z.looseObject({
  friendly_name: z.string().optional(),
  arguments: z.array(z.string()).optional(),
  type: z.string({ error: 'is required (the kind of comparison)' }),
  value: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
});

const transition = z.looseObject({
  event: z.string({ error: 'is required' }),
  next: z.string().optional(),
  conditions: z.array(condition).optional(),
});

const state = z.looseObject({
  name: z.string({ error: 'is required' }).min(1, 'must not be empty'),
  type: z.string({ error: 'is required' }).min(1, 'must not be empty'),
  transitions: z.array(transition).default([]),
  properties: z.record(z.string(), z.unknown()).default({}),
});

/** Studio's flow definition (research 6.1): `states` with `transitions`, starting at `initial_state`. */
const definition = z.looseObject({
  description: z.string().optional(),
  states: z.array(state).min(1, 'must hold at least the trigger'),
  initial_state: z.string({ error: 'is required (Studio exports say "Trigger")' }),
  flags: z.looseObject({ allow_concurrent_calls: z.boolean().optional() }).optional(),
});

export type FlowCondition = z.infer<typeof condition>;
export type FlowTransition = z.infer<typeof transition>;
export type FlowWidget = z.infer<typeof state>;
export type FlowDefinition = z.infer<typeof definition> & { source: string };

/**
 * The widget types the executor runs, and what each must have. Types are checked for every
 * widget an incoming call can reach; widgets only other triggers reach (messages, REST) are
 * never played and so not checked.
 */
export const WIDGET_TYPES: Readonly<Record<string, { required: ReadonlyArray<string | readonly string[]>; events: readonly string[] }>> = {
  trigger: { required: [], events: ['incomingCall', 'incomingMessage', 'incomingConversationMessage', 'incomingRequest', 'incomingParent'] },
  'split-based-on': { required: ['input'], events: ['match', 'noMatch'] },
  'set-variables': { required: ['variables'], events: ['next'] },
  'say-play': { required: [['say', 'play', 'digits']], events: ['audioComplete'] },
  'gather-input-on-call': { required: [], events: ['keypress', 'speech', 'timeout'] },
  'run-function': { required: ['url'], events: ['success', 'fail'] },
  'make-http-request': { required: ['url', 'method'], events: ['success', 'failed'] },
  'enqueue-call': { required: ['queue_name'], events: ['callComplete', 'failedToEnqueue', 'callFailure'] },
  'connect-call-to': { required: ['noun', 'to'], events: ['callCompleted', 'hangup'] },
  'record-voicemail': { required: [], events: ['recordingComplete', 'noAudio', 'hangup'] },
  'add-twiml-redirect': { required: ['url'], events: ['return', 'timeout', 'fail'] },
};

/** Finds a flow file: relative to the scenario, else to the repository (studio-flows/…). */
export function loadFlow(path: string, from: { baseDir: string; source: string; placeholders?: Record<string, string> }): FlowDefinition {
  const candidates = [resolve(from.baseDir, path), resolve(ROOT, path)];
  const file = candidates.find((c) => existsSync(c));
  if (!file) throw new FlowError(`${from.source}: the flow ${path} is not at ${candidates.join(' nor ')}`);
  let text = readFileSync(file, 'utf8');
  for (const [key, value] of Object.entries({ ...DEFAULT_PLACEHOLDERS, ...from.placeholders })) text = text.split(key).join(value);
  return parseFlow(text, file);
}

export function parseFlow(text: string, source: string): FlowDefinition {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FlowError(`${source}: not valid JSON: ${(error as Error).message}`);
  }
  const result = definition.safeParse(data);
  if (!result.success) {
    const named = (path: ReadonlyArray<PropertyKey>) => {
      const index = path[0] === 'states' && typeof path[1] === 'number' ? path[1] : undefined;
      const widget = index !== undefined ? (data as { states?: Array<{ name?: unknown }> }).states?.[index]?.name : undefined;
      return `${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '')}${typeof widget === 'string' ? ` (widget "${widget}")` : ''}`;
    };
    throw new FlowError(`${source}: not a Studio flow definition:\n${result.error.issues.map((i) => `  ${named(i.path)}: ${i.message}`).join('\n')}`);
  }
  const flow: FlowDefinition = { ...result.data, source };
  checkStructure(flow);
  return flow;
}

function checkStructure(flow: FlowDefinition): void {
  const byName = new Map<string, FlowWidget>();
  for (const widget of flow.states) {
    if (byName.has(widget.name)) throw new FlowError(`${flow.source}: two widgets are named "${widget.name}"; Studio widget names are unique`);
    byName.set(widget.name, widget);
  }
  const trigger = byName.get(flow.initial_state);
  if (!trigger) throw new FlowError(`${flow.source}: initial_state "${flow.initial_state}" is not a widget of this flow`);
  if (trigger.type !== 'trigger') throw new FlowError(`${flow.source}: the initial state "${trigger.name}" is a ${trigger.type}, not a trigger`);
  for (const widget of flow.states) {
    for (const t of widget.transitions) {
      if (t.next !== undefined && t.next !== '' && !byName.has(t.next)) {
        throw new FlowError(`${flow.source}: widget "${widget.name}": its "${t.event}" transition goes to "${t.next}", which is not a widget of this flow`);
      }
    }
  }
  for (const widget of reachableFromCall(flow, byName)) {
    const spec = WIDGET_TYPES[widget.type];
    if (!spec) {
      throw new FlowError(`${flow.source}: widget "${widget.name}" has type "${widget.type}", which the simulator does not run (it runs ${Object.keys(WIDGET_TYPES).join(', ')})`);
    }
    if (widget.type === 'enqueue-call' && widget.properties.workflow_sid) {
      throw new FlowError(`${flow.source}: widget "${widget.name}" enqueues into a TaskRouter workflow, which the simulator does not run (only queue_name)`);
    }
    for (const need of spec.required) {
      const names = typeof need === 'string' ? [need] : need;
      if (!names.some((n) => widget.properties[n] !== undefined && widget.properties[n] !== '')) {
        throw new FlowError(`${flow.source}: widget "${widget.name}" (${widget.type}) is missing the property ${names.join(' or ')}`);
      }
    }
    for (const t of widget.transitions) {
      if (!spec.events.includes(t.event)) {
        throw new FlowError(`${flow.source}: widget "${widget.name}" (${widget.type}) has a transition on "${t.event}", which a ${widget.type} never fires (it fires ${spec.events.join(', ')})`);
      }
    }
  }
  if (!trigger.transitions.some((t) => t.event === 'incomingCall' && t.next)) {
    throw new FlowError(`${flow.source}: the trigger "${trigger.name}" has no incomingCall transition, so a call does nothing`);
  }
}

/** The widgets an incoming call can reach (following every transition, whatever its condition). */
function reachableFromCall(flow: FlowDefinition, byName: Map<string, FlowWidget>): FlowWidget[] {
  const trigger = byName.get(flow.initial_state)!;
  const seen = new Set<string>([trigger.name]);
  const queue = trigger.transitions.filter((t) => t.event === 'incomingCall' && t.next).map((t) => t.next!);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const t of byName.get(name)?.transitions ?? []) if (t.next) queue.push(t.next);
  }
  return [...seen].map((n) => byName.get(n)!);
}
