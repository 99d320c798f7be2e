import { UnknownAgentError, isBusy, type Agent, type AgentRegistry } from '../agents';
import type { OriginTicket } from './call-record';
import type { CarrierId } from './lifecycle-event';
import type { AgentDialer } from './agent-dialer';
import { UnknownCallError, type CallStore } from './call-store';
import { announce, answerByAgent, applyAll, newCallRecord, offerRing } from './call-transitions';
import type { AcceptDecision } from './decision';
import type { Outbox } from './outbox';
import { MAX_CALL_SECONDS } from './carrier-profile';

export class AgentUnavailableError extends Error {
  constructor(readonly agentId: string, reason: string) {
    super(`agent ${agentId} cannot place a call: ${reason}`);
    this.name = 'AgentUnavailableError';
  }
}

export interface OutboundDeps {
  agents: AgentRegistry;
  calls: CallStore;
  outbox: Outbox;
  now(): Date;
}

export interface OutboundRequest {
  agentId: string;
  /** E.164 */
  customerNumber: string;
  /** The number the customer sees (and the agent's phone shows). */
  callerId: string;
  /** How long the agent's phone rings. */
  ringSeconds: number;
  /** The helpdesk ticket the call is placed from, where helpdesks log it. */
  originTicket?: OriginTicket;
}

export interface BrowserOutbound {
  /** The browser's own call: the call id every event carries. */
  callId: string;
  carrier: CarrierId;
  agentId: string;
  customerNumber: string;
  callerId: string;
  originTicket?: OriginTicket;
}

interface OpenCall extends Omit<BrowserOutbound, 'agentId'> {
  agent: Agent;
  /** Until when the agent counts as rung. */
  ringSeconds: number;
}

/**
 * Click-to-call: ring the agent first ("press 1 to call …"), then the customer. The agent's
 * call is the call: its id is the call id every event carries.
 */
export class OutboundCalls {
  constructor(private readonly deps: OutboundDeps) {}

  async place(request: OutboundRequest, dialer: AgentDialer): Promise<{ callId: string }> {
    const { agentId, customerNumber, callerId, ringSeconds, originTicket } = request;
    const agent = await this.deps.agents.get(agentId);
    if (!agent) throw new UnknownAgentError(agentId);
    const now = this.deps.now();
    if (isBusy(agent, now)) throw new AgentUnavailableError(agentId, 'already on a call');
    if (agent.phoneNumbers.length === 0) throw new AgentUnavailableError(agentId, 'no phone number');
    const callId = await dialer.call({ purpose: 'outbound', agentId, number: agent.phoneNumbers[0], callerId, timeoutSeconds: ringSeconds, customerNumber });
    await this.open({ callId, carrier: dialer.carrier, agent, customerNumber, callerId, originTicket, ringSeconds }, now);
    return { callId };
  }

  /**
   * The agent placed the call from the browser: their leg is up already, so they are busy from
   * now (the claim refuses an agent on another call) and the customer is dialled at once.
   */
  async placedInBrowser(request: BrowserOutbound): Promise<AcceptDecision> {
    const { callId, agentId, customerNumber } = request;
    const now = this.deps.now();
    const agent = await this.deps.agents.markBusy(agentId, callId, now, MAX_CALL_SECONDS);
    if (!agent) return { kind: 'refuse', reason: 'you are already on a call' };
    const callerId = await this.open({ ...request, agent, ringSeconds: MAX_CALL_SECONDS }, now);
    return { kind: 'dial-customer', callId, agentId, customerNumber, callerId };
  }

  /** Stores the new call with its started event; answers the caller id the customer sees. */
  private async open(call: OpenCall, now: Date): Promise<string> {
    const { callId, carrier, agent, customerNumber, callerId, originTicket, ringSeconds } = call;
    const record = applyAll(
      { ...newCallRecord({ callId, carrier, direction: 'out', from: callerId, to: customerNumber, at: now }), originTicket: originTicket ?? null },
      (r) => offerRing(r, { agentIds: [agent.id], newWave: true, deadline: new Date(now.getTime() + ringSeconds * 1000) }),
      (r) => announce(r, [{ agentId: agent.id, name: agent.name }], now),
    );
    const { created, record: stored } = await this.deps.calls.create(record);
    // A repeated webhook for a call already stored: it has announced itself and chosen its caller id.
    if (!created) return stored.from;
    // Zammad's routing table may pick the caller id the customer sees.
    const { callerId: chosen } = await this.deps.outbox.announceNewCall(callId, now);
    if (chosen && chosen !== callerId) await this.deps.calls.change(callId, (r) => ({ ...r, from: chosen }));
    return chosen ?? callerId;
  }

  /** The agent answered their phone and pressed a key. `placedWith` is the caller id the agent's call used. */
  async agentPressed(callId: string, agentId: string, digits: string, customerNumber: string, placedWith: string): Promise<AcceptDecision> {
    if (digits !== '1') return { kind: 'hangup' };
    const record = await this.deps.calls.get(callId);
    if (!record) throw new UnknownCallError(callId);
    const agent = await this.deps.agents.markBusy(agentId, callId, this.deps.now(), MAX_CALL_SECONDS);
    if (!agent) return { kind: 'hangup' };
    const callerId = record.from ?? placedWith;
    return { kind: 'dial-customer', callId, agentId, customerNumber, callerId };
  }

  /**
   * The agent picked up a call the carrier placed without a whisper (the carrier asks for the
   * session's dial plan then): connect the customer.
   */
  async agentPickedUp(callId: string, callerId: string): Promise<AcceptDecision> {
    const record = await this.deps.calls.get(callId);
    const agentId = record?.ring.offered[0];
    if (!record || record.direction !== 'out' || record.phase !== 'ringing' || !agentId) return { kind: 'hangup' };
    const agent = await this.deps.agents.markBusy(agentId, callId, this.deps.now(), MAX_CALL_SECONDS);
    if (!agent) return { kind: 'hangup' };
    return { kind: 'dial-customer', callId, agentId, customerNumber: record.to, callerId };
  }

  /** The customer picked up: that is when an outbound call counts as answered. */
  async customerAnswered(callId: string): Promise<void> {
    const record = await this.deps.calls.get(callId);
    if (!record) throw new UnknownCallError(callId);
    const agentId = record.ring.offered[0];
    if (!agentId) return;
    const agent = await this.deps.agents.get(agentId);
    const { changed } = await this.deps.calls.change(callId, (r) =>
      answerByAgent(r, { agentId, agentName: agent?.name ?? agentId, number: agent?.phoneNumbers[0] ?? null, at: this.deps.now() }),
    );
    if (changed) await this.deps.outbox.flushCall(callId);
  }
}
