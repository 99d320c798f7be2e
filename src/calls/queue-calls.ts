import type { AgentRegistry } from '../agents';
import { ItemExistsError, updateItem, type ItemMap } from '../store';
import { nextQueueAgent } from '../routing/planner';
import type { CarrierProfile } from './carrier-profile';
import type { Line } from '../routing/lines';
import type { AgentDialer } from './agent-dialer';
import type { CallRecord } from './call-record';
import { UnknownCallError, type CallStore } from './call-store';
import { announce, applyAll, chooseLanguage, closeAttempt, enqueue, giveUp, newCallRecord, offerRing, startVoicemail, endCall, type NewCall } from './call-transitions';
import type { CallDecision } from './decision';
import type { Outbox } from './outbox';
import { log } from '../logging/masked-log';

export interface QueueSettings {
  queueName: string;
  agentTimeoutSeconds: number;
  maxWaitSeconds: number;
  voicemail: boolean;
  voicemailMaxLengthSeconds: number;
}

/** The queue's one offer slot: at most one agent is being called at a time, at most one call a second. */
export interface QueueOffer {
  open: boolean;
  callId: string | null;
  agentId: string | null;
  at: string;
}

const OFFER = 'offer';
/** Carriers' calls APIs allow one new call per second per account by default. */
const MIN_OFFER_GAP_MS = 1000;
/** How long past its ring time an open offer may wait for its closing callback. */
const STALE_OFFER_GRACE_SECONDS = 60;

/** A failed offer is retried by the next wait cycle; the caller's own request must not fail for it. */
function logDispatchFailure(error: unknown): void {
  log.error(`queue: offering the next caller failed, the next wait cycle retries: ${(error as Error).message}`);
}

export type WaitDecision = { kind: 'wait'; position: number; estimatedWaitSeconds: number } | { kind: 'leave' };

export interface QueueCallsDeps {
  agents: AgentRegistry;
  calls: CallStore;
  outbox: Outbox;
  queue: ItemMap<QueueOffer>;
  settings: QueueSettings;
  /** The carrier whose queue this is: its offers reach agents at the addresses it gives. */
  profile: CarrierProfile;
  /** The called number's line: a caller is offered only to its team, past their wrap-up time. */
  lineFor(calledNumber: string): Pick<Line, 'team' | 'wrapUpSeconds' | 'requireSignIn'>;
  refreshAgents(): Promise<void>;
  now(): Date;
}

/**
 * Sequential queue: callers wait in one carrier queue (which tells them their position); the
 * caller at the front is offered to one agent at a time through the carrier's calls API. Every
 * step is driven by a webhook (a wait-music cycle, an agent call ending), never by a loop.
 */
export class QueueCalls {
  constructor(private readonly deps: QueueCallsDeps) {}

  get name(): string {
    return this.deps.settings.queueName;
  }

  async enqueue(call: Omit<NewCall, 'at'>, dialer: AgentDialer): Promise<CallDecision> {
    const now = this.deps.now();
    const queued = (r: CallRecord) => applyAll(r, (x) => chooseLanguage(x, call.language), (x) => enqueue(x, now), (x) => announce(x, [], now));
    const stored = await this.deps.outbox.createAnnounced(queued(newCallRecord({ ...call, at: now })), now);
    if (stored.created && stored.rejected) return { kind: 'reject' };
    // A Studio flow may have reported the call before handing it over.
    if (!stored.created) {
      await this.deps.calls.change(call.callId, (r) => {
        const next = queued(r);
        return next === r ? null : next;
      });
      if ((await this.deps.outbox.announceNewCall(call.callId, now)).rejected) return { kind: 'reject' };
    }
    // The caller is only in the carrier's queue once it has run our answer; a heartbeat retries.
    await this.dispatch(dialer).catch(logDispatchFailure);
    return { kind: 'enqueue', callId: call.callId, queueName: this.deps.settings.queueName };
  }

  /** A wait-music cycle: position and wait for the caller, the time limit, and a dispatch heartbeat. */
  async waiting(callId: string, position: number, waitedSeconds: number, averageWaitSeconds: number, dialer: AgentDialer): Promise<WaitDecision> {
    // A caller in the queue we hold no record of would wait for an offer that never comes.
    if (!(await this.deps.calls.get(callId))) throw new UnknownCallError(callId);
    if (waitedSeconds >= this.deps.settings.maxWaitSeconds) return { kind: 'leave' };
    // A carrier that will not ring the next agent now is no reason to drop a waiting caller: the next cycle tries again.
    if (position === 1) await this.dispatch(dialer).catch(logDispatchFailure);
    const estimatedWaitSeconds = Math.max(averageWaitSeconds, 30) * position;
    return { kind: 'wait', position, estimatedWaitSeconds };
  }

