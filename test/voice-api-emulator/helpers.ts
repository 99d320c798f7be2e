/** Shared plumbing for the Voice API emulator tests: a started emulator, raw HTTP calls, the official client. */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import {
  startVoiceApiEmulator,
  type VoiceApiEmulator,
  type VoiceApiEmulatorOptions,
} from '../../scripts/voice-api-emulator';
import { ACCOUNT_SID, AUTH_TOKEN, call, type CallOptions, type HttpResult } from '../support/emulator-http';

export const ACCOUNT_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}`;
export const CALLS_PATH = `${ACCOUNT_PATH}/Calls.json`;
export const QUEUES_PATH = `${ACCOUNT_PATH}/Queues.json`;
export const callPath = (sid: string): string => `${ACCOUNT_PATH}/Calls/${sid}.json`;
export const queuePath = (sid: string): string => `${ACCOUNT_PATH}/Queues/${sid}.json`;
export const membersPath = (queueSid: string): string => `${ACCOUNT_PATH}/Queues/${queueSid}/Members.json`;
export const memberPath = (queueSid: string, callSid: string): string =>
  `${ACCOUNT_PATH}/Queues/${queueSid}/Members/${callSid}.json`;

export const AGENT = '+14155550101';
export const CUSTOMER = '+14155550199';
export const TWILIO_NUMBER = '+14155550100';
export const APP_URL = 'http://127.0.0.1:3000/voice/agent-answered';

export interface CallBody {
  sid: string;
  status: string;
  to: string;
  from: string;
  start_time: string | null;
  end_time: string | null;
  duration: string | null;
  queue_time: string;
  uri: string;
  account_sid: string;
  date_created: string;
  subresource_uris: Record<string, string>;
  [key: string]: unknown;
}

export interface QueueBody {
  sid: string;
  friendly_name: string;
  current_size: number;
  max_size: number;
  average_wait_time: number;
  uri: string;
}

export interface MemberBody {
  call_sid: string;
  queue_sid: string;
  position: number;
  wait_time: number;
  date_enqueued: string;
  uri: string;
}

export interface PageBody {
  page: number;
  page_size: number;
  start: number;
  end: number;
  uri: string;
  first_page_uri: string;
  next_page_uri: string | null;
  previous_page_uri: string | null;
}

// Tests know which endpoint answered, so these casts only name the expected shape.
export const asCall = (result: HttpResult): CallBody => result.json as CallBody;
export const asQueue = (result: HttpResult): QueueBody => result.json as QueueBody;
export const asMember = (result: HttpResult): MemberBody => result.json as MemberBody;
export const asPage = <K extends string, T>(result: HttpResult, _key: K): PageBody & Record<K, T[]> =>
  result.json as PageBody & Record<K, T[]>;

/** Raw Voice API calls against one emulator. */
export class VoiceHttp {
  constructor(readonly baseUrl: string) {}

  call(method: string, path: string, options?: CallOptions): Promise<HttpResult> {
    return call(this.baseUrl, method, path, options);
  }

  /** POST Calls.json with To, From and Url defaulted; `omit` drops defaults, `form` overrides them. */
  createCall(form: Array<[string, string]> | Record<string, string> = {}, omit: string[] = []): Promise<HttpResult> {
    const pairs = Array.isArray(form) ? form : Object.entries(form);
    const given = new Set(pairs.map(([name]) => name));
    const defaults = Object.entries({ To: AGENT, From: TWILIO_NUMBER, Url: APP_URL }).filter(
      ([name]) => !given.has(name) && !omit.includes(name),
    );
    return this.call('POST', CALLS_PATH, { form: [...defaults, ...pairs] });
  }

  updateCall(sid: string, form: Record<string, string>): Promise<HttpResult> {
    return this.call('POST', callPath(sid), { form });
  }

  createQueue(friendlyName: string, extra: Record<string, string> = {}): Promise<HttpResult> {
    return this.call('POST', QUEUES_PATH, { form: { FriendlyName: friendlyName, ...extra } });
  }

  dequeue(queueSid: string, callSidOrFront: string, form: Record<string, string> = { Url: APP_URL }): Promise<HttpResult> {
    return this.call('POST', memberPath(queueSid, callSidOrFront), { form });
  }
}

export interface Started {
  emulator: VoiceApiEmulator;
  voice: VoiceHttp;
}

export async function startEmulator(options: VoiceApiEmulatorOptions = {}): Promise<Started> {
  const emulator = await startVoiceApiEmulator(options);
  return { emulator, voice: new VoiceHttp(emulator.url) };
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = Date.UTC(2026, 10, 23, 18, 0, 0)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

const API_ORIGIN = 'https://api.twilio.com';

/** Sends api.twilio.com requests to the emulator, as src/store/twilio-client.ts does for Sync. */
export class LoopbackRequestClient extends twilio.RequestClient {
  constructor(private readonly target: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = opts.uri.startsWith(API_ORIGIN) ? this.target + opts.uri.slice(API_ORIGIN.length) : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

export function officialClient(emulator: VoiceApiEmulator): twilio.Twilio {
  return twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LoopbackRequestClient(emulator.url) });
}

/** The rejection of a promise that must fail (the value, not a thrown assertion). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}
