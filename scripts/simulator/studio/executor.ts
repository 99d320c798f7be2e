import { randomBytes } from 'node:crypto';
import type { Proc } from '../clock';
import type { SimulationContext } from '../context';
import { dialNumbers } from '../dial';
import { FlowError, LimitError } from '../errors';
import { PartyHungUp, type Leg } from '../legs';
import { enqueue } from '../queues';
import { record } from '../record';
import { dialParams } from '../twilio-interpreter';
import { element, parseTwiml, type TwimlElement } from '../twiml';
import { checkVerb } from '../twiml-support';
import type { HttpAnswer } from '../webhooks';
import { compare } from './conditions';
import type { FlowDefinition, FlowTransition, FlowWidget } from './flow';
import { render, type StudioContext } from './liquid';

/** A flow that visits more widgets than this in one call is looping. */
const MAX_WIDGET_STEPS = 500;

interface Outcome {
  /** null: the execution ends here (the call is gone or the TwiML ended it). */
  event: string | null;
  outputs?: Record<string, unknown>;
  /** split-based-on picks one of several `match` transitions. */
  transition?: FlowTransition;
}

type Properties = Record<string, unknown>;

const str = (value: unknown): string | undefined => (value === undefined || value === null || value === '' ? undefined : String(value));

/**
 * Runs a Studio flow on an incoming call as Studio does: from the trigger's incomingCall
 * transition, widget by widget, rendering Liquid against the flow context. Voice widgets are
 * played through the same TwiML machinery as any call, so a connect-call-to rings exactly as a
 * <Dial> does. Throws PartyHungUp when the caller hung up (after the widgets that still run).
 */
export class StudioExecutor {
  private readonly byName: Map<string, FlowWidget>;
  private context!: StudioContext;
  private callGone = false;

  constructor(
    private readonly sim: SimulationContext,
    private readonly flow: FlowDefinition,
  ) {
    this.byName = new Map(flow.states.map((w) => [w.name, w]));
  }

  async run(proc: Proc, leg: Leg): Promise<void> {
    const studio = this.sim.scenario.call?.studio;
    const triggerCall = { ...leg.params(), CallStatus: 'ringing' };
    this.context = {
      trigger: { call: triggerCall },
      widgets: {},
      flow: {
        flow_sid: 'FW' + randomBytes(16).toString('hex'),
        sid: 'FN' + randomBytes(16).toString('hex'),
        variables: {},
        data: { ...(studio?.flowParameters ?? {}) },
        channel: { address: leg.to },
      },
      contact: { channel: { address: leg.from } },
    };
    const trigger = this.byName.get(this.flow.initial_state)!;
    const start = trigger.transitions.find((t) => t.event === 'incomingCall');
    this.sim.transcript.add({ kind: 'studio', widget: trigger.name, type: 'trigger', event: 'incomingCall', next: start?.next ?? null });
    let current = start?.next;
    let steps = 0;
    while (current) {
      if (++steps > MAX_WIDGET_STEPS) throw new LimitError(`${this.flow.source}: the flow ran ${MAX_WIDGET_STEPS} widgets in one call (last: "${current}"): a loop?`);
      const widget = this.byName.get(current)!;
      const outcome = await this.step(proc, leg, widget);
      if (outcome.outputs) this.context.widgets[widget.name] = outcome.outputs;
      const transition = outcome.transition ?? (outcome.event ? widget.transitions.find((t) => t.event === outcome.event) : undefined);
      const next = transition?.next || null;
      this.sim.transcript.add({ kind: 'studio', widget: widget.name, type: widget.type, event: outcome.event, next });
      current = next ?? undefined;
    }
    if (this.callGone) throw new PartyHungUp(leg);
  }

  private where(widget: FlowWidget): string {
    return `${this.flow.source}: widget "${widget.name}" (${widget.type})`;
  }

  private text(widget: FlowWidget, key: string): string {
    return render(widget.properties[key], this.context, `${this.where(widget)} property ${key}`);
  }

