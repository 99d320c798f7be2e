import type { CarrierId, Direction, LifecycleEvent, MissedReason, NewEvent } from './lifecycle-event';

export type CallPhase = 'ringing' | 'answered' | 'ended';

export interface Answer {
  agentId: string | null;
  agentName: string | null;
  number: string | null;
  at: string;
  voicemail: boolean;
}

/** Who has been asked in ring-all, so a re-ring never asks the same person twice. */
export interface RingProgress {
  /** Waves started (0 before the first). */
  wave: number;
  /** The agents rung in the attempt now under way. */
  offered: string[];
  /** When the current wave's ringing time runs out. */
  waveDeadline: string | null;
  /** Agents whose leg picked up in the attempt now under way (whisper reached). */
  pickups: string[];
  /** Picked up but did not accept: never rung again for this call. */
  declined: string[];
  /** Rang for a whole wave without picking up. */
  exhausted: string[];
  /** Ring this agent alone first (the caller's ticket owner); absent in records from before it existed. */
  preferred?: string | null;
  /** The wave under way rings only the preferred agent, so whoever comes next gets a full wave of their own. */
  solo?: boolean;
}

export interface Voicemail {
  startedAt: string;
  recordingUrl: string | null;
  recordingSid: string | null;
  durationSeconds: number | null;
}

/**
 * Everything we know about one call, in one Sync item: the state machine, the ring progress and
 * the outbox of lifecycle events. One revision-checked write changes state and appends events
 * together, so an event is emitted exactly when its transition happens.
 */
export interface CallRecord {
  callId: string;
  carrier: CarrierId;
  direction: Direction;
  from: string;
  to: string;
  startedAt: string;
  /** The language the caller chose (BCP 47), so agents who speak it are rung first; absent or null: none chosen. */
  language?: string | null;
  phase: CallPhase;
  answer: Answer | null;
  ring: RingProgress;
  /** When the caller was put in the queue (queue routing), else null. */
  queuedAt: string | null;
  /** Set by routing when it gives up, so the end knows why the call was missed. */
  missedReason: MissedReason | null;
  voicemail: Voicemail | null;
  endedAt: string | null;
  events: LifecycleEvent[];
  /** Per sink, how many events it has taken. */
  delivered: Record<string, number>;
  /** Per sink, an event whose last delivery may or may not have arrived (a timeout). */
  uncertain?: Record<string, number>;
  /** Per sink, what it keeps about the call (e.g. the helpdesk ticket it logged the call on). */
  sinkState?: Record<string, Record<string, unknown>>;
  /** The helpdesk ticket an outbound call was placed from, so the call is logged there. */
  originTicket?: OriginTicket | null;
}

/** A helpdesk ticket an agent placed a call from: the sink of that helpdesk logs the call on it. */
export interface OriginTicket {
  helpdesk: string;
  id: string;
}

/** Which call it is, and between whom: what every summary of a call starts with. */
export type CallIdentity = Pick<CallRecord, 'callId' | 'carrier' | 'direction' | 'from' | 'to' | 'startedAt'>;

export function appendEvent(record: CallRecord, event: NewEvent): CallRecord {
  const full = { ...event, seq: record.events.length + 1, callId: record.callId } as LifecycleEvent;
  return { ...record, events: [...record.events, full] };
}

export function hasEvent(record: CallRecord, type: LifecycleEvent['type']): boolean {
  return record.events.some((e) => e.type === type);
}
