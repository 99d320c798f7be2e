import { randomBytes } from 'node:crypto';
import { QueueFullError, type CallStatus, type DequeueEvent, type EmulatedCall, type QueueSnapshot, type VoiceApiEmulator } from '../voice-api-emulator';
import { SimulationError } from './errors';

/** A call the product placed through Twilio's Calls REST API (a queue offer, click-to-call). */
export interface RestCall {
  sid: string;
  to: string;
  from: string;
  url: string | null;
  method: string;
  twiml: string | null;
  statusCallback: string | null;
  statusCallbackEvents: string[];
  statusCallbackMethod: string;
  /** Seconds to let it ring. */
  timeout: number;
  /** How long Twilio's calls-per-second pacing holds it before dialling, in seconds. */
  startDelaySeconds: number;
  /** Real time of the create request (the product paces its REST calls on its own wall clock). */
  createdAtMs: number;
}

/**
 * The Calls and Queues side of Twilio that the simulator plays against: where REST-created calls
 * appear, and where the calls it plays must be visible for the product to act on them over REST.
 */
export interface CallsApi {
  readonly description: string;
  /** Notes the calls that exist before the simulation, so only the product's new ones are played. */
  begin(): Promise<void>;
  /** Makes an inbound call known to the API (so the product can find it in a queue); returns its sid. */
  registerInbound(from: string, to: string): Promise<string>;
  /** Outbound calls created since the last look, oldest first. */
  newCalls(): Promise<RestCall[]>;
  /** REST changes the product made to live calls (redirects, hang-ups, dequeues) since the last look. */
  restChanges(): Promise<string[]>;
  setStatus(sid: string, status: CallStatus): Promise<void>;
  /** <Enqueue>: the call joins the back of the queue (created with `maxSize`); 'full' when it is at its size. */
  enqueue(queueName: string, callSid: string, maxSize: number): Promise<QueueSnapshot | 'full'>;
  leaveQueue(callSid: string): Promise<void>;
  /** The queue as Twilio holds it now: who waits, front first. */
  queue(name: string): Promise<QueueSnapshot | undefined>;
  /** A recording's audio, served as Twilio serves recording media; its sid and RecordingUrl. */
  addRecording(mp3: Buffer): Promise<{ sid: string; url: string }>;
}

export const newCallSid = (): string => 'CA' + randomBytes(16).toString('hex');

/**
 * What the simulator needs of the Calls API emulator: the in-process object's methods, or the same
 * moves over its control API (/_emulator/…, see scripts/voice-api-emulator/index.ts).
 */
interface EmulatorControl {
  description: string;
  calls(): Promise<EmulatedCall[]>;
  /** Every REST dequeue so far, in order. */
  dequeues(): Promise<DequeueEvent[]>;
  addInboundCall(from: string, to: string): Promise<string>;
  /** Ignores a call the emulator does not know. */
  setCallStatus(sid: string, status: CallStatus): Promise<void>;
  enqueue(queueName: string, callSid: string, maxSize: number): Promise<QueueSnapshot | 'full'>;
  leaveQueue(callSid: string): Promise<void>;
  queues(): Promise<QueueSnapshot[]>;
  addRecording(mp3: Buffer): Promise<{ sid: string; url: string }>;
}

function callsApiOver(control: EmulatorControl): CallsApi {
  const seen = new Set<string>();
  const updatesSeen = new Map<string, number>();
  let dequeuesSeen = 0;
  return {
    description: control.description,
    async begin() {
      for (const call of await control.calls()) {
        seen.add(call.sid);
        updatesSeen.set(call.sid, call.updates.length);
      }
      dequeuesSeen = (await control.dequeues()).length;
    },
    async registerInbound(from, to) {
      const sid = await control.addInboundCall(from, to);
      seen.add(sid);
      return sid;
    },
    async newCalls() {
      const fresh = (await control.calls()).filter((c) => !seen.has(c.sid));
      for (const call of fresh) seen.add(call.sid);
      return fresh
        .filter((c) => c.direction === 'outbound-api')
        .map((c) => ({
          sid: c.sid,
          to: c.to,
          from: c.from,
          url: c.url,
          method: c.method,
          twiml: c.twiml,
          statusCallback: c.statusCallback,
          statusCallbackEvents: c.statusCallbackEvents,
          statusCallbackMethod: c.statusCallbackMethod,
          timeout: c.timeout,
          startDelaySeconds: Math.max(0, (c.startAt - c.createdAt) / 1000),
          createdAtMs: c.createdAt,
        }));
    },
    async restChanges() {
      const dequeues = await control.dequeues();
      const changes = dequeues.slice(dequeuesSeen).map((event) => `dequeue of ${event.callSid} to ${event.url}`);
      dequeuesSeen = dequeues.length;
      for (const call of await control.calls()) {
        const before = updatesSeen.get(call.sid) ?? 0;
        for (const update of call.updates.slice(before)) changes.push(`update of ${call.sid}: ${new URLSearchParams(flatten(update.params)).toString()}`);
        updatesSeen.set(call.sid, call.updates.length);
      }
      return changes;
    },
    setStatus: (sid, status) => control.setCallStatus(sid, status),
    enqueue: (queueName, callSid, maxSize) => control.enqueue(queueName, callSid, maxSize),
    leaveQueue: (callSid) => control.leaveQueue(callSid),
    queue: async (name) => (await control.queues()).find((q) => q.friendlyName === name),
    addRecording: (mp3) => control.addRecording(mp3),
  };
}