  private async step(proc: Proc, leg: Leg, widget: FlowWidget): Promise<Outcome> {
    const p = widget.properties as Properties;
    switch (widget.type) {
      case 'split-based-on':
        return this.split(widget);
      case 'set-variables':
        return this.setVariables(widget);
      case 'run-function':
        return this.runFunction(leg, widget);
      case 'make-http-request':
        return this.httpRequest(leg, widget);
      case 'trigger':
        throw new FlowError(`${this.where(widget)}: a transition leads back to the trigger`);
    }
    if (this.callGone) {
      this.sim.transcript.add({ kind: 'note', text: `${widget.name} needs the call, but the caller has hung up: the execution ends` });
      return { event: null };
    }
    try {
      switch (widget.type) {
        case 'say-play':
          return await this.sayPlay(proc, leg, widget, p);
        case 'gather-input-on-call':
          return await this.gather(proc, leg, widget, p);
        case 'connect-call-to':
          return await this.connect(proc, leg, widget, p);
        case 'record-voicemail':
          return await this.recordVoicemail(proc, leg, widget, p);
        case 'enqueue-call':
          return await this.enqueueCall(proc, leg, widget, p);
        case 'add-twiml-redirect':
          return await this.twimlRedirect(proc, leg, widget, p);
        default:
          throw new FlowError(`${this.where(widget)}: not a widget type the simulator runs`);
      }
    } catch (error) {
      if (!(error instanceof PartyHungUp) || error.leg !== leg) throw error;
      this.callGone = true;
      return { event: widget.transitions.some((t) => t.event === 'hangup') ? 'hangup' : null };
    }
  }

  private split(widget: FlowWidget): Outcome {
    const input = this.text(widget, 'input');
    for (const transition of widget.transitions) {
      if (transition.event !== 'match') continue;
      const conditions = transition.conditions ?? [];
      if (conditions.length === 0) throw new FlowError(`${this.where(widget)}: a match transition without conditions`);
      // UNCONFIRMED: several conditions on one transition must all hold.
      const holds = conditions.every((c, i) => {
        const where = `${this.where(widget)} condition ${c.friendly_name ?? i + 1}`;
        const subject = c.arguments?.[0] !== undefined ? render(c.arguments[0], this.context, where) : input;
        return compare(c.type, subject, render(c.value ?? '', this.context, where), where);
      });
      if (holds) return { event: 'match', transition };
    }
    return { event: 'noMatch' };
  }

  private setVariables(widget: FlowWidget): Outcome {
    const variables = widget.properties.variables;
    if (!Array.isArray(variables)) throw new FlowError(`${this.where(widget)}: variables must be a list of { key, value }`);
    for (const [i, v] of variables.entries()) {
      const entry = v as { key?: unknown; value?: unknown; type?: unknown };
      if (typeof entry.key !== 'string' || entry.key === '') throw new FlowError(`${this.where(widget)}: variables[${i}] has no key`);
      const value = render(entry.value, this.context, `${this.where(widget)} variable ${entry.key}`);
      // UNCONFIRMED: typed variables; a number type is stored as a number.
      this.context.flow.variables[entry.key] = entry.type === 'number' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    }
    return { event: 'next' };
  }

  private async sayPlay(proc: Proc, leg: Leg, widget: FlowWidget, p: Properties): Promise<Outcome> {
    for (const el of this.prompt(widget, p)) {
      checkVerb(el, 'call', this.where(widget));
      await this.sim.interpreter.media(proc, leg, el);
    }
    return { event: 'audioComplete' };
  }

  /** The Say or Play a voice widget speaks, from its say / play / digits properties. */
  private prompt(widget: FlowWidget, p: Properties): TwimlElement[] {
    const loop = str(p.loop);
    if (str(p.say) !== undefined) return [element('Say', { voice: str(p.voice), language: str(p.language), loop }, this.text(widget, 'say'))];
    if (str(p.play) !== undefined) return [element('Play', { loop }, this.text(widget, 'play'))];
    if (str(p.digits) !== undefined) return [element('Play', { digits: this.text(widget, 'digits') })];
    return [];
  }

  private async gather(proc: Proc, leg: Leg, widget: FlowWidget, p: Properties): Promise<Outcome> {
    const el = element(
      'Gather',
      { timeout: str(p.timeout) ?? 5, numDigits: str(p.number_of_digits), finishOnKey: p.finish_on_key === undefined ? undefined : String(p.finish_on_key) },
      '',
      this.prompt(widget, p),
    );
    if (p.finish_on_key === '') el.attrs.finishOnKey = '';
    checkVerb(el, 'call', this.where(widget));
    const digits = await this.sim.interpreter.gather(proc, leg, el);
    if (digits === null) return { event: 'timeout', outputs: {} };
    return { event: 'keypress', outputs: { Digits: digits } };
  }

