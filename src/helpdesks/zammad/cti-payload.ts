import type { CallRecord } from '../../calls/call-record';
import type { LifecycleEvent } from '../../calls/lifecycle-event';

export type NumberFormat = 'digits' | 'e164';

export interface CtiPayload {
  event: 'newCall' | 'answer' | 'hangup';
  direction: 'in' | 'out';
  callId: string;
  from: string;
  to: string;
  user?: string | string[];
  queue?: string;
  answeringNumber?: string;
  cause?: string;
}

export interface CtiContext {
  numberFormat: NumberFormat;
  /** The queue name for queued calls; other inbound calls are filed under the number called. */
  queueName: string;
}

/**
 * One lifecycle event as a Generic CTI request, or null for events Zammad has no place for
 * (the voicemail recording and its transcript).
 */
export function ctiPayload(event: LifecycleEvent, record: CallRecord, context: CtiContext): CtiPayload | null {
  const base = {
    direction: record.direction,
    callId: record.callId,
    from: formatNumber(record.from, context.numberFormat),
    to: formatNumber(record.to, context.numberFormat),
  };
  switch (event.type) {
    case 'started': {
      const names = event.offeredTo.map((a) => a.name);
      const queue = record.direction === 'in' ? (record.queuedAt ? context.queueName : base.to) : base.from;
      return { event: 'newCall', ...base, queue, ...(names.length ? { user: names } : {}) };
    }
    case 'answered':
      if (event.voicemail) return { event: 'answer', ...base, user: 'voicemail' };
      // `user` must be a string on answer: Zammad fails on an array there.
      return {
        event: 'answer',
        ...base,
        user: event.agentName ?? event.agentId ?? '',
        ...(event.answeringNumber ? { answeringNumber: formatNumber(event.answeringNumber, context.numberFormat) } : {}),
      };
    case 'ended':
      return { event: 'hangup', ...base, cause: event.cause };
    case 'voicemail':
    case 'transcription':
      return null;
  }
}

/** A number Zammad chose (a routing table's caller id) back in E.164. */
export function fromZammadNumber(number: string, format: NumberFormat): string {
  return format === 'digits' && /^\d{7,15}$/.test(number) ? `+${number}` : number;
}

/**
 * Zammad compares numbers as plain strings (block list, routing table), so every request uses
 * one format: E.164 digits without '+' by default, as Zammad's own examples do.
 */
export function formatNumber(number: string, format: NumberFormat): string {
  if (format === 'digits' && /^\+\d+$/.test(number)) return number.slice(1);
  return number;
}
