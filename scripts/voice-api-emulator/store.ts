/**
 * In-memory Voice state: calls, queues and queue membership.
 *
 * Every method is synchronous: the HTTP layer awaits only while reading the body, so a check-then-write
 * (dequeue the front member, hang up a ringing call) can never interleave with another request.
 * Methods used by both REST handlers and the simulator API throw plain Errors for simulator misuse;
 * REST handlers validate before calling, and map "not found" to Twilio errors themselves.
 */
import { afterHangUp, canMove, isFinal, type HangUpRequest } from './call-status';
import { emit, subscribe, type Listener } from './events';
import { CallPacer } from './pacing';
import { isSid, newSid } from './sids';
import type { CallStatus, DequeueEvent, EmulatedCall, FormParams, InboundCallInput, QueueSnapshot } from './types';

export interface CallRecord extends EmulatedCall {
  /** Creation order, the sort key of the Calls list (newest first) and its page tokens. */
  seq: number;
  updatedAt: number;
  /** When it started ringing (start_time); null while queued. */
  startedAt: number | null;
  answeredAt: number | null;
  /** When it completed (end_time); null otherwise. */
  endedAt: number | null;
  /** Seconds, once completed. */
  duration: number | null;
}

export interface MemberRecord {
  callSid: string;
  enqueuedAt: number;
  /** Enqueue order, the page-token key of the Members list. */
  seq: number;
}

export interface QueueRecord {
  sid: string;
  seq: number;
  friendlyName: string;
  maxSize: number;
  createdAt: number;
  updatedAt: number;
  /** Front first. */
  members: MemberRecord[];
}

/** <Enqueue> creates a missing queue with Twilio's current default maximum. */
export const ENQUEUE_DEFAULT_MAX_SIZE = 1000;
export const MAX_QUEUE_SIZE = 5000;
export const MAX_QUEUE_NAME_CHARS = 64;

/** Thrown by enqueue() when the queue is at its MaxSize: <Enqueue> would report QueueResult=queue-full. */
export class QueueFullError extends Error {
  constructor(readonly queueName: string) {
    super(`Queue ${queueName} is full`);
    this.name = 'QueueFullError';
  }
}

/** What a create request settles; the store adds identity, status, timing and history. */
export type NewOutboundCall = Pick<
  EmulatedCall,
  | 'accountSid'
  | 'to'
  | 'from'
  | 'url'
  | 'method'
  | 'twiml'
  | 'applicationSid'
  | 'statusCallback'
  | 'statusCallbackEvents'
  | 'statusCallbackMethod'
  | 'timeout'
  | 'callerId'
  | 'machineDetection'
  | 'params'
>;

export interface CallChange {
  url?: string;
  method?: string;
  twiml?: string;
  statusCallback?: string;
  statusCallbackMethod?: string;
  hangUp?: HangUpRequest;
}

export class VoiceStore {
  private readonly callsBySid = new Map<string, CallRecord>();
  private readonly queuesBySid = new Map<string, QueueRecord>();
  private readonly pacer: CallPacer;
  private nextSeq = 1;
  private readonly dequeueListeners = new Set<Listener<DequeueEvent>>();
  private readonly createdListeners = new Set<Listener<EmulatedCall>>();
  readonly counters = { callsCreated: 0, cpsViolations: 0, requests: 0 };

  constructor(
    private readonly now: () => number,
    callsPerSecond: number | false,
    /** Account of calls and queues that did not come through a REST path (inbound calls). */
    readonly defaultAccountSid: string,
  ) {
    this.pacer = new CallPacer(callsPerSecond);
  }

  // ---- calls ----

  createCall(input: NewOutboundCall): CallRecord {
    const now = this.now();
    const slot = this.pacer.schedule(now);
    const call: CallRecord = {
      ...input,
      sid: newSid('CA'),
      seq: this.nextSeq++,
      direction: 'outbound-api',
      status: 'queued',
      createdAt: now,
      updatedAt: now,
      startAt: slot.startAt,
      startedAt: null,
      answeredAt: null,
      endedAt: null,
      duration: null,
      updates: [],
    };
    this.callsBySid.set(call.sid, call);
    this.counters.callsCreated += 1;
    if (slot.delayed) this.counters.cpsViolations += 1;
    emit(this.createdListeners, publicCall(call));
    return call;
  }

