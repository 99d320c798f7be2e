import type { Agent, AgentRegistry } from '../agents';
import type { OpenState } from '../routing/business-hours';
import type { StoredItem } from '../store';
import { MAX_PER_WAVE, planRingAll, type RingAllSettings, type RingPlan } from '../routing/ring-all';
import type { CallRecord } from './call-record';
import type { Carrier } from './lifecycle-event';
import { UnknownCallError, type CallStore } from './call-store';
import {
  announce,
  applyAll,
  answerByAgent,
  attachRecording,
  attachTranscription,
  closeAttempt,
  endCall,
  enqueue,
  giveUp,
  newCallRecord,
  offerRing,
  preferAgent,
  chooseLanguage,
  recordPickup,
  startVoicemail,
  type CarrierOutcome,
  type NewCall,
  type Recording,
  type Transcription,
} from './call-transitions';
import type { AgentDialer } from './agent-dialer';
import type { AcceptDecision, CallDecision, PickupDecision } from './decision';
import type { Outbox } from './outbox';
import type { QueueCalls } from './queue-calls';

/** How a carrier reaches an agent: a number, or on Africa's Talking the agent's browser client when they have one. */
function ringAddress(agent: Agent, carrier: Carrier): string {
  return carrier === 'africastalking' && agent.atClientName ? `client:${agent.atClientName}` : agent.phoneNumbers[0];
}

/** Twilio's default <Dial timeLimit>: no call lasts longer, so no busy status needs to either. */
export const MAX_CALL_SECONDS = 4 * 60 * 60;

export interface CallSettings {
  routingMode: 'ring-all' | 'queue';
  ringTimeoutSeconds: number;
  /** How long a caller's ticket owner rings alone before everyone else. */
  preferredRingSeconds: number;
  voicemail: boolean;
  voicemailMaxLengthSeconds: number;
}

export interface VoiceCallsDeps {
  agents: AgentRegistry;
  calls: CallStore;
  outbox: Outbox;
  queue: QueueCalls;
  settings: CallSettings;
  /** Brings the agents up to date with the helpdesk when its short cache ran out. */
  refreshAgents(): Promise<void>;
  /** Whether the called line is open at that moment (business hours, holidays). */
  lineState(calledNumber: string, at: Date): OpenState;
  now(): Date;
}

interface RedecideOptions {
  /** The attempt under way ended without anyone accepting. */
  attemptOver?: boolean;
  /** The line is closed: give up out of hours. */
  closed?: boolean;
  route?: (record: CallRecord) => CallRecord;
  /** The record as just read. */
  known?: StoredItem<CallRecord>;
}

export interface IncomingOptions {
  /** Offers queued callers to agents (queue routing on a carrier with a calls API). */
  dialer?: AgentDialer;
  /** The caller's ticket owner, rung alone first when they can take the call. */
  preferredAgentId?: string;
  /** A Studio flow already asked whether the line is open and routed the call on: it is not asked twice. */
  hoursChecked?: boolean;
}

/**
 * The domain entry points for a call: one per carrier webhook kind. Each reads what it needs,
 * makes one revision-checked change to the call, touches the shared agent map only to mark an
 * agent busy or free, and hands new events to the outbox.
 */
export class VoiceCalls {
  constructor(private readonly deps: VoiceCallsDeps) {}

