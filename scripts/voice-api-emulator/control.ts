/**
 * The emulator's control API for simulators that run in another process (the call simulator against
 * `npm start`): JSON over loopback under /_emulator/, outside Twilio's paths, the HTTP twin of the
 * in-process methods calls(), addInboundCall, enqueue, leaveQueue, setCallStatus. Same Basic auth as
 * the Twilio paths (any pair when the emulator has no credentials, but one must be sent).
 *
 *   GET    /_emulator/calls                       { calls: EmulatedCall[] }  creation order
 *   GET    /_emulator/calls/{sid}                 EmulatedCall
 *   POST   /_emulator/calls/{sid}/status          { status, duration? }  → the call
 *   POST   /_emulator/inbound-calls               { from, to, status? }  → 201, the call
 *   GET    /_emulator/queues                      { queues: QueueSnapshot[] }
 *   POST   /_emulator/queues/{name}/members       { callSid, maxSize? }  → the queue (409 when full)
 *   DELETE /_emulator/queue-members/{callSid}     → 204 (also when the call is in no queue)
 *   GET    /_emulator/dequeues                    { dequeues: DequeueEvent[] }  every REST dequeue, in order
 *   POST   /_emulator/recordings                  { mp3?, wav? } (base64)  → 201 { sid, url }  addRecording
 *
 * Misuse answers with Twilio's error body shape: 400 / 20001 (bad body, impossible move), 404 / 20404.
 */
import type { IncomingMessage } from 'node:http';
import type { JsonReply } from '../twilio-emulator-kit/http-server';
import { routeFor, type Route, type RouteParams } from '../twilio-emulator-kit/route-table';
import { isCallStatus } from './call-status';
import { invalidParameter, notFound, TwilioApiError } from './errors';
import { MAX_QUEUE_SIZE, publicCall, QueueFullError, queueSnapshot, type VoiceStore } from './store';
import type { DequeueEvent } from './types';
import type { RecordingMediaStore } from './recordings';

export const CONTROL_PREFIX = '/_emulator/';

export interface ControlDeps {
  store: VoiceStore;
  recordings: RecordingMediaStore;
  /** Every REST dequeue since the emulator started. */
  dequeues: readonly DequeueEvent[];
}

type Body = Record<string, unknown>;
type ControlHandler = (body: Body, params: RouteParams, deps: ControlDeps) => JsonReply;

const MAX_BODY_BYTES = 64 * 1024;

const json = (body: unknown, status = 200): JsonReply => ({ status, body });

function callOr404(deps: ControlDeps, sid: string, path: string) {
  const call = deps.store.getCall(sid);
  if (!call) throw notFound(path);
  return call;
}

function text(body: Body, name: string, required: true): string;
function text(body: Body, name: string, required: false): string | undefined;
function text(body: Body, name: string, required: boolean): string | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw invalidParameter(`${name} must be a non-empty string`);
  return value;
}

/** Store methods throw plain Errors for misuse (an impossible move, an ended call): a 400 here. */
function applying<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof TwilioApiError) throw error;
    if (error instanceof QueueFullError) throw new TwilioApiError(409, 20001, error.message);
    throw invalidParameter((error as Error).message);
  }
}

/** Base64 audio of a recording, or undefined when the format is not given. */
function audio(body: Body, name: string): Buffer | undefined {
  const value = text(body, name, false);
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) throw invalidParameter(`${name} must be base64`);
  return Buffer.from(value, 'base64');
}

const ROUTES: ReadonlyArray<Route<ControlHandler>> = [
  {
    pattern: ['_emulator', 'recordings'],
    methods: {
      POST: (body, _p, deps) => {
        const given = { mp3: audio(body, 'mp3'), wav: audio(body, 'wav') };
        if (!given.mp3 && !given.wav) throw invalidParameter('mp3 or wav is required');
        return json(deps.recordings.add(deps.store.defaultAccountSid, given), 201);
      },
    },
  },
  {
    pattern: ['_emulator', 'calls'],
    methods: { GET: (_b, _p, deps) => json({ calls: deps.store.listCalls().map(publicCall) }) },
  },
  {
    pattern: ['_emulator', 'calls', ':call'],
    methods: { GET: (_b, params, deps) => json(publicCall(callOr404(deps, params.call, `/_emulator/calls/${params.call}`))) },
  },
  {
    pattern: ['_emulator', 'calls', ':call', 'status'],
    methods: {
      POST: (body, params, deps) => {
        const call = callOr404(deps, params.call, `/_emulator/calls/${params.call}`);
        const status = text(body, 'status', true);
        if (!isCallStatus(status)) throw invalidParameter(`status ${status} is not a call status`);
        const duration = body.duration;
        if (duration !== undefined && (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0)) {
          throw invalidParameter('duration must be a number of seconds');
        }
        applying(() => deps.store.setCallStatus(call.sid, status, duration === undefined ? undefined : { duration }));
        return json(publicCall(callOr404(deps, call.sid, `/_emulator/calls/${call.sid}`)));
      },
    },
  },
  {
    pattern: ['_emulator', 'inbound-calls'],
    methods: {
      POST: (body, _p, deps) => {
        const from = text(body, 'from', true);
        const to = text(body, 'to', true);
        const status = text(body, 'status', false);
        if (status !== undefined && status !== 'ringing' && status !== 'in-progress') {
          throw invalidParameter(`an inbound call starts ringing or in-progress, not ${status}`);
        }
        return json(publicCall(applying(() => deps.store.addInboundCall({ from, to, status }))), 201);
      },
    },
  },
  {
    pattern: ['_emulator', 'queues'],
    methods: { GET: (_b, _p, deps) => json({ queues: deps.store.listQueues().map(queueSnapshot) }) },
  },
  {
    pattern: ['_emulator', 'queues', ':queue', 'members'],
    methods: {
      POST: (body, params, deps) => {
        const callSid = text(body, 'callSid', true);
        const maxSize = body.maxSize;
        if (maxSize !== undefined && (typeof maxSize !== 'number' || !Number.isInteger(maxSize) || maxSize < 1 || maxSize > MAX_QUEUE_SIZE)) {
          throw invalidParameter(`maxSize must be a whole number from 1 to ${MAX_QUEUE_SIZE}`);
        }
        applying(() => deps.store.enqueue(params.queue, callSid, maxSize));
        const queue = deps.store.findQueueByName(params.queue);
        return json(queue && queueSnapshot(queue));
      },
    },
  },
  {
    pattern: ['_emulator', 'queue-members', ':call'],
    methods: {
      DELETE: (_b, params, deps) => {
        deps.store.leaveQueue(params.call);
        return { status: 204 };
      },
    },
  },
  {
    pattern: ['_emulator', 'dequeues'],
    methods: { GET: (_b, _p, deps) => json({ dequeues: deps.dequeues.map((event) => ({ ...event })) }) },
  },
];

export async function answerControl(req: IncomingMessage, path: string, deps: ControlDeps): Promise<JsonReply> {
  const method = req.method ?? 'GET';
  const { handler, params } = routeFor(ROUTES, method, path, {
    ignoreTrailingSlash: false,
    allowEmptyParams: false,
    malformedParam: () => notFound(path),
  });
  const body = method === 'POST' ? await readJson(req) : {};
  return handler(body, params, deps);
}

async function readJson(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new TwilioApiError(413, 20001, `Request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8').trim();
  if (raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter('the body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidParameter('the body must be a JSON object');
  return parsed as Body;
}
