import type { CarrierOutcome } from '../../calls/call-transitions';

/** Africa's Talking hangup causes (its documented list) in carrier-neutral words. */
const OUTCOMES: Readonly<Record<string, CarrierOutcome>> = {
  NORMAL_CLEARING: 'completed',
  USER_BUSY: 'busy',
  CALL_REJECTED: 'busy',
  NO_ANSWER: 'no-answer',
  NO_USER_RESPONSE: 'no-answer',
  ORIGINATOR_CANCEL: 'canceled',
  LOSE_RACE: 'canceled',
  UNALLOCATED_NUMBER: 'not-found',
  NORMAL_TEMPORARY_FAILURE: 'failed',
  RECOVERY_ON_TIMER_EXPIRE: 'failed',
  SERVICE_UNAVAILABLE: 'failed',
  SUBSCRIBER_ABSENT: 'failed',
  USER_NOT_REGISTERED: 'failed',
  UNSPECIFIED: 'failed',
};

export function outcomeOfHangup(cause: string | undefined): CarrierOutcome {
  return (cause && OUTCOMES[cause.toUpperCase()]) || 'completed';
}