/** The emulator object itself: everything is visible and every move is applied. */
export function emulatorCallsApi(voiceApi: VoiceApiEmulator): CallsApi {
  const dequeues: DequeueEvent[] = [];
  voiceApi.onDequeue((event) => dequeues.push(event));
  return callsApiOver({
    description: `the Calls API emulator at ${voiceApi.url} (in-process)`,
    calls: async () => voiceApi.calls(),
    dequeues: async () => dequeues,
    addInboundCall: async (from, to) => voiceApi.addInboundCall({ from, to }).sid,
    async setCallStatus(sid, status) {
      if (voiceApi.call(sid)) voiceApi.setCallStatus(sid, status);
    },
    async enqueue(queueName, callSid, maxSize) {
      try {
        voiceApi.enqueue(queueName, callSid, maxSize);
      } catch (error) {
        if (error instanceof QueueFullError) return 'full';
        throw error;
      }
      return voiceApi.queues().find((q) => q.friendlyName === queueName)!;
    },
    leaveQueue: async (callSid) => voiceApi.leaveQueue(callSid),
    queues: async () => voiceApi.queues(),
    addRecording: async (mp3) => voiceApi.addRecording({ mp3 }),
  });
}

function flatten(params: Record<string, string | string[]>): Array<[string, string]> {
  return Object.entries(params).flatMap(([k, v]): Array<[string, string]> => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]]));
}

/**
 * The emulator of a running `npm start`, over HTTP: Twilio's own API does not show a call's Url or
 * callbacks, nor add a queue member, so this uses the emulator's control API (/_emulator/…), which
 * sees and moves everything the in-process object does.
 */
export function httpCallsApi(options: { url: string; accountSid: string; authToken: string }): CallsApi {
  const auth = 'Basic ' + Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64');
  const request = async (method: string, path: string, body?: unknown, allow: number[] = []): Promise<Response> => {
    const url = `${options.url}/_emulator/${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { Authorization: auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new SimulationError(`the Calls API emulator does not answer on ${options.url} (${(error as Error).message}); set VOICE_API_EMULATOR_PORT to the port npm start printed`);
    }
    if (!res.ok && !allow.includes(res.status)) {
      const text = await res.text();
      // The list endpoints always exist: a 404 there is an emulator from before the control API.
      const hint = res.status === 404 && (path === 'calls' || path === 'dequeues') ? ' (an emulator without the control API: restart npm start)' : '';
      throw new SimulationError(`the Calls API emulator at ${options.url} answered ${res.status} to ${method} /_emulator/${path}${hint}: ${text}`);
    }
    return res;
  };
  return callsApiOver({
    description: `the Calls API emulator at ${options.url} (over HTTP)`,
    calls: async () => ((await (await request('GET', 'calls')).json()) as { calls: EmulatedCall[] }).calls,
    dequeues: async () => ((await (await request('GET', 'dequeues')).json()) as { dequeues: DequeueEvent[] }).dequeues,
    addInboundCall: async (from, to) => ((await (await request('POST', 'inbound-calls', { from, to })).json()) as EmulatedCall).sid,
    async setCallStatus(sid, status) {
      // A call the emulator does not know (404) is not one it shows the product: nothing to move.
      await request('POST', `calls/${encodeURIComponent(sid)}/status`, { status }, [404]);
    },
    async enqueue(queueName, callSid, maxSize) {
      const res = await request('POST', `queues/${encodeURIComponent(queueName)}/members`, { callSid, maxSize }, [409]);
      return res.status === 409 ? 'full' : ((await res.json()) as QueueSnapshot);
    },
    async leaveQueue(callSid) {
      await request('DELETE', `queue-members/${encodeURIComponent(callSid)}`);
    },
    queues: async () => ((await (await request('GET', 'queues')).json()) as { queues: QueueSnapshot[] }).queues,
    addRecording: async (mp3) => (await (await request('POST', 'recordings', { mp3: mp3.toString('base64') })).json()) as { sid: string; url: string },
  });
}