  addInboundCall(input: InboundCallInput): CallRecord {
    const now = this.now();
    const status = input.status ?? 'ringing';
    if (status !== 'ringing' && status !== 'in-progress') {
      throw new Error(`An inbound call starts ringing or in-progress, not ${String(status)}`);
    }
    const call: CallRecord = {
      sid: newSid('CA'),
      seq: this.nextSeq++,
      accountSid: this.defaultAccountSid,
      direction: 'inbound',
      to: input.to,
      from: input.from,
      status,
      url: null,
      method: 'POST',
      twiml: null,
      applicationSid: null,
      statusCallback: null,
      statusCallbackEvents: [],
      statusCallbackMethod: 'POST',
      timeout: 0,
      createdAt: now,
      updatedAt: now,
      startAt: now,
      startedAt: now,
      answeredAt: status === 'in-progress' ? now : null,
      endedAt: null,
      duration: null,
      params: {},
      updates: [],
    };
    this.callsBySid.set(call.sid, call);
    return call;
  }

  getCall(sid: string): CallRecord | undefined {
    return this.callsBySid.get(sid);
  }

  /** Creation order. */
  listCalls(): CallRecord[] {
    return [...this.callsBySid.values()];
  }

  /** Applies an accepted REST update (validated by the handler) and records it. */
  updateCall(call: CallRecord, change: CallChange, params: FormParams): void {
    const now = this.now();
    if (change.url !== undefined) {
      call.url = change.url;
      call.twiml = null;
    } else if (change.twiml !== undefined) {
      call.twiml = change.twiml;
      call.url = null;
    }
    if (change.method !== undefined) call.method = change.method;
    if (change.statusCallback !== undefined) call.statusCallback = change.statusCallback;
    if (change.statusCallbackMethod !== undefined) call.statusCallbackMethod = change.statusCallbackMethod;
    call.updates.push({ at: now, params });
    call.updatedAt = now;
    if (change.hangUp !== undefined) {
      const next = afterHangUp(call.status, change.hangUp);
      if (next !== undefined) this.moveTo(call, next, undefined);
    }
  }

  /** The simulator's status move; throws on an unknown call or a move the lifecycle does not allow. */
  setCallStatus(sid: string, status: CallStatus, extra?: { duration?: number }): void {
    const call = this.callsBySid.get(sid);
    if (!call) throw new Error(`No call ${sid} in the Voice API emulator`);
    if (call.status === status) return;
    if (!canMove(call.status, status)) throw new Error(`Call ${sid} cannot move from ${call.status} to ${status}`);
    this.moveTo(call, status, extra?.duration);
  }

  private moveTo(call: CallRecord, status: CallStatus, duration: number | undefined): void {
    const now = this.now();
    if (status === 'ringing' || status === 'in-progress') call.startedAt ??= now;
    if (status === 'in-progress') call.answeredAt = now;
    if (status === 'completed') {
      call.endedAt = now;
      call.duration = duration ?? Math.max(0, Math.round((now - (call.answeredAt ?? now)) / 1000));
    }
    call.status = status;
    call.updatedAt = now;
    if (isFinal(status)) this.leaveQueue(call.sid);
  }

  // ---- queues ----

  createQueue(friendlyName: string, maxSize: number): QueueRecord {
    const now = this.now();
    const queue: QueueRecord = {
      sid: newSid('QU'),
      seq: this.nextSeq++,
      friendlyName,
      maxSize,
      createdAt: now,
      updatedAt: now,
      members: [],
    };
    this.queuesBySid.set(queue.sid, queue);
    return queue;
  }

  getQueue(sid: string): QueueRecord | undefined {
    return this.queuesBySid.get(sid);
  }

  findQueueByName(friendlyName: string): QueueRecord | undefined {
    return [...this.queuesBySid.values()].find((queue) => queue.friendlyName === friendlyName);
  }