  private async connect(proc: Proc, leg: Leg, widget: FlowWidget, p: Properties): Promise<Outcome> {
    const noun = String(p.noun);
    // `number` is seen in exported flows; `number-multi` (a comma list) is UNCONFIRMED.
    if (noun !== 'number' && noun !== 'number-multi') {
      throw new FlowError(`${this.where(widget)}: connecting to a ${noun} is not simulated (only number)`);
    }
    if (p.record === true || p.record === 'true') throw new FlowError(`${this.where(widget)}: record is not simulated`);
    const to = this.text(widget, 'to')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    if (to.length === 0) throw new FlowError(`${this.where(widget)}: "to" rendered empty, so there is nobody to call`);
    const dial = element(
      'Dial',
      { timeout: str(p.timeout) ?? 30, callerId: str(this.text(widget, 'caller_id')), timeLimit: str(p.time_limit) },
      '',
      to.map((n) => element('Number', {}, n)),
    );
    checkVerb(dial, 'call', this.where(widget));
    const outcome = await dialNumbers(this.sim, proc, leg, dial, this.sim.target.baseUrl);
    const outputs = dialParams(outcome);
    if (outcome.callerHungUp) {
      this.callGone = true;
      return { event: widget.transitions.some((t) => t.event === 'hangup') ? 'hangup' : null, outputs };
    }
    return { event: 'callCompleted', outputs };
  }

  private async recordVoicemail(proc: Proc, leg: Leg, widget: FlowWidget, p: Properties): Promise<Outcome> {
    const el = element('Record', {
      maxLength: str(p.max_length),
      timeout: str(p.timeout),
      finishOnKey: str(p.finish_on_key),
      playBeep: str(p.play_beep),
      trim: str(p.trim),
      transcribe: str(p.transcribe),
      transcribeCallback: p.transcription_callback_url ? this.text(widget, 'transcription_callback_url') : undefined,
      recordingStatusCallback: p.recording_status_callback_url ? this.text(widget, 'recording_status_callback_url') : undefined,
    });
    checkVerb(el, 'call', this.where(widget));
    const outcome = await record(this.sim, proc, leg, el, this.sim.target.baseUrl);
    if (outcome.callerHungUp) this.callGone = true;
    const outputs = outcome.params ?? {};
    // UNCONFIRMED: a caller who hangs up after leaving a message takes the hangup transition.
    if (outcome.callerHungUp) return { event: widget.transitions.some((t) => t.event === 'hangup') ? 'hangup' : null, outputs };
    return { event: outcome.params ? 'recordingComplete' : 'noAudio', outputs };
  }

  private async enqueueCall(proc: Proc, leg: Leg, widget: FlowWidget, p: Properties): Promise<Outcome> {
    const el = element('Enqueue', { waitUrl: p.wait_url ? this.text(widget, 'wait_url') : undefined, waitUrlMethod: str(p.wait_url_method) }, this.text(widget, 'queue_name'));
    checkVerb(el, 'call', this.where(widget));
    const outcome = await enqueue(this.sim, proc, leg, el, this.sim.target.baseUrl);
    if (outcome.callerHungUp) {
      this.callGone = true;
      return { event: null, outputs: outcome.params };
    }
    // UNCONFIRMED: which QueueResult leads to which of the widget's events.
    const result = outcome.params.QueueResult;
    const event = result === 'bridged' || result === 'leave' || result === 'redirected' ? 'callComplete' : result === 'queue-full' ? 'failedToEnqueue' : 'callFailure';
    return { event, outputs: outcome.params };
  }

  /**
   * Hands the call to TwiML until that TwiML requests the flow's own webhook
   * (https://webhooks.twilio.com/v1/Accounts/…/Flows/…?FlowEvent=return), or ends the call.
   */
  private async twimlRedirect(proc: Proc, leg: Leg, widget: FlowWidget, p: Properties): Promise<Outcome> {
    const url = this.absolute(this.text(widget, 'url'));
    const method = (str(p.method) ?? 'POST').toUpperCase();
    const answer = await this.sim.http.send(leg, `${widget.name} (add-twiml-redirect)`, url, method, leg.params());
    if (answer.status < 200 || answer.status > 299) return { event: 'fail', outputs: { status_code: answer.status } };
    const end = await this.sim.interpreter.run(proc, leg, parseTwiml(answer.body, answer.url), { mode: 'call', intercept: isFlowWebhook });
    if (end.kind === 'returned') {
      const back = new URL(end.url);
      const event = back.searchParams.get('FlowEvent') ?? 'return';
      if (event !== 'return') throw new FlowError(`${this.where(widget)}: the TwiML returned to the flow with FlowEvent=${event}; only return is simulated`);
      return { event: 'return', outputs: { ...end.params, ...Object.fromEntries(back.searchParams) } };
    }
    // The TwiML ended the call itself: the execution ends with it.
    if (leg.live) {
      const status = end.kind === 'reject' && leg.status !== 'in-progress' ? (end.reason === 'busy' ? 'busy' : 'no-answer') : 'completed';
      await leg.setStatus(status);
      this.sim.transcript.add({ kind: 'hangup', who: leg.who, by: end.kind === 'reject' ? 'reject' : end.kind === 'hangup' ? 'twiml' : 'end-of-twiml', status });
    }
    return { event: null };
  }

