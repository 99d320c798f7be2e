import { appendEvent, hasEvent, type CallRecord } from './call-record';
import type { CarrierId, Direction, HangupCause, MissedReason, OfferedAgent } from './lifecycle-event';

/**
 * The per-call state machine. Every transition is pure and returns the new record, or null when
 * the input changes nothing (a duplicate, or a late arrival for a phase already passed), so
 * duplicated and out-of-order carrier callbacks emit each event at most once, in order.
 */

export type Transition = (record: CallRecord) => CallRecord | null;

/** Applies transitions in turn; one that changes nothing is simply skipped. */
export function applyAll(record: CallRecord, ...steps: Transition[]): CallRecord {
  return steps.reduce((current, step) => step(current) ?? current, record);
}

export interface NewCall {
  callId: string;
  carrier: CarrierId;
  direction: Direction;
  from: string;
  to: string;
  at: Date;
  language?: string | null;
}

export function newCallRecord({ callId, carrier, direction, from, to, at, language = null }: NewCall): CallRecord {
  const record: CallRecord = {
    callId,
    carrier,
    direction,
    from,
    to,
    startedAt: at.toISOString(),
    language,
    phase: 'ringing',
    answer: null,
    ring: { wave: 0, offered: [], waveDeadline: null, pickups: [], declined: [], exhausted: [] },
    queuedAt: null,
    missedReason: null,
    voicemail: null,
    endedAt: null,
    events: [],
    delivered: {},
  };
  return record;
}

/** The started event goes out with the first ring decision, so it can say who is being rung. */
export function announce(record: CallRecord, offeredTo: OfferedAgent[], at: Date): CallRecord | null {
  if (hasEvent(record, 'started')) return null;
  const { carrier, direction, from, to } = record;
  return appendEvent(record, { type: 'started', at: at.toISOString(), carrier, direction, from, to, offeredTo });
}

export interface Ring {
  agentIds: string[];
  /** A new wave, or the rest of the current one after someone picked up and declined. */
  newWave: boolean;
  deadline: Date;
  /** Only the preferred agent rings in this wave. */
  solo?: boolean;
}

export function offerRing(record: CallRecord, ring: Ring): CallRecord | null {
  if (record.phase !== 'ringing') return null;
  return {
    ...record,
    ring: {
      ...record.ring,
      wave: record.ring.wave + (ring.newWave ? 1 : 0),
      offered: ring.agentIds,
      waveDeadline: ring.deadline.toISOString(),
      pickups: [],
      solo: ring.solo ?? false,
    },
  };
}

/** The caller chose a language (a Studio menu) after the call was first reported. */
export function chooseLanguage(record: CallRecord, language: string | null | undefined): CallRecord | null {
  if (!language || record.language === language || record.phase !== 'ringing') return null;
  return { ...record, language };
}

/** Ring this agent alone before anyone else; only while nobody has been rung yet. */
export function preferAgent(record: CallRecord, agentId: string): CallRecord | null {
  if (record.phase !== 'ringing' || record.ring.wave > 0 || record.queuedAt || record.ring.preferred === agentId) return null;
  return { ...record, ring: { ...record.ring, preferred: agentId } };
}

export function recordPickup(record: CallRecord, agentId: string): CallRecord | null {
  if (record.phase !== 'ringing' || record.ring.pickups.includes(agentId)) return null;
  return { ...record, ring: { ...record.ring, pickups: [...record.ring.pickups, agentId] } };
}

/**
 * An attempt ended without anyone accepting. Whoever picked up declined; if nobody picked up,
 * everyone offered had their full ring.
 */
export function closeAttempt(record: CallRecord): CallRecord | null {
  if (record.phase !== 'ringing' || record.ring.offered.length === 0) return null;
  const { pickups, offered, declined, exhausted } = record.ring;
  const ring =
    pickups.length > 0
      ? { ...record.ring, declined: union(declined, pickups), pickups: [], offered: [] }
      : { ...record.ring, exhausted: union(exhausted, offered), offered: [], waveDeadline: null };
  return { ...record, ring };
}

export interface AgentAnswer {
  agentId: string;
  agentName: string;
  number: string | null;
  at: Date;
}

export function answerByAgent(record: CallRecord, { agentId, agentName, number, at }: AgentAnswer): CallRecord | null {
  if (record.phase !== 'ringing') return null;
  const answer = { agentId, agentName, number, at: at.toISOString(), voicemail: false };
  return appendEvent(
    { ...record, phase: 'answered', answer },
    { type: 'answered', at: answer.at, agentId, agentName, answeringNumber: number, voicemail: false },
  );
}

/** Routing gave up on agents; remember why, for the end of the call. */
export function giveUp(record: CallRecord, reason: MissedReason): CallRecord | null {
  if (record.phase !== 'ringing' || record.missedReason === reason) return null;
  return { ...record, missedReason: reason };
}

