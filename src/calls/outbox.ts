import { helpdeskTimeSpent } from '../http/request-budget';
import { ItemExistsError, type ItemMap } from '../store';
import type { CallRecord } from './call-record';
import type { CallStore } from './call-store';
import { rejectCall } from './call-transitions';
import type { LifecycleEvent } from './lifecycle-event';
import { log } from '../logging/masked-log';

/** What a helpdesk may answer to an event: Zammad can block a caller or pick an outbound caller id. */
export interface SinkReply {
  rejectCall?: boolean;
  callerId?: string;
  /**
   * Not taken yet: the sink waits for more of the call (a transcript) and wants the event again
   * on a later flush. Not an error; the call stays pending. The sink decides how long it waits.
   */
  later?: boolean;
  /** What the sink needs to remember about this call (the ticket it made), kept with the record. */
  remember?: Record<string, unknown>;
}

export interface DeliveryContext {
  /** An earlier attempt at this event may have been applied: check before sending it again. */
  uncertain: boolean;
}

/** A helpdesk (or any consumer) of lifecycle events. Throws when the event was not taken. */
export interface EventSink {
  readonly name: string;
  deliver(event: LifecycleEvent, record: CallRecord, context: DeliveryContext): Promise<SinkReply | void>;
}

/** A delivery failed; `ambiguous` when it may have reached the helpdesk anyway. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly ambiguous: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

const LEASE_SECONDS = 10;

export interface PendingCall {
  callId: string;
  since: string;
}

export interface FlushResult {
  delivered: number;
  failed: Array<{ sink: string; seq: number; error: string }>;
  replies: SinkReply[];
}

/**
 * Events are stored in the call record before anything is sent, so a failing sink loses
 * nothing. Each sink takes a call's events strictly in order from its own cursor; a call with
 * something undelivered is listed in the pending map until a later flush gets it through.
 */
export class Outbox {
  constructor(
    private readonly calls: CallStore,
    private readonly sinks: readonly EventSink[],
    private readonly pending: ItemMap<PendingCall>,
  ) {}

  async flushCall(callId: string): Promise<FlushResult> {
    const result: FlushResult = { delivered: 0, failed: [], replies: [] };
    if (this.sinks.length === 0) return result;
    // Nothing could be sent: spare the Sync round trips, the next flush has the call.
    if (helpdeskTimeSpent()) {
      await this.markPending(callId);
      return result;
    }
    // One deliverer per call at a time, or two Functions could both send the same event.
    const lease = await this.calls.lease(callId, 'outbox', LEASE_SECONDS);
    if (!lease) {
      await this.markPending(callId);
      return result;
    }
    try {
      let record = await this.calls.get(callId);
      // Round again while events arrive during delivery; stop when a round takes nothing (a sink failed or waits).
      for (let before = -1; record && result.failed.length === 0 && this.undelivered(record) && result.delivered > before; ) {
        before = result.delivered;
        for (const sink of this.sinks) await this.flushSink(sink, record, result);
        record = await this.calls.get(callId);
      }
      if (record && this.undelivered(record)) await this.markPending(callId);
      else await this.pending.remove(callId).catch(() => undefined);
    } finally {
      await lease.release();
    }
    return result;
  }

  /**
   * Delivers a new call's first events and applies a helpdesk's verdict on it: true when a
   * helpdesk blocked the caller, in which case the call has been ended as refused.
   */
  async announceNewCall(callId: string, now: Date): Promise<{ rejected: boolean; callerId?: string }> {
    const { replies } = await this.flushCall(callId);
    const callerId = replies.find((r) => r.callerId)?.callerId;
    if (!replies.some((r) => r.rejectCall)) return { rejected: false, callerId };
    const { changed } = await this.calls.change(callId, (r) => rejectCall(r, now));
    if (changed) await this.flushCall(callId);
    return { rejected: true };
  }

  /**
   * Stores a new call with its first events already delivered, in the one write that creates it:
   * the caller waits on every Sync round trip. No lease is needed, since no other Function can
   * deliver the events of a call no record names yet. When the record already existed (a Studio
   * flow reported the call, a duplicate webhook) nothing is stored and the helpdesk has been told
   * of the call once more, which it takes as a repeat (Zammad: "already exists").
   */
  async createAnnounced(record: CallRecord, now: Date): Promise<{ created: true; rejected: boolean } | { created: false; record: CallRecord }> {
    const replies: SinkReply[] = [];
    let announced = await this.deliverUnstored(record, replies);
    const rejected = replies.some((r) => r.rejectCall);
    const refused = rejected ? rejectCall(announced, now) : null;
    if (refused) announced = await this.deliverUnstored(refused, replies);
    const stored = await this.calls.create(announced);
    if (!stored.created) return { created: false, record: stored.record };
    if (this.undelivered(announced)) await this.markPending(record.callId);
    return { created: true, rejected };
  }

