import type { CallRecord } from '../../calls/call-record';
import type { CallEnded, VoicemailTranscribed } from '../../calls/lifecycle-event';
import { MISSED_REASON_TEXT } from '../../calls/missed-reasons';

/** How a call ended, for a person reading the ticket. */
export type CallOutcome = 'answered' | 'voicemail' | 'missed' | 'not-answered';

export function outcomeOf(record: CallRecord): CallOutcome {
  if (record.answer?.voicemail) return 'voicemail';
  if (record.answer) return 'answered';
  return record.direction === 'in' ? 'missed' : 'not-answered';
}

/** The customer's number: who called us, or whom we called. */
export const customerNumber = (record: CallRecord) => (record.direction === 'in' ? record.from : record.to);

export function subjectOf(record: CallRecord, callerName: string): string {
  const outcome = outcomeOf(record);
  if (outcome === 'voicemail') return `Voicemail from ${callerName}`;
  if (outcome === 'missed') return `Missed call from ${callerName}`;
  return record.direction === 'in' ? `Call from ${callerName}` : `Call to ${callerName}`;
}

/**
 * The call as an HTML block for a ticket's description or a private note: what happened, who
 * took it, how long the caller waited and talked, why it was missed, the recording and the
 * transcript, and our call id (the footer a retry looks for before logging the call again).
 */
export function callLogHtml(record: CallRecord): string {
  const ended = [...record.events].reverse().find((e): e is CallEnded => e.type === 'ended');
  const transcript = record.events.find((e): e is VoicemailTranscribed => e.type === 'transcription');
  const outcome = outcomeOf(record);
  const rows: Array<[string, string]> = [
    ['Direction', record.direction === 'in' ? `inbound from ${record.from} to ${record.to}` : `outbound from ${record.from} to ${record.to}`],
    ['Carrier', record.carrier],
    ['Started', record.startedAt],
  ];
  if (record.answer && !record.answer.voicemail) rows.push(['Agent', record.answer.agentName ?? record.answer.agentId ?? 'unknown']);
  const answeredAt = record.answer ? Date.parse(record.answer.at) : NaN;
  const endedAt = record.endedAt ? Date.parse(record.endedAt) : NaN;
  const waitedUntil = Number.isFinite(answeredAt) ? answeredAt : endedAt;
  if (Number.isFinite(waitedUntil)) rows.push(['Wait', duration(waitedUntil - Date.parse(record.startedAt))]);
  if (outcome === 'answered' && Number.isFinite(endedAt)) rows.push(['Talk time', duration(endedAt - answeredAt)]);
  if (ended) rows.push(['Ended', ended.cause]);
  if (record.missedReason) rows.push(['Missed because', MISSED_REASON_TEXT[record.missedReason]]);
  if (record.voicemail?.recordingUrl) rows.push(['Recording', link(record.voicemail.recordingUrl)]);
  else if (outcome === 'voicemail') rows.push(['Recording', 'none received']);
  if (transcript) rows.push(['Transcript', transcript.status === 'completed' && transcript.text ? escape(transcript.text) : 'transcription failed']);
  rows.push(['Call id', escape(record.callId)]);
  return `<p>${rows.map(([k, v]) => `<b>${k}:</b> ${k === 'Recording' || k === 'Transcript' || k === 'Call id' ? v : escape(v)}`).join('<br>')}</p>`;
}

export const recordingNoteHtml = (record: CallRecord, url: string) => `<p><b>Recording:</b> ${link(url)}<br><b>Call id:</b> ${escape(record.callId)}</p>`;

export const transcriptNoteHtml = (record: CallRecord, transcript: VoicemailTranscribed) =>
  `<p><b>Transcript:</b> ${transcript.status === 'completed' && transcript.text ? escape(transcript.text) : 'transcription failed'}<br><b>Call id:</b> ${escape(record.callId)}</p>`;

function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const link = (url: string) => `<a href="${escape(url)}">${escape(url)}</a>`;

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
