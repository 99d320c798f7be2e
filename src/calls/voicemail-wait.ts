import type { CallRecord } from './call-record';
import type { VoicemailRecorded } from './lifecycle-event';

/**
 * Whether a helpdesk should hold a voicemail's ticket a little longer: the call went to voicemail
 * and ended, and its recording or the transcript the carrier promised is still to come, while
 * `waitSeconds` after the end have not passed. Once they have, the ticket is written with what
 * there is, so a transcript that never comes does not hold the message back.
 */
export function awaitingVoicemail(record: CallRecord, now: Date, waitSeconds: number): boolean {
  if (!record.answer?.voicemail || !record.endedAt) return false;
  const recorded = record.events.find((e): e is VoicemailRecorded => e.type === 'voicemail');
  const complete = recorded && (!recorded.transcriptExpected || record.events.some((e) => e.type === 'transcription'));
  return !complete && now.getTime() < Date.parse(record.endedAt) + waitSeconds * 1000;
}