  /** Each sink's undelivered events of a record not stored yet; returns it with the cursors moved on. */
  private async deliverUnstored(record: CallRecord, replies: SinkReply[]): Promise<CallRecord> {
    let current = record;
    for (const sink of this.sinks) {
      for (const event of current.events.slice(current.delivered[sink.name] ?? 0)) {
        const outcome = await this.deliverOne(sink, event, current);
        if (!outcome.delivered) {
          if (outcome.ambiguous) current = { ...current, uncertain: { ...current.uncertain, [sink.name]: event.seq } };
          break;
        }
        if (outcome.reply?.later) break;
        if (outcome.reply) replies.push(outcome.reply);
        current = taken(current, sink.name, event.seq, outcome.reply);
      }
    }
    return current;
  }

  /** One event to one sink; a refusal is logged here, once. */
  private async deliverOne(
    sink: EventSink,
    event: LifecycleEvent,
    record: CallRecord,
  ): Promise<{ delivered: true; reply: SinkReply | void } | { delivered: false; error: string; ambiguous: boolean }> {
    try {
      return { delivered: true, reply: await sink.deliver(event, record, { uncertain: record.uncertain?.[sink.name] === event.seq }) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`outbox: ${sink.name} did not take event ${event.seq} (${event.type}) of call ${record.callId}: ${message}`);
      return { delivered: false, error: message, ambiguous: error instanceof DeliveryError && error.ambiguous };
    }
  }

  private undelivered(record: CallRecord): boolean {
    return this.sinks.some((sink) => (record.delivered[sink.name] ?? 0) < record.events.length);
  }

  /**
   * Retries every call with undelivered events, oldest first; for a periodic trigger. Stops when
   * the request's helpdesk time is spent: the calls not tried (`deferred`) stay pending, in order,
   * for the next flush.
   */
  async flushPending(limit = 50): Promise<FlushResult & { calls: number; deferred: number }> {
    const waiting = (await this.pending.list()).map((i) => i.data).sort((a, b) => a.since.localeCompare(b.since)).slice(0, limit);
    const total: FlushResult & { calls: number; deferred: number } = { delivered: 0, failed: [], replies: [], calls: waiting.length, deferred: 0 };
    for (const [index, { callId }] of waiting.entries()) {
      if (helpdeskTimeSpent()) {
        total.deferred = waiting.length - index;
        break;
      }
      const { delivered, failed } = await this.flushCall(callId);
      total.delivered += delivered;
      total.failed.push(...failed);
    }
    return total;
  }

  private async flushSink(sink: EventSink, read: CallRecord, result: FlushResult): Promise<void> {
    let record = read;
    for (const event of record.events.slice(record.delivered[sink.name] ?? 0)) {
      const outcome = await this.deliverOne(sink, event, record);
      if (!outcome.delivered) {
        result.failed.push({ sink: sink.name, seq: event.seq, error: outcome.error });
        if (outcome.ambiguous) await this.markUncertain(record.callId, sink.name, event.seq);
        return;
      }
      if (outcome.reply?.later) return;
      if (outcome.reply) result.replies.push(outcome.reply);
      result.delivered += 1;
      record = taken(record, sink.name, event.seq, outcome.reply);
      await this.calls.change(record.callId, (current) =>
        (current.delivered[sink.name] ?? 0) >= event.seq ? null : taken(current, sink.name, event.seq, outcome.reply),
      );
    }
  }

  private async markUncertain(callId: string, sink: string, seq: number): Promise<void> {
    await this.calls.change(callId, (current) =>
      current.uncertain?.[sink] === seq ? null : { ...current, uncertain: { ...current.uncertain, [sink]: seq } },
    );
  }

  private async markPending(callId: string): Promise<void> {
    try {
      await this.pending.create(callId, { callId, since: new Date().toISOString() });
    } catch (error) {
      if (!(error instanceof ItemExistsError)) throw error;
    }
  }
}

/** The record once `sink` has taken event `seq`: its cursor moved on, no doubt left, what it asked to remember kept. */
function taken(record: CallRecord, sink: string, seq: number, reply: SinkReply | void): CallRecord {
  const { [sink]: _settled, ...uncertain } = record.uncertain ?? {};
  const remembered = reply?.remember ? { sinkState: { ...record.sinkState, [sink]: { ...record.sinkState?.[sink], ...reply.remember } } } : {};
  return { ...record, delivered: { ...record.delivered, [sink]: seq }, uncertain, ...remembered };
}
