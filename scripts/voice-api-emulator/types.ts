/** Public types of the embedded Twilio Voice REST API emulator (2010-04-01 Calls, Queues, Queue Members, recording media). */
import type { AddedRecording, RecordingAudio } from './recordings';

export type CallStatus =
  | 'queued'
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'failed'
  | 'no-answer'
  | 'canceled';

/** Form parameters exactly as sent; a name sent more than once (StatusCallbackEvent) gives an array. */
export type FormParams = Record<string, string | string[]>;

export interface VoiceApiEmulatorOptions {
  /** Default 0: the OS picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. Only loopback hosts are accepted: the emulator has no real security. */
  host?: string;
  /** Millisecond clock, injectable so pacing and wait times need no real waiting. Default Date.now. */
  now?: () => number;
  /** When set, Basic auth must match (401 / 20003). When unset, any Basic auth is accepted, but one must be sent. */
  credentials?: { username: string; password: string };
  /**
   * The account's calls-per-second limit, default 1. Twilio does not reject creates above it, it queues
   * them; so does the emulator: each call's `startAt` is at least 1/cps after the previous call's, and
   * `stats().cpsViolations` counts creates that arrived before the next free slot. `false` = no pacing.
   */
  callsPerSecond?: number | false;
}

export interface EmulatedCall {
  sid: string;
  accountSid: string;
  /** 'outbound-api' for calls created over REST; 'inbound' for calls a simulator registered with addInboundCall. */
  direction: 'outbound-api' | 'inbound';
  to: string;
  from: string;
  status: CallStatus;
  /** The instructions the call will run (or runs) now: after a redirect or dequeue, the new ones. */
  url: string | null;
  method: string;
  twiml: string | null;
  /** Set when the call was created with an ApplicationSid (which takes precedence over Url and Twiml). */
  applicationSid: string | null;
  statusCallback: string | null;
  /** The events that will be reported: as sent, else ['completed'] when a StatusCallback is set, else []. */
  statusCallbackEvents: string[];
  statusCallbackMethod: string;
  /** Seconds to let it ring (default 60, at most 600). */
  timeout: number;
  callerId?: string;
  machineDetection?: string;
  createdAt: number;
  /** When Twilio would start dialing, after CPS pacing (equals createdAt when pacing is off or the slot was free). */
  startAt: number;
  /** Raw form params of the create request, as sent. */
  params: FormParams;
  /** Every accepted POST to the call resource, in order (rejected ones changed nothing and are not listed). */
  updates: Array<{ at: number; params: FormParams }>;
}

export interface QueueSnapshot {
  sid: string;
  friendlyName: string;
  maxSize: number;
  /** In queue order: the front member first. */
  members: Array<{ callSid: string; enqueuedAt: number }>;
}

export interface DequeueEvent {
  queueSid: string;
  callSid: string;
  url: string;
  method: string;
}

export interface VoiceApiStats {
  /** Successful POST Calls.json. */
  callsCreated: number;
  /** Creates that had to wait for a CPS slot (their startAt is later than their createdAt). */
  cpsViolations: number;
  /** Every HTTP request received, including rejected ones. */
  requests: number;
}

export interface InboundCallInput {
  from: string;
  to: string;
  /** Default 'ringing'. */
  status?: 'ringing' | 'in-progress';
}

export interface VoiceApiEmulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:54321 */
  url: string;
  close(): Promise<void>;
  /** Calls in creation order (snapshots: changing them changes nothing). */
  calls(): EmulatedCall[];
  call(sid: string): EmulatedCall | undefined;
  /**
   * Moves a call along, as the network would: queued → ringing → in-progress → completed, or from
   * queued/ringing to busy, failed, no-answer or canceled. Throws on an unknown call or a move backwards
   * or out of a final status. A call that ends also leaves its queue.
   */
  setCallStatus(sid: string, status: CallStatus, extra?: { duration?: number }): void;
  /**
   * Registers a call that reached the account from outside (an inbound caller), so the product can
   * fetch, redirect or hang it up over REST and a simulator can enqueue it. Not counted as created.
   */
  addInboundCall(input: InboundCallInput): EmulatedCall;
  queues(): QueueSnapshot[];
  /**
   * What <Enqueue>name</Enqueue> does: puts the call at the back of the named queue, creating the queue
   * on demand (max size `maxSize`, default 1000). A call already in a queue moves. Throws QueueFullError when full.
   */
  enqueue(queueName: string, callSid: string, maxSize?: number): void;
  /** The caller hung up or ran <Leave>: the call leaves its queue. No effect if it is in none. */
  leaveQueue(callSid: string): void;
  /** Fired when a member is dequeued over REST (POST Members/{CallSid|Front}.json with Url). */
  onDequeue(listener: (event: DequeueEvent) => void): () => void;
  /** Fired after each successful POST Calls.json, before the response is sent. */
  onCallCreated(listener: (call: EmulatedCall) => void): () => void;
  stats(): VoiceApiStats;
  /**
   * A recording of the account, served as Twilio serves recording media (GET …/Recordings/{Sid}.mp3 or .wav,
   * Basic auth); returns its sid and the RecordingUrl a callback would carry.
   */
  addRecording(audio: RecordingAudio): AddedRecording;
}
