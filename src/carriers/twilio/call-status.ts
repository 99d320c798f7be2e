import type { CarrierOutcome } from '../../calls/call-transitions';

const FINAL: Readonly<Record<string, CarrierOutcome>> = {
  completed: 'completed',
  answered: 'completed',
  busy: 'busy',
  failed: 'failed',
  'no-answer': 'no-answer',
  canceled: 'canceled',
};

/** A final CallStatus or DialCallStatus in carrier-neutral words; undefined while the call is still going. */
export function outcomeOf(status: string | undefined): CarrierOutcome | undefined {
  return status ? FINAL[status] : undefined;
}

export const isFinalCallStatus = (status: string | undefined) => status !== 'answered' && outcomeOf(status) !== undefined;