  /**
   * A call arrives: create its record and decide, in one write, whether the line is closed, whom
   * to ring, or to queue the caller. A preferred agent (the caller's ticket owner) rings alone
   * first, then ring-all or the queue take over.
   */
  async incoming(call: Omit<NewCall, 'at'>, { dialer, preferredAgentId, hoursChecked = false }: IncomingOptions = {}): Promise<CallDecision> {
    const now = this.deps.now();
    const closed = !hoursChecked && !this.deps.lineState(call.to, now).open;
    if (!closed) await this.deps.refreshAgents();
    if (!closed && this.queues(call.carrier) && !preferredAgentId) {
      if (!dialer) throw new Error('queue routing needs the carrier\'s calls API to offer callers to agents');
      return this.deps.queue.enqueue(call, dialer);
    }
    // A closed line rings nobody, so it need not read the agents. A flow that checked the hours
    // has normally reported the call already: carry on with its record (read alongside the agents).
    const [agents, reported] = await Promise.all([
      closed ? [] : this.deps.agents.all(),
      hoursChecked ? this.deps.calls.stored(call.callId) : undefined,
    ]);
    const route = (r: CallRecord) => applyAll(r, (x) => chooseLanguage(x, call.language), (x) => (preferredAgentId ? preferAgent(x, preferredAgentId) : null));
    if (reported) return this.redecide(call.callId, now, agents, { route, closed, known: reported });
    const { record, decision } = this.nextStep(route(newCallRecord({ ...call, at: now })), agents, now, closed);
    const stored = await this.deps.outbox.createAnnounced(record, now);
    if (!stored.created) return this.redecide(call.callId, now, agents, { route, closed });
    return stored.rejected ? { kind: 'reject' } : decision;
  }

  /**
   * The <Dial> ended: over if someone accepted or the caller hung up while it rang (missed,
   * abandoned), else ring whoever is left, else give up.
   */
  async dialEnded(callId: string, outcome: CarrierOutcome, callerHungUp = false): Promise<CallDecision> {
    const now = this.deps.now();
    const claim = await this.deps.calls.getClaim(callId);
    if (claim || outcome === 'canceled' || callerHungUp) {
      await this.finish(callId, claim ? 'completed' : 'canceled', now);
      return { kind: 'hangup' };
    }
    return this.redecide(callId, now, await this.deps.agents.all(), { attemptOver: true });
  }

  async agentPickedUp(callId: string, agentId: string): Promise<PickupDecision> {
    const claim = await this.deps.calls.getClaim(callId);
    if (claim && claim.agentId !== agentId) return { kind: 'hangup' };
    const { record } = await this.deps.calls.change(callId, (r) => recordPickup(r, agentId));
    if (record.phase === 'ended') return { kind: 'hangup' };
    return { kind: 'whisper', callId, agentId, callerNumber: record.from };
  }

  /**
   * The agent pressed a key on the whisper. Only "1" accepts; the first claim wins, and an agent
   * already busy on another call gives the claim back, so nobody is ever double-booked. In
   * ring-all the call is answered now; a queued caller is answered when the queue hands them over.
   */
  async agentPressed(callId: string, agentId: string, legId: string, digits: string, answeringNumber: string): Promise<AcceptDecision> {
    if (digits !== '1') return { kind: 'hangup' };
    const now = this.deps.now();
    const record = await this.deps.calls.get(callId);
    if (!record) throw new UnknownCallError(callId);
    if (record.phase === 'answered' && record.answer?.agentId === agentId && !record.queuedAt) return { kind: 'bridge' };
    if (record.phase !== 'ringing') return { kind: 'hangup' };
    const claim = { agentId, legId, at: now.toISOString() };
    if (!(await this.deps.calls.claim(callId, claim)).won) return { kind: 'hangup' };
    const agent = await this.deps.agents.markBusy(agentId, callId, now, MAX_CALL_SECONDS);
    if (!agent) {
      await this.deps.calls.dropClaim(callId, claim);
      return { kind: 'hangup' };
    }
    if (record.queuedAt) return { kind: 'dequeue', queueName: this.deps.queue.name, callId, agentId };
    const answered = await this.answer(callId, agentId, agent.name, answeringNumber, now);
    return answered ? { kind: 'bridge' } : { kind: 'hangup' };
  }

