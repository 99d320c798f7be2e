/**
 * The one vocabulary every carrier translates into and every helpdesk sink reads. Causes use
 * Zammad's Generic CTI words; a missed call carries exactly one reason.
 */
export const HANGUP_CAUSES = ['normalClearing', 'busy', 'cancel', 'noAnswer', 'congestion', 'notFound', 'forwarded'] as const;
export type HangupCause = (typeof HANGUP_CAUSES)[number];

export const MISSED_REASONS = [
  'no_available_agent',
  'agents_did_not_answer',
  'abandoned_in_queue',
  'abandoned_while_ringing',
  'out_of_hours',
  'voicemail',
] as const;
export type MissedReason = (typeof MISSED_REASONS)[number];

/** The id of the carrier profile the call runs on (carrier-profile.ts). */
export type CarrierId = string;
export type Direction = 'in' | 'out';

export interface OfferedAgent {
  agentId: string;
  name: string;
}

interface EventBase {
  /** 1, 2, 3 … within the call: the delivery order. */
  seq: number;
  at: string;
  callId: string;
}

export interface CallStarted extends EventBase {
  type: 'started';
  carrier: CarrierId;
  direction: Direction;
  from: string;
  to: string;
  /** The agents the call is offered to at first, for a helpdesk's "ringing" display. */
  offeredTo: OfferedAgent[];
}

export interface CallAnswered extends EventBase {
  type: 'answered';
  /** null when the voicemail took the call. */
  agentId: string | null;
  agentName: string | null;
  answeringNumber: string | null;
  voicemail: boolean;
}

export interface CallEnded extends EventBase {
  type: 'ended';
  cause: HangupCause;
  missedReason: MissedReason | null;
  durationSeconds: number;
}

export interface VoicemailRecorded extends EventBase {
  type: 'voicemail';
  recordingUrl: string;
  recordingSid: string | null;
  /** null when the carrier does not say. */
  durationSeconds: number | null;
  /** Whether a transcript will follow (carriers transcribe only some recordings, or none). */
  transcriptExpected: boolean;
}

export interface VoicemailTranscribed extends EventBase {
  type: 'transcription';
  recordingSid: string | null;
  status: 'completed' | 'failed';
  text: string | null;
}

export type LifecycleEvent = CallStarted | CallAnswered | CallEnded | VoicemailRecorded | VoicemailTranscribed;

/** An event before the record gives it its place in the call. */
export type NewEvent = LifecycleEvent extends infer E ? (E extends LifecycleEvent ? Omit<E, 'seq' | 'callId'> : never) : never;