  /** Creation order. */
  listQueues(): QueueRecord[] {
    return [...this.queuesBySid.values()];
  }

  updateQueue(queue: QueueRecord, change: { friendlyName?: string; maxSize?: number }): void {
    if (change.friendlyName !== undefined) queue.friendlyName = change.friendlyName;
    if (change.maxSize !== undefined) queue.maxSize = change.maxSize;
    queue.updatedAt = this.now();
  }

  deleteQueue(queue: QueueRecord): void {
    this.queuesBySid.delete(queue.sid);
  }

  /** `maxSize` is <Enqueue maxQueueSize>: it sizes a queue this creates, never one that exists. */
  enqueue(queueName: string, callSid: string, maxSize = ENQUEUE_DEFAULT_MAX_SIZE): void {
    const length = [...queueName].length;
    if (length < 1 || length > MAX_QUEUE_NAME_CHARS) {
      throw new Error(`A queue name has 1 to ${MAX_QUEUE_NAME_CHARS} characters (Enqueue errors 14204/14205)`);
    }
    if (!isSid('CA', callSid)) throw new Error(`Not a call sid: ${callSid}`);
    const call = this.callsBySid.get(callSid);
    if (call && isFinal(call.status)) {
      throw new Error(`Call ${callSid} has ended (${call.status}) and cannot be enqueued`);
    }
    const queue = this.findQueueByName(queueName) ?? this.createQueue(queueName, maxSize);
    const alreadyHere = queue.members.some((member) => member.callSid === callSid);
    if (!alreadyHere && queue.members.length >= queue.maxSize) throw new QueueFullError(queueName);
    this.leaveQueue(callSid);
    queue.members.push({ callSid, enqueuedAt: this.now(), seq: this.nextSeq++ });
  }

  leaveQueue(callSid: string): void {
    for (const queue of this.queuesBySid.values()) {
      const index = queue.members.findIndex((member) => member.callSid === callSid);
      if (index !== -1) queue.members.splice(index, 1);
    }
  }

  /** `Front` or a call sid; undefined when the queue is empty or the call is not in it. */
  findMember(queue: QueueRecord, callSidOrFront: string): MemberRecord | undefined {
    if (callSidOrFront === 'Front') return queue.members[0];
    return queue.members.find((member) => member.callSid === callSidOrFront);
  }

  /** Position counted from 1 at the front, as Twilio reports it. */
  positionOf(queue: QueueRecord, member: MemberRecord): number {
    return queue.members.indexOf(member) + 1;
  }

  /** The REST dequeue: the member leaves and its call runs the TwiML at `url`. */
  dequeue(queue: QueueRecord, member: MemberRecord, url: string, method: string): void {
    queue.members = queue.members.filter((entry) => entry !== member);
    const call = this.callsBySid.get(member.callSid);
    if (call) {
      call.url = url;
      call.method = method;
      call.twiml = null;
      call.updatedAt = this.now();
    }
    emit(this.dequeueListeners, { queueSid: queue.sid, callSid: member.callSid, url, method });
  }

  // ---- listeners ----

  onDequeue(listener: Listener<DequeueEvent>): () => void {
    return subscribe(this.dequeueListeners, listener);
  }

  onCallCreated(listener: Listener<EmulatedCall>): () => void {
    return subscribe(this.createdListeners, listener);
  }
}

/** The public view of a call: a deep copy, so callers cannot change the emulator's state through it. */
export function publicCall(call: CallRecord): EmulatedCall {
  const {
    seq: _seq,
    updatedAt: _updatedAt,
    startedAt: _startedAt,
    answeredAt: _answeredAt,
    endedAt: _endedAt,
    duration: _duration,
    ...view
  } = call;
  return structuredClone(view);
}

export function queueSnapshot(queue: QueueRecord): QueueSnapshot {
  return {
    sid: queue.sid,
    friendlyName: queue.friendlyName,
    maxSize: queue.maxSize,
    members: queue.members.map((member) => ({ callSid: member.callSid, enqueuedAt: member.enqueuedAt })),
  };
}
