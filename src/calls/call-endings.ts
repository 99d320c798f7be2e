import type { AgentRegistry } from '../agents';
import type { CallStore } from './call-store';
import { applyAll, attachRecording, attachTranscription, endCall, giveUp, startVoicemail, type CarrierOutcome, type Recording, type Transcription } from './call-transitions';
import type { CallDecision } from './decision';
import type { Outbox } from './outbox';

export interface CallEndingsDeps {
  agents: AgentRegistry;
  calls: CallStore;
  outbox: Outbox;
  now(): Date;
}

/** How a call ends: the carrier's final word, a voicemail and what follows it (recording, transcript). */
export class CallEndings {
  constructor(private readonly deps: CallEndingsDeps) {}

  /** The carrier's final word on the whole call. */
  async callEnded(callId: string, outcome: CarrierOutcome): Promise<void> {
    await this.finish(callId, outcome, this.deps.now());
  }

  /** Ends the call once: frees its agent and hands the events to the outbox. */
  async finish(callId: string, outcome: CarrierOutcome, now: Date): Promise<void> {
    const { record, changed } = await this.deps.calls.change(callId, (r) => endCall(r, outcome, now));
    if (!changed) return;
    // An outbound call's agent is busy from accepting, before anyone answers.
    const agentId = record.answer?.agentId ?? (record.direction === 'out' ? record.ring.offered[0] : undefined);
    if (agentId) await this.deps.agents.release(agentId, callId, now);
    await this.deps.outbox.flushCall(callId);
  }

  /** The carrier's final word on a call the agents let ring out (it knows no more than that). */
  async ringUnanswered(callId: string): Promise<void> {
    await this.deps.calls.change(callId, (r) => (r.ring.offered.length > 0 ? giveUp(r, 'agents_did_not_answer') : null));
  }

  /** The caller finished leaving a message (the recording itself may follow separately). */
  async voicemailLeft(callId: string, recording: Recording | null): Promise<CallDecision> {
    const now = this.deps.now();
    await this.deps.calls.change(callId, (r) => (recording ? attachRecording(r, recording, now) : null));
    await this.finish(callId, 'completed', now);
    return { kind: 'hangup' };
  }

  async recordingReady(callId: string, recording: Recording): Promise<void> {
    const { changed } = await this.deps.calls.change(callId, (r) => attachRecording(r, recording, this.deps.now()));
    if (changed) await this.deps.outbox.flushCall(callId);
  }

  async transcriptionReady(callId: string, transcription: Transcription): Promise<void> {
    const { changed } = await this.deps.calls.change(callId, (r) => attachTranscription(r, transcription, this.deps.now()));
    if (changed) await this.deps.outbox.flushCall(callId);
  }

  /** A message was recorded outside our own voicemail prompt (after a carrier's unanswered dial; a Studio widget). */
  async voicemailRecorded(callId: string, recording: Recording): Promise<CallDecision> {
    const now = this.deps.now();
    const { changed } = await this.deps.calls.change(callId, (r) =>
      r.answer && !r.answer.voicemail
        ? null
        : applyAll(
            r,
            (x) => (x.missedReason ? null : giveUp(x, x.ring.offered.length + x.ring.exhausted.length === 0 ? 'no_available_agent' : 'agents_did_not_answer')),
            (x) => startVoicemail(x, now),
            (x) => attachRecording(x, recording, now),
          ),
    );
    if (changed) await this.deps.outbox.flushCall(callId);
    return { kind: 'hangup' };
  }
}
