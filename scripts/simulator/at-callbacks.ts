import { randomBytes } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { SimulationContext } from './context';
import { LimitError, SimulationError, WebhookError } from './errors';
import type { Leg } from './legs';
import { MAX_WEBHOOKS_PER_LEG } from './webhooks';

/**
 * Africa's Talking's voice callbacks, as AT posts them (research §1): form-encoded POSTs to the
 * number's callback URL carrying `?key=<AT_CALLBACK_SECRET>` (AT signs nothing; the secret in the
 * URL is the lock). Every request of a session has the same base fields; the first is
 * `isActive=1`, then one after each input action or when a dialled party picks up, and the final
 * notice is `isActive=0` with duration, cost and hangup cause.
 */

/** AT session ids: `ATVId_` and 32 hex digits. */
export const atSessionId = (): string => `ATVId_${randomBytes(16).toString('hex')}`;

/** AT's documented hangup causes the simulator produces. */
export type AtHangupCause = 'NORMAL_CLEARING' | 'ORIGINATOR_CANCEL' | 'NO_ANSWER' | 'USER_BUSY' | 'CALL_REJECTED';

/** UNCONFIRMED: AT's price per started minute in the simulation (the amount is only reported). */
const PRICE_PER_MINUTE = 1.5;
const CURRENCY = 'KES';

export interface AtSessionInit {
  sessionId: string;
  direction: 'Inbound' | 'Outbound';
  callerNumber: string;
  destinationNumber: string;
  /** The number's callback URL with the key. */
  url: string;
}

export interface DialConnected {
  destination: string;
  /** Virtual time the dialled party picked up. */
  at: number;
  leg: Leg;
}

/** One AT session's callbacks: where the next one goes, and what the final notice reports. */
export class AtCallbacks {
  readonly sessionId: string;
  readonly direction: 'Inbound' | 'Outbound';
  readonly callerNumber: string;
  readonly destinationNumber: string;
  /**
   * Where the next request goes. A GetDigits/Record `callbackUrl` (and a <Redirect>) moves it: "the
   * callbackUrl to handle any call request for the current call changes" (AT's Record docs), so
   * the final notice follows it too (UNCONFIRMED for <Redirect>).
   */
  url: string;
  connected: DialConnected | null = null;
  recordingUrl: string | null = null;
  answered = false;
  finalSent = false;
  private readonly startedAt: number;

  constructor(
    private readonly sim: SimulationContext,
    private readonly leg: Leg,
    private readonly epochMs: number,
    init: AtSessionInit,
  ) {
    this.sessionId = init.sessionId;
    this.direction = init.direction;
    this.callerNumber = init.callerNumber;
    this.destinationNumber = init.destinationNumber;
    this.url = init.url;
    this.startedAt = sim.clock.now;
  }

  /** `2026-11-23+12:00:00`, as AT writes times (a literal `+` between date and time). */
  time(at: number): string {
    return new Date(this.epochMs + at * 1000).toISOString().slice(0, 19).replace('T', '+');
  }

  private base(isActive: '0' | '1', state: string): Record<string, string> {
    const params: Record<string, string> = {
      isActive,
      sessionId: this.sessionId,
      direction: this.direction,
      callerNumber: this.callerNumber,
      destinationNumber: this.destinationNumber,
    };
    const country = parsePhoneNumberFromString(this.direction === 'Inbound' ? this.callerNumber : this.destinationNumber)?.country;
    if (country) params.callerCountryCode = country;
    params.callSessionState = state;
    params.callStartTime = this.time(this.startedAt);
    return params;
  }

  /** The first request: the call is ringing (inbound) or was answered (an API call); answers a dial plan. */
  first(): Promise<string> {
    return this.post(`${this.leg.who}'s AT session: first request`, this.url, this.base('1', this.direction === 'Inbound' ? 'Ringing' : 'Active'));
  }

  /** After GetDigits (dtmfDigits) or a partial Record (recordingUrl), to the action's callbackUrl. */
  afterInput(what: string, extra: Record<string, string>, callbackUrl: string | undefined): Promise<string> {
    if (callbackUrl) this.url = new URL(callbackUrl, this.url).toString();
    return this.post(`${this.leg.who}'s AT session: ${what}`, this.url, { ...this.base('1', 'Active'), ...extra });
  }

