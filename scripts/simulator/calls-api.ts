import { randomBytes } from 'node:crypto';
import type { CallStatus, VoiceApiEmulator } from '../voice-api-emulator';
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
  enqueue(queueName: string, callSid: string): Promise<void>;
  leaveQueue(callSid: string): Promise<void>;
}

export const newCallSid = (): string => 'CA' + randomBytes(16).toString('hex');

/** The emulator object itself: everything is visible and every move is applied. */
export function emulatorCallsApi(voiceApi: VoiceApiEmulator): CallsApi {
  const seen = new Set<string>();
  const updatesSeen = new Map<string, number>();
  const dequeues: string[] = [];
  voiceApi.onDequeue((event) => dequeues.push(`dequeue of ${event.callSid} to ${event.url}`));
  return {
    description: `the Calls API emulator at ${voiceApi.url} (in-process)`,
    async begin() {
      for (const call of voiceApi.calls()) seen.add(call.sid);
    },
    async registerInbound(from, to) {
      const call = voiceApi.addInboundCall({ from, to });
      seen.add(call.sid);
      return call.sid;
    },
    async newCalls() {
      const fresh = voiceApi.calls().filter((c) => !seen.has(c.sid));
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
      const changes = dequeues.splice(0);
      for (const call of voiceApi.calls()) {
        const before = updatesSeen.get(call.sid) ?? 0;
        for (const update of call.updates.slice(before)) changes.push(`update of ${call.sid}: ${new URLSearchParams(flatten(update.params)).toString()}`);
        updatesSeen.set(call.sid, call.updates.length);
      }
      return changes;
    },
    async setStatus(sid, status) {
      if (voiceApi.call(sid)) voiceApi.setCallStatus(sid, status);
    },
    async enqueue(queueName, callSid) {
      voiceApi.enqueue(queueName, callSid);
    },
    async leaveQueue(callSid) {
      voiceApi.leaveQueue(callSid);
    },
  };
}

function flatten(params: Record<string, string | string[]>): Array<[string, string]> {
  return Object.entries(params).flatMap(([k, v]): Array<[string, string]> => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]]));
}

/**
 * The emulator of a running `npm start`, over its HTTP API. That API is Twilio's, and Twilio's
 * call resource does not include the call's Url or callbacks, nor can a queue member be added
 * over REST: calls the product places, and queues, can only be played in-process.
 */
export function httpCallsApi(options: { url: string; accountSid: string; authToken: string }): CallsApi {
  const auth = 'Basic ' + Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64');
  const seen = new Set<string>();
  const list = async (): Promise<Array<Record<string, unknown>>> => {
    let res: Response;
    try {
      res = await fetch(`${options.url}/2010-04-01/Accounts/${options.accountSid}/Calls.json?PageSize=1000`, { headers: { Authorization: auth } });
    } catch (error) {
      throw new SimulationError(`the Calls API emulator does not answer on ${options.url} (${(error as Error).message}); set VOICE_API_EMULATOR_PORT to the port npm start printed`);
    }
    if (!res.ok) throw new SimulationError(`the Calls API emulator at ${options.url} answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { calls: Array<Record<string, unknown>> }).calls;
  };
  return {
    description: `the Calls API emulator at ${options.url} (over HTTP)`,
    async begin() {
      for (const call of await list()) seen.add(String(call.sid));
    },
    async registerInbound() {
      return newCallSid();
    },
    async newCalls() {
      const fresh = (await list()).filter((c) => !seen.has(String(c.sid))).reverse();
      for (const call of fresh) seen.add(String(call.sid));
      const outbound = fresh.filter((c) => c.direction === 'outbound-api');
      if (outbound.length > 0 && typeof outbound[0].url !== 'string') {
        throw new SimulationError(
          `the product placed a call over REST (${String(outbound[0].sid)} to ${String(outbound[0].to)}), but the emulator's HTTP API, like Twilio's, does not show a call's Url or callbacks, so it cannot be played against a running npm start: run this scenario with --in-process`,
        );
      }
      return outbound.map((c) => ({
        sid: String(c.sid),
        to: String(c.to),
        from: String(c.from),
        url: typeof c.url === 'string' ? c.url : null,
        method: typeof c.method === 'string' ? c.method : 'POST',
        twiml: null,
        statusCallback: typeof c.status_callback === 'string' ? c.status_callback : null,
        statusCallbackEvents: Array.isArray(c.status_callback_event) ? (c.status_callback_event as string[]) : ['completed'],
        statusCallbackMethod: 'POST',
        timeout: 60,
        startDelaySeconds: 0,
        createdAtMs: Date.now(),
      }));
    },
    async restChanges() {
      return [];
    },
    async setStatus() {
      // Calls the simulator plays are unknown to a separate emulator process; nothing to move.
    },
    async enqueue(queueName) {
      throw new SimulationError(
        `the call entered the Twilio queue "${queueName}", but a queue member cannot be added over Twilio's REST API, so the running npm start's emulator cannot see it: run this scenario with --in-process`,
      );
    },
    async leaveQueue() {
      // Nothing was enqueued there.
    },
  };
}