  /**
   * The queue handed a caller to an agent who accepted. Normally the caller offered; if that
   * caller hung up in the meantime the queue hands over the next one, and the agent goes with them.
   */
  async queueBridged(dequeuedCallId: string, agentId: string, offeredCallId: string, dialer: AgentDialer): Promise<void> {
    const now = this.deps.now();
    if (!(await this.deps.calls.get(dequeuedCallId))) throw new UnknownCallError(dequeuedCallId);
    let agent = await this.deps.agents.get(agentId);
    if (agent && dequeuedCallId !== offeredCallId) {
      await this.deps.agents.release(agentId, offeredCallId, now);
      await this.deps.calls.claim(dequeuedCallId, { agentId, legId: `queue:${offeredCallId}`, at: now.toISOString() });
      agent = (await this.deps.agents.markBusy(agentId, dequeuedCallId, now, MAX_CALL_SECONDS)) ?? agent;
    }
    if (agent) await this.answer(dequeuedCallId, agentId, agent.name, agent.phoneNumbers[0] ?? null, now);
    await this.deps.queue.bridged(offeredCallId, agentId, dialer);
  }

  /**
   * An agent's leg ended. The winner's leg frees the agent at once; a queue offer that ended
   * without a claim passes the caller to the next agent.
   */
  async agentLegEnded(callId: string, agentId: string, legId: string, dialer: AgentDialer): Promise<void> {
    const claim = await this.deps.calls.getClaim(callId);
    const won = claim?.agentId === agentId && claim.legId === legId;
    if (won) await this.deps.agents.release(agentId, callId, this.deps.now());
    const record = await this.deps.calls.get(callId);
    if (!record && !claim) throw new UnknownCallError(callId);
    if (record?.queuedAt) await this.deps.queue.offerEnded(callId, agentId, won, dialer);
  }

