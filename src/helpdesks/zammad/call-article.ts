import type { CallRecord } from '../../calls/call-record';
import type { VoicemailRecorded, VoicemailTranscribed } from '../../calls/lifecycle-event';
import { MISSED_REASON_TEXT } from '../../calls/missed-reasons';

/** The footer every article we write ends with: a retry looks for it before writing again. */
export const callIdLine = (callId: string) => `Call id: ${callId}`;

/**
 * A voicemail's or missed call's article, as plain text: the transcript (or why there is none),
 * when the caller rang, the number they called, how long they waited and why nobody answered,
 * the recording's link when it is not attached, and our call id as the last line.
 */
export function callArticleBody(record: CallRecord, recording: { attached: boolean; note?: string }): string {
  const transcript = record.events.find((e): e is VoicemailTranscribed => e.type === 'transcription');
  const lines: string[] = [];
  if (record.answer?.voicemail) {
    const recorded = record.events.find((e): e is VoicemailRecorded => e.type === 'voicemail');
    if (transcript) lines.push(transcriptLine(transcript));
    else lines.push(recorded && !recorded.transcriptExpected ? 'Transcript: none (this recording is not transcribed)' : 'Transcript: none came in time');
    if (!record.voicemail?.recordingUrl) lines.push('Recording: none received');
    else if (!recording.attached) lines.push(`Recording: ${record.voicemail.recordingUrl}${recording.note ? ` (not attached: ${recording.note})` : ''}`);
    else lines.push('Recording: attached');
  }
  lines.push(`Time: ${record.startedAt}`);
  lines.push(`From: ${record.from}`);
  lines.push(`Number called: ${record.to}`);
  const until = record.answer ? Date.parse(record.answer.at) : record.endedAt ? Date.parse(record.endedAt) : NaN;
  if (Number.isFinite(until)) lines.push(`Wait: ${Math.max(0, Math.round((until - Date.parse(record.startedAt)) / 1000))} s`);
  if (record.missedReason) lines.push(`Reason: ${MISSED_REASON_TEXT[record.missedReason]}`);
  lines.push('', callIdLine(record.callId));
  return lines.join('\n');
}

/** A transcript that came after the ticket was written: an internal note on it. */
export const transcriptNoteBody = (record: CallRecord, transcript: VoicemailTranscribed) => [transcriptLine(transcript), '', callIdLine(record.callId)].join('\n');

function transcriptLine(transcript: VoicemailTranscribed): string {
  return transcript.status === 'completed' && transcript.text ? `Transcript: ${transcript.text}` : 'Transcript: the transcription failed';
}
