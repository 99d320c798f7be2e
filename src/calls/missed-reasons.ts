import type { MissedReason } from './lifecycle-event';

/** Why a call was missed, in words for the person reading the helpdesk entry. */
export const MISSED_REASON_TEXT: Record<MissedReason, string> = {
  no_available_agent: 'no agent was available',
  agents_did_not_answer: 'the agents rung did not answer',
  abandoned_in_queue: 'the caller hung up while waiting in the queue',
  abandoned_while_ringing: 'the caller hung up while the phones rang',
  out_of_hours: 'the line was closed (out of hours)',
  voicemail: 'the caller left a voicemail',
};
