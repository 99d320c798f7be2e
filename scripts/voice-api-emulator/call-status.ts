/**
 * The call lifecycle: which status moves a simulator may make, and what a REST `Status=` update does.
 *
 * Twilio's "Modifying live calls" page: `canceled` hangs up a call that is queued or ringing and does
 * not affect a call already in progress; `completed` hangs up a call even if it is in progress. A call
 * hung up before it was answered ends as `canceled` (our reading; Twilio reports no answer otherwise).
 */
import type { CallStatus } from './types';

export const CALL_STATUSES: readonly CallStatus[] = [
  'queued',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
];

const FINAL: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export function isFinal(status: CallStatus): boolean {
  return FINAL.has(status);
}

export function isCallStatus(value: string): value is CallStatus {
  return (CALL_STATUSES as readonly string[]).includes(value);
}

/**
 * Moves a simulator may make. Forward only: queued → ringing → in-progress → completed | failed, and
 * before an answer to busy, failed, no-answer or canceled. Skipping a step (queued → in-progress) is fine.
 */
const NEXT: Readonly<Record<CallStatus, readonly CallStatus[]>> = {
  queued: ['ringing', 'in-progress', 'busy', 'failed', 'no-answer', 'canceled'],
  ringing: ['in-progress', 'busy', 'failed', 'no-answer', 'canceled'],
  'in-progress': ['completed', 'failed'],
  completed: [],
  busy: [],
  failed: [],
  'no-answer': [],
  canceled: [],
};

export function canMove(from: CallStatus, to: CallStatus): boolean {
  return NEXT[from].includes(to);
}

export type HangUpRequest = 'canceled' | 'completed';

/**
 * The status a live call ends up in after `Status=<requested>`; undefined means "no effect" (cancel of
 * a call in progress). Only called for calls that have not ended.
 */
export function afterHangUp(current: CallStatus, requested: HangUpRequest): CallStatus | undefined {
  const answered = current === 'in-progress';
  if (requested === 'canceled') return answered ? undefined : 'canceled';
  return answered ? 'completed' : 'canceled';
}
