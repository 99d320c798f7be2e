import { randomBytes } from 'node:crypto';
import type { LocalRuntime } from '../../scripts/local/local-runtime';
import { voiceWebhookParams } from '../../scripts/twilio-emulator-kit/voice-webhook-params';
import { only, parseTwiml, type XmlElement } from './twiml';

export const callSid = () => 'CA' + randomBytes(16).toString('hex');

/**
 * Plays Twilio's side of one inbound call against the local runtime, one webhook at a time as a
 * test orders them (duplicates and odd orders included): posts what Twilio would post, to the URLs
 * our TwiML named (query strings included, signed), with the same fields as the simulator's legs.
 * The simulator plays whole calls from a scenario; this is for tests that need each step in hand.
 */
export class TwilioCall {
  readonly legs = new Map<string, string>();

  constructor(
    private readonly runtime: LocalRuntime,
    readonly from = '+14155550999',
    readonly to = '+14155550000',
    readonly sid = callSid(),
  ) {}

  async post(url: string, params: Record<string, string>): Promise<Response> {
    const path = url.startsWith('/') ? url : `/${url}`;
    return this.runtime.twilioPost(path, params);
  }

  async twiml(url: string, params: Record<string, string>): Promise<XmlElement> {
    const res = await this.post(url, params);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body}`);
    return parseTwiml(body);
  }

  incoming(): Promise<XmlElement> {
    return this.twiml('/voice/incoming', this.callerParams('ringing'));
  }

  /** An agent's leg from a <Dial>'s <Number>, identified by the number it rings. */
  leg(number: string): string {
    if (!this.legs.has(number)) this.legs.set(number, callSid());
    return this.legs.get(number)!;
  }

  /** The leg picks up: Twilio requests the <Number url> (or <Client url>) whisper. */
  pickUp(numberEl: XmlElement): Promise<XmlElement> {
    return this.twiml(numberEl.attrs.url, this.legParams(legAddress(numberEl), 'in-progress'));
  }

  /** The agent presses keys on the whisper's <Gather> (a softphone sends them as DTMF). */
  press(whisper: XmlElement, numberEl: XmlElement, digits: string): Promise<XmlElement> {
    const gather = only(whisper, 'Gather');
    return this.twiml(gather.attrs.action, { ...this.legParams(legAddress(numberEl), 'in-progress'), Digits: digits });
  }

  legStatus(numberEl: XmlElement, status: string): Promise<Response> {
    return this.post(numberEl.attrs.statusCallback, this.legParams(legAddress(numberEl), status));
  }

  dialResult(dial: XmlElement, status: string, extra: Record<string, string> = {}): Promise<XmlElement> {
    return this.twiml(dial.attrs.action, { ...this.callerParams('in-progress'), DialCallStatus: status, ...extra });
  }

  status(callStatus: string, extra: Record<string, string> = {}): Promise<Response> {
    return this.post('/voice/status', { ...this.callerParams(callStatus), ...extra });
  }

  private callerParams(status: string): Record<string, string> {
    return voiceWebhookParams({ accountSid: this.accountSid(), callSid: this.sid, from: this.from, to: this.to, status, direction: 'inbound' });
  }

  private legParams(number: string, status: string): Record<string, string> {
    return voiceWebhookParams({ accountSid: this.accountSid(), callSid: this.leg(number), parentCallSid: this.sid, from: this.to, to: number, status, direction: 'outbound-dial' });
  }

  private accountSid(): string {
    return this.runtime.stack.runtime.ACCOUNT_SID;
  }
}

/** What Twilio posts as a dialled leg's To: the number, or `client:<identity>` for a <Client>. */
function legAddress(el: XmlElement): string {
  return el.name === 'Client' ? `client:${el.text}` : el.text;
}

export function clientsOf(dial: XmlElement): XmlElement[] {
  return dial.children.filter((c) => c.name === 'Client');
}

export function numbersOf(dial: XmlElement): XmlElement[] {
  return dial.children.filter((c) => c.name === 'Number');
}
