import { signatureFor } from '../../src/carriers/twilio/signature';
import type { SimulationContext } from './context';
import { LimitError, SimulationError, WebhookError } from './errors';
import type { Leg } from './legs';
import { parseTwiml, type TwimlDocument } from './twiml';

/** Twilio gives up on a webhook after 15 s. */
const WEBHOOK_TIMEOUT_MS = 15_000;
/** Per call leg: more than this many webhooks is a loop (a <Redirect> to itself, a <Record> without action). */
export const MAX_WEBHOOKS_PER_LEG = 500;
/** The product paces its REST calls by its own wall clock (one a second); see README "Time". */
const REST_PACING_MS = 1_020;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string;
  url: string;
}

/** Resolves a TwiML URL the way Twilio does: relative to the document that contained it. */
export function resolveUrl(url: string, base: string): string {
  return new URL(url, base).toString();
}

/**
 * Every request the simulator makes to the system, signed as Twilio signs: X-Twilio-Signature over
 * the absolute URL (query included) and, for POST, the form fields. Only loopback is ever reached;
 * Functions URLs of a deployed service (*.twil.io, in Studio flows) are served by the target instead.
 */
export class Webhooks {
  private lastRest: { createdAtMs: number; at: number } | null = null;

  constructor(private readonly sim: SimulationContext) {}

  /** Where a URL is really sent: loopback as is, *.twil.io on the target, anything else refused. */
  localUrl(url: string): string {
    const parsed = new URL(url);
    if (LOOPBACK.has(parsed.hostname)) return parsed.toString();
    if (parsed.hostname.endsWith('.twil.io')) return new URL(parsed.pathname + parsed.search, this.sim.target.baseUrl).toString();
    throw new SimulationError(`the simulator only talks to this machine, and ${url} is elsewhere; Functions URLs (*.twil.io) are served by the local system, other services need an httpStubs entry in the scenario`);
  }

  /** Fetches TwiML for a leg; anything but 2xx + <Response> is an application error, reported loudly. */
  async twiml(leg: Leg, purpose: string, url: string, method: string, params: Record<string, string>): Promise<TwimlDocument> {
    const answer = await this.send(leg, purpose, url, method, params);
    if (answer.status < 200 || answer.status > 299) {
      throw new WebhookError(`${purpose}: ${method} ${answer.url} answered ${answer.status}; Twilio would play "an application error has occurred" and hang up:\n${answer.body.slice(0, 500)}`);
    }
    return parseTwiml(answer.body, answer.url);
  }

  /** A callback whose answer Twilio ignores; a failure is still a bug worth stopping for. */
  async callback(leg: Leg | null, purpose: string, url: string, method: string, params: Record<string, string>): Promise<void> {
    const answer = await this.send(leg, purpose, url, method, params);
    if (answer.status < 200 || answer.status > 299) {
      throw new WebhookError(`${purpose}: ${method} ${answer.url} answered ${answer.status}:\n${answer.body.slice(0, 500)}`);
    }
  }

  /** A signed request as Twilio makes it; the answer whatever its status. */
  async send(leg: Leg | null, purpose: string, url: string, method: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    if (leg && ++leg.webhooks > MAX_WEBHOOKS_PER_LEG) {
      throw new LimitError(`${leg.who}'s call ${leg.sid} made more than ${MAX_WEBHOOKS_PER_LEG} webhook requests (last: ${purpose} ${url}): a TwiML loop?`);
    }
    const upper = method.toUpperCase();
    if (upper !== 'GET' && upper !== 'POST') throw new SimulationError(`${purpose}: method ${method} is not one Twilio uses (GET or POST)`);
    let target = this.localUrl(url);
    let body: string | undefined;
    let signed: Record<string, string> = params;
    if (upper === 'GET') {
      const withQuery = new URL(target);
      for (const [k, v] of Object.entries(params)) withQuery.searchParams.append(k, v);
      target = withQuery.toString();
      signed = {};
    } else {
      body = new URLSearchParams(params).toString();
    }
    return this.fetch(purpose, target, {
      method: upper,
      headers: {
        ...(upper === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        'X-Twilio-Signature': signatureFor(this.sim.target.authToken, target, signed),
        ...headers,
      },
      body,
    });
  }

  /**
   * A plain request (the dashboard API, Studio's HTTP widget, AT's callbacks) with the same
   * loopback rule; `shown` is how the transcript writes the URL (AT's carries its secret).
   */
  async fetch(purpose: string, url: string, init: RequestInit, shown: (url: string) => string = (u) => u): Promise<HttpAnswer> {
    const target = this.localUrl(url);
    await this.paceRealClock();
    let res: Response;
    try {
      res = await fetch(target, { ...init, redirect: 'manual', signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
    } catch (error) {
      const cause = (error as Error).name === 'TimeoutError' ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s (Twilio's webhook timeout)` : (error as Error).message;
      throw new WebhookError(`${purpose}: ${init.method ?? 'GET'} ${target} failed: ${cause}`);
    }
    const answer = { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '', url: target };
    this.sim.transcript.add({ kind: 'http', method: init.method ?? 'GET', url: shown(target), purpose, status: res.status });
    await this.sim.afterRequest();
    return answer;
  }

  /** The product placed a REST call at this real time, at the current virtual time. */
  noteRestCall(createdAtMs: number): void {
    this.lastRest = { createdAtMs, at: this.sim.clock.now };
  }

  /**
   * The product spaces its queue offers (REST calls) a second apart by its wall clock, which the
   * virtual clock does not move. While a caller waits in a queue, once a second of virtual time
   * has passed since the last REST call, the real clock is let catch up before the next request,
   * so the product sees the gap Twilio's timing would give it. Nothing else ever waits for real.
   */
  private async paceRealClock(): Promise<void> {
    const last = this.lastRest;
    if (!last || this.sim.clock.now - last.at < 1 || !this.sim.queues.anyWaiting()) return;
    const wait = last.createdAtMs + REST_PACING_MS - Date.now();
    if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
    this.lastRest = null;
  }
}