  private async httpRequest(leg: Leg, widget: FlowWidget): Promise<Outcome> {
    const p = widget.properties as Properties;
    const method = String(p.method).toUpperCase();
    if (method !== 'GET' && method !== 'POST') throw new FlowError(`${this.where(widget)}: method ${method} is not simulated (GET or POST)`);
    const url = this.absolute(this.text(widget, 'url'));
    const json = /json/i.test(String(p.content_type ?? ''));
    const params = this.parameters(widget);
    const stub = this.sim.scenario.httpStubs.find((s) => s.method === method && new URL(s.url).toString() === url);
    let answer: HttpAnswer;
    if (stub) {
      answer = { status: stub.status, body: typeof stub.body === 'string' ? stub.body : JSON.stringify(stub.body), contentType: stub.contentType ?? (typeof stub.body === 'string' ? 'text/plain' : 'application/json'), url };
      this.sim.transcript.add({ kind: 'http', method, url, purpose: `${widget.name} (make-http-request, stubbed)`, status: stub.status });
    } else if (p.add_twilio_auth === true || p.add_twilio_auth === 'true') {
      // UNCONFIRMED: add_twilio_auth signs the request as a webhook would be. A signed JSON body
      // carries a bodySHA256 query parameter, which is not simulated.
      if (json) throw new FlowError(`${this.where(widget)}: add_twilio_auth with a JSON body is not simulated`);
      answer = await this.sim.http.send(leg, `${widget.name} (make-http-request)`, url, method, params);
    } else {
      const target = new URL(url);
      if (method === 'GET') for (const [k, v] of Object.entries(params)) target.searchParams.append(k, v);
      answer = await this.sim.http.fetch(`${widget.name} (make-http-request)`, target.toString(), {
        method,
        headers: method === 'POST' ? { 'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded' } : {},
        body: method === 'POST' ? (json ? this.text(widget, 'body') : new URLSearchParams(params).toString()) : undefined,
      });
    }
    return { event: ok(answer) ? 'success' : 'failed', outputs: outputsOf(answer) };
  }

  private async runFunction(leg: Leg, widget: FlowWidget): Promise<Outcome> {
    const url = this.absolute(this.text(widget, 'url'));
    const answer = await this.sim.http.send(leg, `${widget.name} (run-function)`, url, 'POST', this.parameters(widget));
    return { event: ok(answer) ? 'success' : 'fail', outputs: outputsOf(answer) };
  }

  /** Flows hold absolute URLs; a relative one (handy in test flows) means the system under test. */
  private absolute(url: string): string {
    return new URL(url, this.sim.target.baseUrl).toString();
  }

  private parameters(widget: FlowWidget): Record<string, string> {
    const list = widget.properties.parameters;
    if (list === undefined) return {};
    if (!Array.isArray(list)) throw new FlowError(`${this.where(widget)}: parameters must be a list of { key, value }`);
    const out: Record<string, string> = {};
    for (const [i, item] of list.entries()) {
      const { key, value } = item as { key?: unknown; value?: unknown };
      if (typeof key !== 'string' || key === '') throw new FlowError(`${this.where(widget)}: parameters[${i}] has no key`);
      out[key] = render(value, this.context, `${this.where(widget)} parameter ${key}`);
    }
    return out;
  }
}

const ok = (answer: HttpAnswer) => answer.status >= 200 && answer.status <= 299;

/** What a run-function or make-http-request widget exposes: body, status, and `parsed` for JSON. */
function outputsOf(answer: HttpAnswer): Record<string, unknown> {
  const outputs: Record<string, unknown> = { status_code: answer.status, content_type: answer.contentType, body: answer.body };
  if (/json/i.test(answer.contentType) || /^\s*[{[]/.test(answer.body)) {
    try {
      outputs.parsed = JSON.parse(answer.body);
    } catch {
      // Not JSON after all: Studio leaves `parsed` out.
    }
  }
  return outputs;
}

function isFlowWebhook(url: URL): boolean {
  return url.hostname === 'webhooks.twilio.com' && /^\/v1\/Accounts\/[^/]+\/Flows\/[^/]+\/?$/.test(url.pathname);
}