export function startVoicemail(record: CallRecord, at: Date): CallRecord | null {
  if (record.phase !== 'ringing') return null;
  const iso = at.toISOString();
  const answer = { agentId: null, agentName: null, number: null, at: iso, voicemail: true };
  return appendEvent(
    {
      ...record,
      phase: 'answered',
      answer,
      voicemail: { startedAt: iso, recordingUrl: null, recordingSid: null, durationSeconds: null },
    },
    { type: 'answered', at: iso, agentId: null, agentName: null, answeringNumber: null, voicemail: true },
  );
}

/** The helpdesk blocks this caller (Zammad's block list): the call is refused as busy, not missed. */
export function rejectCall(record: CallRecord, at: Date): CallRecord | null {
  if (record.phase !== 'ringing') return null;
  const iso = at.toISOString();
  return appendEvent({ ...record, phase: 'ended', endedAt: iso }, { type: 'ended', at: iso, cause: 'busy', missedReason: null, durationSeconds: 0 });
}

/** How the carrier saw the call finish, in carrier-neutral words. */
export type CarrierOutcome = 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled' | 'not-found';

export function endCall(record: CallRecord, outcome: CarrierOutcome, at: Date): CallRecord | null {
  if (record.phase === 'ended') return null;
  const { cause, missedReason } = classifyEnd(record, outcome);
  const iso = at.toISOString();
  const durationSeconds = Math.max(0, Math.round((at.getTime() - Date.parse(record.startedAt)) / 1000));
  return appendEvent({ ...record, phase: 'ended', endedAt: iso, missedReason }, { type: 'ended', at: iso, cause, missedReason, durationSeconds });
}

function classifyEnd(record: CallRecord, outcome: CarrierOutcome): { cause: HangupCause; missedReason: MissedReason | null } {
  if (record.answer && !record.answer.voicemail) return { cause: 'normalClearing', missedReason: null };
  // A message left after hours is still a call missed out of hours.
  if (record.answer?.voicemail) return { cause: 'normalClearing', missedReason: record.missedReason === 'out_of_hours' ? 'out_of_hours' : 'voicemail' };
  if (record.direction === 'out') return { cause: outboundCause(outcome), missedReason: null };
  const missedReason = record.missedReason ?? (record.queuedAt ? 'abandoned_in_queue' : 'abandoned_while_ringing');
  const cause: HangupCause =
    outcome === 'busy'
      ? 'busy'
      : outcome === 'failed'
        ? 'congestion'
        : outcome === 'not-found'
          ? 'notFound'
          : record.missedReason === null || outcome === 'canceled'
            ? 'cancel'
            : 'noAnswer';
  return { cause, missedReason };
}

/** An outbound call nobody answered: the customer's line decides the cause; the agent giving up is a cancel. */
function outboundCause(outcome: CarrierOutcome): HangupCause {
  const causes: Record<CarrierOutcome, HangupCause> = {
    busy: 'busy',
    'no-answer': 'noAnswer',
    failed: 'congestion',
    'not-found': 'notFound',
    canceled: 'cancel',
    completed: 'cancel',
  };
  return causes[outcome];
}

/** The caller is waiting in the queue. */
export function enqueue(record: CallRecord, at: Date): CallRecord | null {
  if (record.phase !== 'ringing' || record.queuedAt) return null;
  return { ...record, queuedAt: at.toISOString() };
}

export interface Recording {
  url: string;
  sid: string | null;
  /** null when the carrier does not say. */
  durationSeconds: number | null;
  /** Whether a transcript will follow: the carrier's adapter knows what its carrier transcribes. */
  transcribing: boolean;
}

export function attachRecording(record: CallRecord, recording: Recording, at: Date): CallRecord | null {
  if (!record.voicemail || hasEvent(record, 'voicemail')) return null;
  const { transcribing: _transcribing, ...stored } = recording;
  const transcriptExpected = recording.transcribing;
  return appendEvent(
    {
      ...record,
      voicemail: { ...record.voicemail, recordingUrl: stored.url, recordingSid: stored.sid, durationSeconds: stored.durationSeconds },
    },
    {
      type: 'voicemail',
      at: at.toISOString(),
      recordingUrl: recording.url,
      recordingSid: recording.sid,
      durationSeconds: recording.durationSeconds,
      transcriptExpected,
    },
  );
}

export interface Transcription {
  recordingSid: string | null;
  status: 'completed' | 'failed';
  text: string | null;
}

export function attachTranscription(record: CallRecord, transcription: Transcription, at: Date): CallRecord | null {
  if (!record.voicemail || hasEvent(record, 'transcription')) return null;
  return appendEvent(record, { type: 'transcription', at: at.toISOString(), ...transcription });
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}