  /** <Redirect>: the script at `url` takes over. */
  redirect(url: string): Promise<string> {
    this.url = new URL(url, this.url).toString();
    return this.post(`${this.leg.who}'s AT session: <Redirect>`, this.url, this.base('1', 'Active'));
  }

  /** The dialled party picked up: AT re-posts with dialDestinationNumber. */
  dialAnswered(destination: string): Promise<string> {
    return this.post(`${this.leg.who}'s AT session: dialled party answered`, this.url, { ...this.base('1', 'Active'), dialDestinationNumber: destination });
  }

  /** The final notice (isActive=0); its answer is ignored. Sent once. */
  async final(cause: AtHangupCause): Promise<void> {
    if (this.finalSent) return;
    this.finalSent = true;
    const duration = Math.round(this.sim.clock.now - this.startedAt);
    const params: Record<string, string> = {
      ...this.base('0', 'Completed'),
      durationInSeconds: String(duration),
      hangupCause: cause,
      currencyCode: CURRENCY,
      amount: (this.answered ? Math.ceil(duration / 60) * PRICE_PER_MINUTE : 0).toFixed(4),
      // UNCONFIRMED: `Success` and `Aborted` are the values seen; which one an unanswered call gets.
      status: this.answered ? 'Success' : 'Aborted',
    };
    if (this.connected) {
      params.dialDestinationNumber = this.connected.destination;
      params.dialDurationInSeconds = String(this.connected.leg.duration());
      params.dialStartTime = this.time(this.connected.at);
    }
    if (this.recordingUrl !== null) params.recordingUrl = this.recordingUrl;
    await this.post(`${this.leg.who}'s AT session: final notice (${cause})`, this.url, params);
  }

  /** A form POST as AT makes it; anything but 2xx stops the run, a 403 with what it means. */
  private async post(purpose: string, url: string, params: Record<string, string>): Promise<string> {
    if (++this.leg.webhooks > MAX_WEBHOOKS_PER_LEG) {
      throw new LimitError(`${this.leg.who}'s AT session ${this.sessionId} made more than ${MAX_WEBHOOKS_PER_LEG} callback requests (last: ${purpose}): a dial plan loop?`);
    }
    const answer = await this.sim.http.fetch(purpose, url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    }, redact);
    if (answer.status === 403) {
      throw new WebhookError(
        `${purpose}: POST ${redact(answer.url)} answered 403 Forbidden: the key in the callback URL is not the system's AT_CALLBACK_SECRET (or AT is not configured there); AT would get the same and the call would fail:\n${answer.body.slice(0, 300)}`,
      );
    }
    if (answer.status < 200 || answer.status > 299) {
      throw new WebhookError(`${purpose}: POST ${redact(answer.url)} answered ${answer.status}; Africa's Talking would end the call:\n${answer.body.slice(0, 500)}`);
    }
    return answer.body;
  }
}

/** The callback URL with `key=` shown only by its length. */
export function redact(url: string): string {
  const key = new URL(url).searchParams.get('key');
  return key === null ? url : url.replace(/([?&]key=)[^&#]*/, `$1(${key.length} characters)`);
}

/** The callback URL the simulator posts to: the scenario's (default /africastalking/voice) with `key`. */
export function callbackUrl(path: string | undefined, baseUrl: string, secret: string): string {
  const url = new URL(path ?? '/africastalking/voice', baseUrl);
  if (!url.searchParams.has('key')) url.searchParams.set('key', secret);
  return url.toString();
}

/** AT_CALLBACK_SECRET as the system has it (like AUTH_TOKEN on the Twilio side), else the scenario's env. */
export function callbackSecret(sim: SimulationContext): string {
  const secret = sim.target.config?.values.AT_CALLBACK_SECRET || sim.scenario.env.AT_CALLBACK_SECRET;
  if (!secret) {
    throw new SimulationError(
      `${sim.scenario.source}: AT_CALLBACK_SECRET is not set in ${sim.target.config?.source ?? "the scenario's env"}: the system does not take Africa's Talking calls (set AT_USERNAME, AT_API_KEY, AT_PHONE_NUMBER, AT_CALLBACK_SECRET)`,
    );
  }
  return secret;
}
