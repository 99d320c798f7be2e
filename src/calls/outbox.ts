import { ItemExistsError, type ItemMap } from '../store';
import type { CallRecord } from './call-record';
import type { CallStore } from './call-store';
import { rejectCall } from './call-transitions';
import type { LifecycleEvent } from './lifecycle-event';

/** What a helpdesk may answer to an event: Zammad can block a caller or pick an outbound caller id. */
export interface SinkReply {
  rejectCall?: boolean;
  callerId?: string;
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
    // One deliverer per call at a time, or two Functions could both send the same event.
    const lease = await this.calls.lease(callId, 'outbox', LEASE_SECONDS);
    if (!lease) {
      await this.markPending(callId);
      return result;
    }
    try {
      let record = await this.calls.get(callId);
      while (record && result.failed.length === 0 && this.undelivered(record)) {
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

  private undelivered(record: CallRecord): boolean {
    return this.sinks.some((sink) => (record.delivered[sink.name] ?? 0) < record.events.length);
  }

  /** Retries every call with undelivered events, oldest first; for a periodic trigger. */
  async flushPending(limit = 50): Promise<FlushResult & { calls: number }> {
    const waiting = (await this.pending.list()).map((i) => i.data).sort((a, b) => a.since.localeCompare(b.since)).slice(0, limit);
    const total: FlushResult & { calls: number } = { delivered: 0, failed: [], replies: [], calls: waiting.length };
    for (const { callId } of waiting) {
      const { delivered, failed } = await this.flushCall(callId);
      total.delivered += delivered;
      total.failed.push(...failed);
    }
    return total;
  }

  private async flushSink(sink: EventSink, record: CallRecord, result: FlushResult): Promise<void> {
    let cursor = record.delivered[sink.name] ?? 0;
    for (const event of record.events.slice(cursor)) {
      try {
        const reply = await sink.deliver(event, record, { uncertain: record.uncertain?.[sink.name] === event.seq });
        if (reply) result.replies.push(reply);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.error(`outbox: ${sink.name} did not take event ${event.seq} (${event.type}) of call ${record.callId}: ${message}`);
        result.failed.push({ sink: sink.name, seq: event.seq, error: message });
        if (error instanceof DeliveryError && error.ambiguous) await this.markUncertain(record.callId, sink.name, event.seq);
        return;
      }
      cursor = event.seq;
      result.delivered += 1;
      await this.calls.change(record.callId, (current) => {
        if ((current.delivered[sink.name] ?? 0) >= cursor) return null;
        const { [sink.name]: _settled, ...uncertain } = current.uncertain ?? {};
        return { ...current, delivered: { ...current.delivered, [sink.name]: cursor }, uncertain };
      });
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
