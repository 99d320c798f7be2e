import { UnsupportedAtXmlError, WebhookError } from './errors';
import { describe, parseXmlRoots, type TwimlElement } from './twiml';

/**
 * Africa's Talking dial plans (research §2): a `<Response>` of actions played in order. What the
 * simulator plays, per action; `played` attributes are simulated, `inert` ones change nothing a
 * simulated party notices (the voice, the ring-back tone). Anything else fails, naming it.
 */
export type AtAction = TwimlElement;

export interface AtDocument {
  url: string;
  actions: AtAction[];
}

interface Support {
  played: readonly string[];
  inert?: readonly string[];
  values?: Readonly<Record<string, readonly string[]>>;
  children?: readonly string[];
  /** At most this many nested elements (GetDigits and Record take one prompt). */
  maxChildren?: number;
  text?: boolean;
  required?: readonly string[];
}

const BOOL = ['true', 'false'];

export const AT_ACTIONS: Readonly<Record<string, Support>> = {
  Say: { played: ['playBeep'], inert: ['voice'], values: { playBeep: BOOL }, text: true },
  Play: { played: ['url'], required: ['url'] },
  GetDigits: { played: ['numDigits', 'timeout', 'finishOnKey', 'callbackUrl'], children: ['Say', 'Play'], maxChildren: 1 },
  Dial: {
    played: ['phoneNumbers', 'record', 'sequential', 'callerId', 'maxDuration'],
    // The docs and SDKs disagree on the ring-back tone's case; either only changes what the caller hears.
    inert: ['ringBackTone', 'ringbackTone'],
    values: { record: BOOL, sequential: BOOL },
    required: ['phoneNumbers'],
  },
  Record: {
    played: ['finishOnKey', 'maxLength', 'timeout', 'trimSilence', 'playBeep', 'callbackUrl'],
    values: { trimSilence: BOOL, playBeep: BOOL },
    children: ['Say', 'Play'],
    maxChildren: 1,
  },
  Enqueue: { played: ['holdMusic', 'name'] },
  Dequeue: { played: ['phoneNumber', 'name'], required: ['phoneNumber'] },
  Redirect: { played: [], text: true },
  Reject: { played: [] },
  Conference: { played: [] },
};

export function parseAtXml(body: string, url: string): AtDocument {
  if (body.trim() === '') throw new WebhookError(`${url} answered an empty body to an active call; Africa's Talking needs a <Response> dial plan there`);
  let roots: AtAction[];
  try {
    roots = parseXmlRoots(body);
  } catch (error) {
    throw new WebhookError(`${url} answered something that is not XML: ${(error as Error).message}\n${body.slice(0, 300)}`);
  }
  if (roots.length !== 1 || roots[0].name !== 'Response') {
    throw new WebhookError(`${url} answered XML without a single <Response> root:\n${body.slice(0, 300)}`);
  }
  const actions = roots[0].children;
  for (const action of actions) checkAction(action, url);
  return { url, actions };
}

export function checkAction(el: AtAction, url: string): void {
  const support = AT_ACTIONS[el.name];
  if (!support) {
    throw new UnsupportedAtXmlError(`<${el.name}> (from ${url}) is not an Africa's Talking action the simulator plays; it plays ${Object.keys(AT_ACTIONS).join(', ')}`);
  }
  check(el, support, url);
  if (support.maxChildren !== undefined && el.children.length > support.maxChildren) {
    throw new UnsupportedAtXmlError(`${describe(el)} (from ${url}) nests ${el.children.length} elements; AT takes one prompt (<Say> or <Play>) there`);
  }
  for (const child of el.children) {
    if (!support.children?.includes(child.name)) {
      throw new UnsupportedAtXmlError(`<${child.name}> inside <${el.name}> (from ${url}) is not simulated${support.children ? `; AT nests ${support.children.join(' or ')} there` : ''}`);
    }
    check(child, AT_ACTIONS[child.name], url);
    if (child.children.length > 0) throw new UnsupportedAtXmlError(`<${child.children[0].name}> inside <${child.name}> (from ${url}) is not simulated (SSML is not played)`);
  }
}

function check(el: AtAction, support: Support, url: string): void {
  for (const [name, value] of Object.entries(el.attrs)) {
    if (support.inert?.includes(name)) continue;
    if (!support.played.includes(name)) {
      throw new UnsupportedAtXmlError(`${describe(el)} (from ${url}): the attribute ${name} of <${el.name}> is not simulated`);
    }
    const values = support.values?.[name];
    if (values && !values.includes(value)) {
      throw new UnsupportedAtXmlError(`${describe(el)} (from ${url}): ${name}="${value}" is not simulated (only ${values.map((v) => `"${v}"`).join(', ')})`);
    }
  }
  for (const name of support.required ?? []) {
    if (!el.attrs[name]) throw new UnsupportedAtXmlError(`${describe(el)} (from ${url}): <${el.name}> needs ${name}`);
  }
  if (el.text && !support.text) throw new UnsupportedAtXmlError(`${describe(el)} (from ${url}): text inside <${el.name}> is not part of this action`);
  if (support.text && el.name !== 'Say' && !el.text) throw new UnsupportedAtXmlError(`<${el.name}> (from ${url}) needs its URL as text`);
}

/** A whole-seconds attribute. */
export function atNumber(el: AtAction, name: string, fallback: number): number {
  const raw = el.attrs[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new UnsupportedAtXmlError(`${describe(el)}: ${name}="${raw}" is not a number`);
  return value;
}

export const atBool = (el: AtAction, name: string, fallback: boolean): boolean => (el.attrs[name] === undefined ? fallback : el.attrs[name] === 'true');

/**
 * A terminal `<Record/>` (no attributes, no prompt) records the rest of the call; with a prompt
 * or settings it is a partial recording whose URL comes on the next request.
 */
export const isTerminalRecord = (el: AtAction): boolean => el.name === 'Record' && el.children.length === 0 && Object.keys(el.attrs).length === 0;
