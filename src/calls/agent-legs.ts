import type { AgentRegistry } from '../agents';
import type { AgentDialer } from './agent-dialer';
import { MAX_CALL_SECONDS } from './carrier-profile';
import { UnknownCallError, type CallStore } from './call-store';
import { answerByAgent, recordPickup } from './call-transitions';
import type { AcceptDecision, PickupDecision } from './decision';
import type { Outbox } from './outbox';
import type { QueueCalls } from './queue-calls';

export interface AgentLegsDeps {
  agents: AgentRegistry;
  calls: CallStore;
  outbox: Outbox;
  queue: QueueCalls;
  now(): Date;
}

/**
 * The agents' side of a call: a leg picks up and hears the whisper, the agent presses 1 (the
 * first claim wins), the queue hands a caller over, a leg ends.
 */
export class AgentLegs {
  constructor(private readonly deps: AgentLegsDeps) {}

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

  /**
   * The carrier connected an agent by itself (a carrier without a whisper: the first to pick up
   * wins). They are marked busy all the same; the answer is recorded even if a race made them
   * busy elsewhere.
   */
  async carrierAnswered(callId: string, agentId: string, answeringNumber: string | null): Promise<void> {
    const now = this.deps.now();
    const agent = (await this.deps.agents.markBusy(agentId, callId, now, MAX_CALL_SECONDS)) ?? (await this.deps.agents.get(agentId));
    if (agent) await this.answer(callId, agentId, agent.name, answeringNumber, now);
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
}
