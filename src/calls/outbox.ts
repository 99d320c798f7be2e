import { ItemExistsError, type ItemMap } from '../store';
import type { CallRecord } from './call-record';
import type { CallStore } from './call-store';
import type { LifecycleEvent } from './lifecycle-event';

/** A helpdesk (or any consumer) of lifecycle events. Throws when the event was not taken. */
export interface EventSink {
  readonly name: string;
  deliver(event: LifecycleEvent, record: CallRecord): Promise<void>;
}

const LEASE_SECONDS = 10;

export interface PendingCall {
  callId: string;
  since: string;
}

export interface FlushResult {
  delivered: number;
  failed: Array<{ sink: string; seq: number; error: string }>;
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
    const result: FlushResult = { delivered: 0, failed: [] };
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

  private undelivered(record: CallRecord): boolean {
    return this.sinks.some((sink) => (record.delivered[sink.name] ?? 0) < record.events.length);
  }

  /** Retries every call with undelivered events, oldest first; for a periodic trigger. */
  async flushPending(limit = 50): Promise<FlushResult & { calls: number }> {
    const waiting = (await this.pending.list()).map((i) => i.data).sort((a, b) => a.since.localeCompare(b.since)).slice(0, limit);
    const total: FlushResult & { calls: number } = { delivered: 0, failed: [], calls: waiting.length };
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
        await sink.deliver(event, record);
      } catch (error) {
        result.failed.push({ sink: sink.name, seq: event.seq, error: error instanceof Error ? error.message : String(error) });
        return;
      }
      cursor = event.seq;
      result.delivered += 1;
      await this.calls.change(record.callId, (current) =>
        (current.delivered[sink.name] ?? 0) >= cursor ? null : { ...current, delivered: { ...current.delivered, [sink.name]: cursor } },
      );
    }
  }

  private async markPending(callId: string): Promise<void> {
    try {
      await this.pending.create(callId, { callId, since: new Date().toISOString() });
    } catch (error) {
      if (!(error instanceof ItemExistsError)) throw error;
    }
  }
}