  /** Offers the caller at the front of the queue to the next agent, if the offer slot is free. */
  async dispatch(dialer: AgentDialer): Promise<void> {
    const callId = await dialer.frontOfQueue(this.deps.settings.queueName);
    if (!callId) return;
    await this.deps.refreshAgents();
    const now = this.deps.now();
    const record = await this.deps.calls.get(callId);
    if (!record || record.phase !== 'ringing') return;
    const found = nextQueueAgent(await this.deps.agents.all(), record, { profile: this.deps.profile, line: this.deps.lineFor(record.to), now });
    if (!found) return;
    const { next: { agent, address }, newRound } = found;
    if (!(await this.openOffer(callId, agent.id, now))) return;
    try {
      await this.deps.calls.change(callId, (r) =>
        applyAll(
          r,
          (x) => (newRound ? { ...x, ring: { ...x.ring, exhausted: [] } } : null),
          (x) => offerRing(x, { agentIds: [agent.id], newWave: true, deadline: new Date(now.getTime() + this.deps.settings.agentTimeoutSeconds * 1000) }),
        ),
      );
      await dialer.call({
        purpose: 'queue',
        agentId: agent.id,
        number: address,
        callerId: record.to,
        timeoutSeconds: this.deps.settings.agentTimeoutSeconds,
        callId,
      });
    } catch (error) {
      await this.closeOffer(callId, agent.id);
      throw error;
    }
  }

  /** The offered agent's call ended. If they did not take the caller, offer the next agent. */
  async offerEnded(callId: string, agentId: string, accepted: boolean, dialer: AgentDialer): Promise<void> {
    if (!accepted) await this.deps.calls.change(callId, (r) => (r.ring.offered.includes(agentId) ? closeAttempt(r) : null));
    if (await this.closeOffer(callId, agentId)) await this.dispatch(dialer);
  }

  /** The agent who accepted is connected to the caller: the slot is free for the next caller. */
  async bridged(callId: string, agentId: string, dialer: AgentDialer): Promise<void> {
    if (await this.closeOffer(callId, agentId)) await this.dispatch(dialer).catch(logDispatchFailure);
  }

  /** The caller left the queue without an agent: time limit or a full/broken queue. */
  async leftQueue(callId: string): Promise<CallDecision> {
    const now = this.deps.now();
    const { voicemail, voicemailMaxLengthSeconds } = this.deps.settings;
    const { record } = await this.deps.calls.change(callId, (r) =>
      applyAll(
        r,
        (x) => giveUp(x, x.ring.wave === 0 ? 'no_available_agent' : 'agents_did_not_answer'),
        (x) => (voicemail ? startVoicemail(x, now) : endCall(x, 'completed', now)),
      ),
    );
    await this.deps.outbox.flushCall(callId);
    if (!voicemail) return { kind: 'apologise', reason: record.missedReason ?? 'agents_did_not_answer' };
    return { kind: 'voicemail', callId, reason: record.missedReason ?? 'agents_did_not_answer', maxLengthSeconds: voicemailMaxLengthSeconds };
  }

  private async openOffer(callId: string, agentId: string, now: Date): Promise<boolean> {
    const offer: QueueOffer = { open: true, callId, agentId, at: now.toISOString() };
    try {
      await this.deps.queue.create(OFFER, offer);
      return true;
    } catch (error) {
      if (!(error instanceof ItemExistsError)) throw error;
    }
    let opened = false;
    await updateItem(this.deps.queue, OFFER, (current) => {
      const age = now.getTime() - Date.parse(current.at);
      // An offer whose closing callback never came must not block the queue for good.
      const stale = age > (this.deps.settings.agentTimeoutSeconds + STALE_OFFER_GRACE_SECONDS) * 1000;
      opened = (!current.open || stale) && age >= MIN_OFFER_GAP_MS;
      return opened ? offer : null;
    });
    return opened;
  }

  /** Closes the slot if this offer holds it; false when it was not (a duplicate callback). */
  private async closeOffer(callId: string, agentId: string): Promise<boolean> {
    let closed = false;
    await updateItem(this.deps.queue, OFFER, (current) => {
      closed = current.open && current.callId === callId && current.agentId === agentId;
      return closed ? { ...current, open: false } : null;
    }).catch((error) => {
      if (!(error instanceof Error && error.name === 'ItemNotFoundError')) throw error;
    });
    return closed;
  }
}
