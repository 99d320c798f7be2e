/**
 * Our own lint of a Studio flow definition, before Twilio ever sees it: the shape Studio documents,
 * transitions, reachability, widget types, the Functions the flow calls and its Liquid. Works on the
 * file as committed (with placeholders); Twilio's POST /v2/Flows/Validate remains the authority on
 * everything Studio checks beyond this.
 */
import type { FunctionPaths } from './function-paths';
import { checkLiquid } from './liquid-check';
import { DOMAIN, ENVIRONMENT_SID, SERVICE_SID, functionSidPlaceholder, placeholdersIn } from './placeholders';
import { isRecord } from './stable-json';
import { FLOW_KEYS, STATE_KEYS, TRANSITION_KEYS, WIDGETS, WIDGET_NAME } from './widget-catalogue';

export interface FlowProblem {
  /** The widget (state) it concerns; absent for the flow as a whole. */
  widget?: string;
  message: string;
}

export interface LintOptions {
  /** The project's Functions: URL path → visibility (see function-paths.ts). */
  functionPaths: FunctionPaths;
}

export function formatProblem(problem: FlowProblem): string {
  return problem.widget === undefined ? problem.message : `widget "${problem.widget}": ${problem.message}`;
}

interface State {
  name: string;
  type: string;
  transitions: unknown[];
  properties: Record<string, unknown>;
}

/** Every problem found, in a stable order (flow-level first, then per widget in file order). */
export function validateFlow(definition: unknown, options: LintOptions): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const flowProblem = (message: string): void => void problems.push({ message });

  if (!isRecord(definition)) {
    flowProblem('the flow definition must be a JSON object');
    return problems;
  }
  // states and initial_state have checks of their own below.
  checkKeys(definition, FLOW_KEYS, ['description', 'flags'], 'the flow', flowProblem);
  if (definition.description !== undefined && typeof definition.description !== 'string') {
    flowProblem('"description" must be a string');
  }
  if (definition.flags !== undefined && !isRecord(definition.flags)) flowProblem('"flags" must be an object');
  if (!Array.isArray(definition.states)) {
    flowProblem('"states" must be an array of widgets');
    return problems;
  }

  const states = readStates(definition.states, problems);
  const byName = new Map<string, State>();
  for (const state of states) {
    if (byName.has(state.name)) problems.push({ widget: state.name, message: 'the name is used by more than one widget' });
    else byName.set(state.name, state);
  }

  const trigger = checkTrigger(definition.initial_state, states, byName, flowProblem);
  for (const state of states) checkState(state, byName, options, problems);
  if (trigger) checkReachability(trigger, states, byName, problems);
  for (const token of placeholdersIn(definition).unknown) {
    flowProblem(`unknown placeholder ${token} (known: ${DOMAIN}, ${SERVICE_SID}, ${ENVIRONMENT_SID}, __FUNCTION_SID:/path__)`);
  }
  return problems;
}

function readStates(raw: unknown[], problems: FlowProblem[]): State[] {
  const states: State[] = [];
  raw.forEach((entry, index) => {
    const label = `states[${index}]`;
    if (!isRecord(entry)) {
      problems.push({ message: `${label} must be an object` });
      return;
    }
    const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : undefined;
    const report = (message: string): void => void problems.push(name ? { widget: name, message } : { message: `${label}: ${message}` });
    checkKeys(entry, STATE_KEYS, [], 'a widget', report);
    if (name === undefined) return report('"name" must be a non-empty string');
    if (!WIDGET_NAME.test(name)) report('the name may only hold letters, digits and underscores');
    if (typeof entry.type !== 'string') return report('"type" must be a string');
    if (!Array.isArray(entry.transitions)) return report('"transitions" must be an array');
    if (!isRecord(entry.properties)) return report('"properties" must be an object');
    states.push({ name, type: entry.type, transitions: entry.transitions, properties: entry.properties });
  });
  return states;
}

function checkTrigger(
  initialState: unknown,
  states: readonly State[],
  byName: ReadonlyMap<string, State>,
  flowProblem: (message: string) => void,
): State | undefined {
  const triggers = states.filter((state) => state.type === 'trigger');
  if (triggers.length === 0) flowProblem('the flow has no trigger widget');
  if (triggers.length > 1) flowProblem(`the flow has ${triggers.length} trigger widgets; Studio allows one`);
  if (typeof initialState !== 'string') {
    flowProblem('"initial_state" must name the trigger widget');
    return triggers[0];
  }
  const initial = byName.get(initialState);
  if (!initial) {
    flowProblem(`"initial_state" names "${initialState}", which is not a widget`);
    return triggers[0];
  }
  if (initial.type !== 'trigger') {
    flowProblem(`"initial_state" names "${initialState}", a ${initial.type} widget, not the trigger`);
    return triggers[0];
  }
  const incomingCall = initial.transitions.find((t) => isRecord(t) && t.event === 'incomingCall');
  if (!isRecord(incomingCall) || typeof incomingCall.next !== 'string' || incomingCall.next === '') {
    flowProblem(`the trigger "${initial.name}" has no incomingCall transition to a widget, so calls do nothing`);
  }
  return initial;
}

