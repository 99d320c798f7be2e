import { UnsupportedTwimlError } from './errors';
import { describe, type TwimlElement } from './twiml';

/**
 * What the interpreter plays, per verb and noun. `played` attributes are simulated; `inert` ones
 * change nothing a simulated party can notice (voice, language, ring tone) and are accepted;
 * `values` pins attributes that are only simulated with certain values. Anything else, and any
 * verb or noun not listed, is an error naming it: a call that cannot be played faithfully must
 * not be played at all.
 */
interface Support {
  played: readonly string[];
  inert?: readonly string[];
  values?: Readonly<Record<string, readonly string[]>>;
  children?: readonly string[];
  text?: boolean;
}

const SPEECH_ONLY = ['language', 'hints', 'speechTimeout', 'speechModel', 'profanityFilter', 'enhanced', 'partialResultCallback', 'partialResultCallbackMethod', 'debug', 'maxSpeechTime'];

export const VERBS: Readonly<Record<string, Support>> = {
  Say: { played: ['loop'], inert: ['voice', 'language'], text: true },
  Play: { played: ['loop', 'digits'], text: true },
  Pause: { played: ['length'] },
  Gather: {
    played: ['action', 'method', 'timeout', 'numDigits', 'finishOnKey', 'actionOnEmptyResult', 'input'],
    // A simulated caller never speaks, so speech settings cannot change what happens; barge-in only
    // decides whether a key cuts the prompt short, and simulated keys come after the prompt.
    inert: [...SPEECH_ONLY, 'bargeIn'],
    values: { input: ['dtmf'] },
    children: ['Say', 'Play', 'Pause'],
  },
  Dial: {
    played: ['action', 'method', 'timeout', 'callerId', 'timeLimit', 'record', 'sequential'],
    // answerOnBridge only changes what the caller hears while it rings; hangupOnStar needs a key
    // pressed during a conversation, which simulated parties never do.
    inert: ['answerOnBridge', 'ringTone', 'trim', 'hangupOnStar'],
    values: { record: ['do-not-record', 'false'], sequential: ['false'] },
    children: ['Number', 'Client', 'Queue'],
    text: true,
  },
  Enqueue: { played: ['action', 'method', 'waitUrl', 'waitUrlMethod', 'maxQueueSize'], text: true },
  Record: {
    played: ['action', 'method', 'timeout', 'finishOnKey', 'maxLength', 'playBeep', 'trim', 'recordingStatusCallback', 'recordingStatusCallbackMethod', 'recordingStatusCallbackEvent', 'transcribe', 'transcribeCallback'],
    inert: ['recordingChannels', 'recordingTrack'],
  },
  Redirect: { played: ['method'], text: true },
  Hangup: { played: [] },
  Reject: { played: ['reason'], values: { reason: ['rejected', 'busy'] } },
  Leave: { played: [] },
};

export const NOUNS: Readonly<Record<string, Support>> = {
  Number: {
    played: ['url', 'method', 'statusCallback', 'statusCallbackEvent', 'statusCallbackMethod'],
    inert: ['byoc'],
    text: true,
  },
  /** A browser softphone, by its access token's identity (the text); rung and answered like a phone. */
  Client: { played: ['url', 'method', 'statusCallback', 'statusCallbackEvent', 'statusCallbackMethod'], text: true },
  Queue: { played: ['url', 'method'], text: true },
};

/** Where a document runs decides which verbs Twilio allows there. */
export type DocumentMode = 'call' | 'whisper' | 'wait' | 'queue-url';

const ALLOWED_IN: Readonly<Record<DocumentMode, readonly string[] | null>> = {
  call: null,
  // <Number url>: "does not support any other TwiML verbs" than these (Twilio's <Number> docs).
  whisper: ['Say', 'Play', 'Pause', 'Gather', 'Hangup', 'Redirect'],
  // Enqueue waitUrl: Play, Say, Pause, Hangup, Redirect, Leave, Gather only.
  wait: ['Say', 'Play', 'Pause', 'Hangup', 'Redirect', 'Leave', 'Gather'],
  // <Queue url> plays to the dequeued caller just before the bridge.
  'queue-url': ['Say', 'Play', 'Pause', 'Redirect', 'Hangup'],
};

const WHERE: Readonly<Record<DocumentMode, string>> = {
  call: 'a call',
  whisper: 'a <Number url> whisper',
  wait: 'an <Enqueue waitUrl> document',
  'queue-url': 'a <Queue url> document',
};

export function checkVerb(el: TwimlElement, mode: DocumentMode, url: string): void {
  const support = VERBS[el.name];
  if (!support) {
    throw new UnsupportedTwimlError(`<${el.name}> (from ${url}) is not a verb the simulator plays; it plays ${Object.keys(VERBS).join(', ')}`);
  }
  const allowed = ALLOWED_IN[mode];
  if (allowed && !allowed.includes(el.name)) {
    throw new UnsupportedTwimlError(`<${el.name}> (from ${url}) is not allowed in ${WHERE[mode]}; Twilio allows only ${allowed.join(', ')} there`);
  }
  checkElement(el, support, url, 'verb');
  for (const child of el.children) {
    if (!support.children?.includes(child.name)) {
      const what = el.name === 'Dial' ? 'noun' : 'nested element';
      throw new UnsupportedTwimlError(`<${child.name}> inside <${el.name}> (from ${url}) is not a ${what} the simulator plays${support.children ? `; it plays ${support.children.join(', ')}` : ''}`);
    }
    const nested = NOUNS[child.name] ?? VERBS[child.name];
    checkElement(child, nested, url, el.name === 'Dial' ? 'noun' : 'verb');
  }
}

function checkElement(el: TwimlElement, support: Support, url: string, kind: 'verb' | 'noun'): void {
  for (const [name, value] of Object.entries(el.attrs)) {
    if (support.inert?.includes(name)) continue;
    if (!support.played.includes(name)) {
      throw new UnsupportedTwimlError(`${describe(el)} (from ${url}): the attribute ${name} of <${el.name}> is not simulated`);
    }
    const values = support.values?.[name];
    if (values && !values.includes(value)) {
      throw new UnsupportedTwimlError(`${describe(el)} (from ${url}): ${name}="${value}" is not simulated (only ${values.map((v) => `"${v}"`).join(', ')})`);
    }
  }
  if (el.text && !support.text) {
    throw new UnsupportedTwimlError(`${describe(el)} (from ${url}): text inside <${el.name}> is not part of this ${kind}`);
  }
  for (const child of el.children) {
    if (kind === 'noun' || !support.children) {
      throw new UnsupportedTwimlError(`<${child.name}> inside <${el.name}> (from ${url}) is not simulated (SSML and nested elements there are not played)`);
    }
  }
}
