import type { Proc } from './clock';
import type { SimulationContext } from './context';
import { dialNumbers, type DialOutcome } from './dial';
import { collectKeys } from './keypad';
import { UnsupportedTwimlError } from './errors';
import { PartyHungUp, type Leg } from './legs';
import { dialQueue, enqueue, type EnqueueOutcome } from './queues';
import { record, type RecordOutcome } from './record';
import { describe, type TwimlDocument, type TwimlElement } from './twiml';
import { checkVerb, type DocumentMode } from './twiml-support';
import { resolveUrl } from './webhooks';

/** How a leg's TwiML stopped. */
export type DocumentEnd =
  | { kind: 'ended' }
  | { kind: 'hangup' }
  | { kind: 'reject'; reason: string }
  | { kind: 'leave' }
  /** A request to a URL the caller of run() handles itself (Studio's flow webhook). */
  | { kind: 'returned'; url: string; params: Record<string, string> };

export interface RunOptions {
  mode: DocumentMode;
  /** URLs that hand the call back instead of being fetched. */
  intercept?: (url: URL) => boolean;
  /** Added to every request this document chain makes (queue figures on a waitUrl). */
  extraParams?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Called with each document before it plays (the caller's call is answered by its first). */
  onDocument?: (doc: TwimlDocument) => Promise<void>;
}

export interface Fetch {
  url: string;
  method: string;
  params?: Record<string, string>;
  purpose: string;
}

type Step = { kind: 'next' } | { kind: 'fetch'; fetch: Fetch } | DocumentEnd;

export const attrNumber = (el: TwimlElement, name: string, fallback: number): number => {
  const raw = el.attrs[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new UnsupportedTwimlError(`${describe(el)}: ${name}="${raw}" is not a number Twilio accepts`);
  return value;
};

export const attrBool = (el: TwimlElement, name: string, fallback: boolean): boolean => {
  const raw = el.attrs[name];
  if (raw === undefined || raw === '') return fallback;
  return raw === 'true';
};

export const methodOf = (el: TwimlElement, name = 'method'): string => (el.attrs[name] ?? 'POST').toUpperCase();

/**
 * Plays TwiML on a leg the way Twilio does: verb by verb, requesting action and redirect URLs
 * (resolved against the document that named them) and following the answers, until the TwiML
 * hangs up, rejects, runs out, or a party hangs up (PartyHungUp, thrown to the caller of run).
 */
export class TwilioInterpreter {
  constructor(private readonly sim: SimulationContext) {}

  async run(proc: Proc, leg: Leg, start: Fetch | TwimlDocument, options: RunOptions): Promise<DocumentEnd> {
    let doc: TwimlDocument;
    if ('verbs' in start) doc = start;
    else {
      const first = await this.fetch(leg, start, options);
      if ('kind' in first) return first;
      doc = first;
    }
    for (;;) {
      await options.onDocument?.(doc);
      const step = await this.document(proc, leg, doc, options);
      if (step.kind !== 'fetch') return step;
      const next = await this.fetch(leg, step.fetch, options);
      if ('kind' in next) return next;
      doc = next;
    }
  }

  private async document(proc: Proc, leg: Leg, doc: TwimlDocument, options: RunOptions): Promise<Exclude<Step, { kind: 'next' }>> {
    for (const verb of doc.verbs) {
      checkVerb(verb, options.mode, doc.url);
      const step = await this.verb(proc, leg, verb, doc, options);
      if (step.kind !== 'next') return step;
    }
    return { kind: 'ended' };
  }

  private async fetch(leg: Leg, fetch: Fetch, options: RunOptions): Promise<TwimlDocument | DocumentEnd> {
    const params = { ...leg.params(), ...((await options.extraParams?.()) ?? {}), ...(fetch.params ?? {}) };
    if (options.intercept?.(new URL(fetch.url))) return { kind: 'returned', url: fetch.url, params };
    return this.sim.http.twiml(leg, fetch.purpose, fetch.url, fetch.method, params);
  }

  private async verb(proc: Proc, leg: Leg, el: TwimlElement, doc: TwimlDocument, options: RunOptions): Promise<Step> {
    const here = (url: string | undefined) => resolveUrl(url ?? doc.url, doc.url);
    switch (el.name) {
      case 'Say':
      case 'Play':
      case 'Pause':
        await this.media(proc, leg, el);
        return { kind: 'next' };
      case 'Gather': {
        const digits = await this.gather(proc, leg, el);
        if (digits === null && !attrBool(el, 'actionOnEmptyResult', false)) return { kind: 'next' };
        return { kind: 'fetch', fetch: { url: here(el.attrs.action), method: methodOf(el), params: { Digits: digits ?? '' }, purpose: `${leg.who}'s <Gather action>` } };
      }
      case 'Dial': {
        const queueNoun = el.children.find((c) => c.name === 'Queue');
        if (queueNoun && el.children.length > 1) throw new UnsupportedTwimlError(`${describe(el)} (from ${doc.url}): a <Queue> noun is dialled alone`);
        const outcome = queueNoun ? await dialQueue(this.sim, proc, leg, el, queueNoun, doc.url) : await dialNumbers(this.sim, proc, leg, el, doc.url);
        return this.after(leg, el, doc, outcome.callerHungUp, dialParams(outcome), 'Dial');
      }
      case 'Enqueue': {
        const outcome: EnqueueOutcome = await enqueue(this.sim, proc, leg, el, doc.url);
        return this.after(leg, el, doc, outcome.callerHungUp, outcome.params, 'Enqueue');
      }
      case 'Record': {
        const outcome: RecordOutcome = await record(this.sim, proc, leg, el, doc.url);
        // An empty recording skips the action and falls through to the next verb.
        if (!outcome.params) {
          if (outcome.callerHungUp) throw new PartyHungUp(leg);
          return { kind: 'next' };
        }
        return this.after(leg, el, doc, outcome.callerHungUp, outcome.params, 'Record', true);
      }
      case 'Redirect': {
        if (!el.text) throw new UnsupportedTwimlError(`<Redirect> without a URL (from ${doc.url})`);
        return { kind: 'fetch', fetch: { url: here(el.text), method: methodOf(el), purpose: `${leg.who}'s <Redirect>` } };
      }
      case 'Hangup':
        return { kind: 'hangup' };
      case 'Reject':
        return { kind: 'reject', reason: el.attrs.reason ?? 'rejected' };
      case 'Leave':
        if (options.mode !== 'wait') throw new UnsupportedTwimlError(`<Leave> (from ${doc.url}) only means something in an <Enqueue waitUrl> document`);
        return { kind: 'leave' };
      default:
        throw new UnsupportedTwimlError(`<${el.name}> (from ${doc.url}) is not played by the simulator`);
    }
  }

  /**
   * After <Dial>, <Enqueue> or <Record>: the action URL gets the outcome (a <Record> without one
   * re-requests the document). If the caller hung up, Twilio still requests it but ignores the answer.
   */
  private async after(leg: Leg, el: TwimlElement, doc: TwimlDocument, callerHungUp: boolean, params: Record<string, string>, verb: string, defaultToDocument = false): Promise<Step> {
    const action = el.attrs.action ?? (defaultToDocument ? doc.url : undefined);
    if (callerHungUp) {
      if (action) await this.sim.http.callback(leg, `${leg.who}'s <${verb} action> (call over)`, resolveUrl(action, doc.url), methodOf(el), { ...leg.params(), CallStatus: 'completed', ...params });
      throw new PartyHungUp(leg);
    }
    if (!action) return { kind: 'next' };
    return { kind: 'fetch', fetch: { url: resolveUrl(action, doc.url), method: methodOf(el), params, purpose: `${leg.who}'s <${verb} action>` } };
  }

  /** Say, Play and Pause: the party hears it; virtual time passes for as long as it lasts. */
  async media(proc: Proc, leg: Leg, el: TwimlElement): Promise<void> {
    const { timing } = this.sim.scenario;
    const loop = attrNumber(el, 'loop', 1);
    // loop="0" repeats until something else happens (the call ends, the caller is dequeued).
    const times = loop === 0 ? Infinity : loop;
    let seconds: number;
    if (el.name === 'Pause') {
      seconds = attrNumber(el, 'length', 1);
    } else if (el.name === 'Say') {
      this.sim.transcript.add({ kind: 'heard', who: leg.who, say: el.text });
      const words = el.text.split(/\s+/).filter(Boolean).length;
      seconds = Math.max(1, Math.ceil(words / timing.sayWordsPerSecond)) * times;
    } else if (el.attrs.digits !== undefined) {
      this.sim.transcript.add({ kind: 'heard', who: leg.who, digits: el.attrs.digits });
      seconds = Math.max(1, Math.ceil(el.attrs.digits.length / 2)) * times;
    } else {
      if (!el.text) throw new UnsupportedTwimlError(`<Play> without a URL or digits`);
      this.sim.transcript.add({ kind: 'heard', who: leg.who, play: el.text });
      seconds = timing.playSeconds * times;
    }
    await proc.sleep(Number.isFinite(seconds) ? seconds : 4 * 3600);
  }

  /**
   * <Gather> for keys: the prompt plays, then the party presses what the scenario says (after the
   * prompt, plus `pressAfter`) or nothing. Digits stop at numDigits or finishOnKey; otherwise
   * Twilio waits `timeout` seconds for more. Returns null when nothing was entered.
   */
  async gather(proc: Proc, leg: Leg, el: TwimlElement): Promise<string | null> {
    for (const child of el.children) await this.media(proc, leg, child);
    const timeout = attrNumber(el, 'timeout', 5);
    const numDigits = el.attrs.numDigits === undefined ? Infinity : attrNumber(el, 'numDigits', 1);
    const finishOnKey = el.attrs.finishOnKey ?? '#';
    return collectKeys(proc, this.sim, leg, { timeout, numDigits, finishOnKey });
  }
}

export function dialParams(outcome: DialOutcome): Record<string, string> {
  const params: Record<string, string> = {
    DialCallStatus: outcome.status,
    DialCallDuration: String(outcome.duration),
    DialBridged: String(outcome.bridged),
  };
  if (outcome.childSid) params.DialCallSid = outcome.childSid;
  return params;
}