function checkState(state: State, byName: ReadonlyMap<string, State>, options: LintOptions, problems: FlowProblem[]): void {
  const report = (message: string): void => void problems.push({ widget: state.name, message });
  const spec = WIDGETS[state.type];
  if (!spec) report(`unknown widget type "${state.type}" (known: ${Object.keys(WIDGETS).join(', ')})`);

  const seen = new Set<string>();
  state.transitions.forEach((transition, index) => {
    const label = `transitions[${index}]`;
    if (!isRecord(transition)) return report(`${label} must be an object`);
    checkKeys(transition, TRANSITION_KEYS, ['event'], label, report);
    const { event, next } = transition;
    if (typeof event !== 'string') {
      if (event !== undefined) report(`${label}: "event" must be a string`);
      return;
    }
    if (spec && !spec.events.includes(event)) {
      report(`a ${state.type} widget has no event "${event}" (it has: ${spec.events.join(', ')})`);
    }
    if (seen.has(event) && !spec?.repeatable?.includes(event)) report(`the event "${event}" is listed twice`);
    seen.add(event);
    if (next !== undefined && typeof next !== 'string') report(`${label} ("${event}"): "next" must be a widget name`);
    if (typeof next === 'string' && next !== '' && !byName.has(next)) {
      report(`the "${event}" transition goes to "${next}", which is not a widget`);
    }
    if (typeof next === 'string' && byName.get(next)?.type === 'trigger') {
      report(`the "${event}" transition goes back to the trigger "${next}"`);
    }
    if (event === 'match' && (!Array.isArray(transition.conditions) || transition.conditions.length === 0)) {
      report(`${label} ("match") needs a non-empty "conditions" list`);
    }
    if (event !== 'match' && transition.conditions !== undefined) report(`${label} ("${event}"): only "match" has conditions`);
  });

  if (spec) {
    for (const requirement of spec.required) {
      const names = typeof requirement === 'string' ? [requirement] : requirement;
      if (!names.some((name) => isSet(state.properties[name]))) {
        report(`a ${state.type} widget needs ${names.map((n) => `properties.${n}`).join(' or ')}`);
      }
    }
  }

  if (state.type === 'run-function') checkRunFunction(state, options, report);
  const widgetNames = new Set(byName.keys());
  walkStrings({ properties: state.properties, transitions: state.transitions }, '', (text, path) => {
    for (const message of checkLiquid(text, widgetNames)) report(`${path}: ${message}`);
    const url = functionUrlPath(text);
    if (url !== undefined && !(state.type === 'run-function' && path === 'properties.url')) {
      const problem = functionProblem(url, options.functionPaths);
      if (problem) report(`${path}: ${problem}`);
    }
  });
  for (const path of placeholdersIn(state.properties).functionPaths) {
    if (!options.functionPaths.has(path)) report(`${functionSidPlaceholder(path)} names no Function in functions/`);
  }
}

/** A run-function calls one of our Functions: its URL, SIDs and placeholders must agree. */
function checkRunFunction(state: State, options: LintOptions, report: (message: string) => void): void {
  const { url, function_sid: functionSid, service_sid: serviceSid, environment_sid: environmentSid } = state.properties;
  if (serviceSid !== undefined && serviceSid !== SERVICE_SID) report(`properties.service_sid must be ${SERVICE_SID}`);
  if (environmentSid !== undefined && environmentSid !== ENVIRONMENT_SID) {
    report(`properties.environment_sid must be ${ENVIRONMENT_SID}`);
  }
  if (typeof url !== 'string') return;
  const path = functionUrlPath(url);
  if (path === undefined) {
    report(`properties.url must be https://${DOMAIN}/<Function path>, not ${JSON.stringify(url)}`);
    return;
  }
  const problem = functionProblem(path, options.functionPaths);
  if (problem) report(`properties.url: ${problem}`);
  if (functionSid !== undefined && functionSid !== functionSidPlaceholder(path)) {
    report(`properties.function_sid must be ${functionSidPlaceholder(path)}, the Function the url calls`);
  }
}

/** The Function path of `https://__DOMAIN__/path[?query]`, or undefined for any other string. */
function functionUrlPath(text: string): string | undefined {
  const match = new RegExp(`^https://${DOMAIN}(/[^?#\\s]*)(?:[?#]\\S*)?$`).exec(text);
  return match?.[1];
}

function functionProblem(path: string, functionPaths: FunctionPaths): string | undefined {
  const visibility = functionPaths.get(path);
  if (visibility === undefined) return `there is no Function ${path} in functions/`;
  if (visibility === 'private') {
    return `${path} is a private Function, which nothing outside the service can call; make it .protected`;
  }
  return undefined;
}

function checkKeys(
  value: Record<string, unknown>,
  known: readonly string[],
  required: readonly string[],
  what: string,
  report: (message: string) => void,
): void {
  for (const key of required) if (!(key in value)) report(`${what} has no "${key}"`);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) report(`${what} has an unknown key "${key}" (Studio's are ${known.join(', ')})`);
  }
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function walkStrings(value: unknown, path: string, visit: (text: string, path: string) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, index) => walkStrings(item, `${path}[${index}]`, visit));
  else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) walkStrings(item, path ? `${path}.${key}` : key, visit);
  }
}

function checkReachability(
  trigger: State,
  states: readonly State[],
  byName: ReadonlyMap<string, State>,
  problems: FlowProblem[],
): void {
  const reached = new Set<string>([trigger.name]);
  const queue = [trigger];
  for (let state = queue.shift(); state; state = queue.shift()) {
    for (const transition of state.transitions) {
      const next = isRecord(transition) ? transition.next : undefined;
      const target = typeof next === 'string' ? byName.get(next) : undefined;
      if (target && !reached.has(target.name)) {
        reached.add(target.name);
        queue.push(target);
      }
    }
  }
  for (const state of states) {
    if (!reached.has(state.name) && state.type !== 'trigger') {
      problems.push({ widget: state.name, message: `no transition from the trigger "${trigger.name}" reaches it` });
    }
  }
}
