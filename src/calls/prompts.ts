import type { MissedReason } from './lifecycle-event';

/** What a caller hears first when nobody will answer: the same words on every carrier. */
export function unansweredOpening(reason: MissedReason): string {
  return reason === 'out_of_hours' ? 'Thank you for calling. We are closed right now.' : 'Sorry, nobody can take your call right now.';
}