  /** The carrier's final word on the whole call. */
  async callEnded(callId: string, outcome: CarrierOutcome): Promise<void> {
    await this.finish(callId, outcome, this.deps.now());
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

  /**
   * The carrier connected an agent by itself (Africa's Talking: the first to pick up wins).
   * They are marked busy all the same; the answer is recorded even if a race made them busy elsewhere.
   */
  async carrierAnswered(callId: string, agentId: string, answeringNumber: string | null): Promise<void> {
    const now = this.deps.now();
    const agent = (await this.deps.agents.markBusy(agentId, callId, now, MAX_CALL_SECONDS)) ?? (await this.deps.agents.get(agentId));
    if (agent) await this.answer(callId, agentId, agent.name, answeringNumber, now);
  }

  /** A message was recorded outside our own voicemail TwiML (Africa's Talking after an unanswered dial; a Studio widget). */
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

  /** A Studio flow reports a call it is handling (before routing it, or instead of routing it). */
  async studioStarted(call: Omit<NewCall, 'at'>): Promise<{ rejected: boolean }> {
    const now = this.deps.now();
    const stored = await this.deps.outbox.createAnnounced(applyAll(newCallRecord({ ...call, at: now }), (r) => announce(r, [], now)), now);
    return { rejected: stored.created ? stored.rejected : stored.record.phase === 'ended' };
  }

  /** The line is closed (business hours, holidays): whatever happens next, the call was missed out of hours. */
  async outOfHours(callId: string): Promise<void> {
    await this.deps.calls.change(callId, (r) => giveUp(r, 'out_of_hours'));
  }

  /** The carrier's final word on a call the agents let ring out (it knows no more than that). */
  async ringUnanswered(callId: string): Promise<void> {
    await this.deps.calls.change(callId, (r) => (r.ring.offered.length > 0 ? giveUp(r, 'agents_did_not_answer') : null));
  }

  /** Twilio queues through its Queue API; a carrier without one rings the agents one after another. */
  private queues(carrier: Carrier): boolean {
    return this.deps.settings.routingMode === 'queue' && carrier === 'twilio';
  }

  private ringSettings(record: CallRecord): RingAllSettings {
    const { ringTimeoutSeconds, preferredRingSeconds } = this.deps.settings;
    if (record.carrier === 'twilio') {
      return { ringTimeoutSeconds, preferredRingSeconds, maxPerWave: MAX_PER_WAVE, canRing: (a) => a.phoneNumbers.length > 0 };
    }
    return {
      ringTimeoutSeconds,
      preferredRingSeconds,
      maxPerWave: Number.POSITIVE_INFINITY,
      canRing: (a) => a.phoneNumbers.length > 0 || a.atClientName !== null,
    };
  }

  private async answer(callId: string, agentId: string, agentName: string, number: string | null, now: Date): Promise<boolean> {
    const { record } = await this.deps.calls.change(callId, (r) => answerByAgent(r, { agentId, agentName, number, at: now }));
    if (record.phase === 'ended' || record.answer?.agentId !== agentId) {
      await this.deps.agents.release(agentId, callId, now);
      return false;
    }
    await this.deps.outbox.flushCall(callId);
    return true;
  }

  private async finish(callId: string, outcome: CarrierOutcome, now: Date): Promise<void> {
    const { record, changed } = await this.deps.calls.change(callId, (r) => endCall(r, outcome, now));
    if (!changed) return;
    // An outbound call's agent is busy from accepting, before anyone answers.
    const agentId = record.answer?.agentId ?? (record.direction === 'out' ? record.ring.offered[0] : undefined);
    if (agentId) await this.deps.agents.release(agentId, callId, now);
    await this.deps.outbox.flushCall(callId);
  }

  private async redecide(
    callId: string,
    now: Date,
    agents: Agent[],
    { attemptOver = false, closed = false, route = (r) => r, known }: RedecideOptions = {},
  ): Promise<CallDecision> {
    let decision: CallDecision = { kind: 'hangup' };
    const { changed } = await this.deps.calls.change(
      callId,
      (current) => {
        const routed = route(attemptOver ? applyAll(current, closeAttempt) : current);
        const step = this.nextStep(routed, agents, now, closed);
        decision = step.decision;
        return step.record === current ? null : step.record;
      },
      known,
    );
    if (changed) await this.deps.outbox.flushCall(callId);
    return decision;
  }

  /** Pure: the next ring (or giving up, on a closed line at once) for a call still ringing, and the record after it. */
  private nextStep(record: CallRecord, agents: readonly Agent[], now: Date, closed: boolean): { record: CallRecord; decision: CallDecision } {
    if (record.phase !== 'ringing') return { record, decision: { kind: 'hangup' } };
    const plan: RingPlan = closed ? { kind: 'give-up', reason: 'out_of_hours' } : planRingAll(agents, record, now, this.ringSettings(record));
    if (!closed && this.queues(record.carrier) && !(plan.kind === 'ring' && plan.solo)) {
      // After the ticket owner's turn the caller joins the queue; its wait cycles offer them on.
      return {
        record: applyAll(record, (r) => enqueue(r, now), (r) => announce(r, [], now)),
        decision: { kind: 'enqueue', callId: record.callId, queueName: this.deps.queue.name },
      };
    }
    if (plan.kind === 'ring') {
      const ids = plan.agents.map((a) => a.id);
      const targets = plan.agents.map((a) => ({ agentId: a.id, name: a.name, number: ringAddress(a, record.carrier) }));
      return {
        record: applyAll(
          record,
          (r) => offerRing(r, { agentIds: ids, newWave: plan.newWave, deadline: plan.deadline, solo: plan.solo }),
          (r) => announce(r, plan.agents.map((a) => ({ agentId: a.id, name: a.name })), now),
        ),
        decision: {
          kind: 'ring',
          callId: record.callId,
          targets,
          timeoutSeconds: plan.timeoutSeconds,
          callerId: record.to,
          sequential: record.carrier !== 'twilio' && this.deps.settings.routingMode === 'queue',
          fallback: this.deps.settings.voicemail ? 'voicemail' : 'apologise',
        },
      };
    }
    const givenUp = applyAll(
      record,
      (r) => giveUp(r, plan.reason),
      (r) => announce(r, [], now),
    );
    if (!this.deps.settings.voicemail) {
      // The apology ends the call, so the end is known now even if no status callback is configured.
      return { record: applyAll(givenUp, (r) => endCall(r, 'completed', now)), decision: { kind: 'apologise', reason: plan.reason } };
    }
    return {
      record: applyAll(givenUp, (r) => startVoicemail(r, now)),
      decision: { kind: 'voicemail', callId: record.callId, reason: plan.reason, maxLengthSeconds: this.deps.settings.voicemailMaxLengthSeconds },
    };
  }
}
