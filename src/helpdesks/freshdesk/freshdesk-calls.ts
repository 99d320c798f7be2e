import type { CountryCode } from 'libphonenumber-js';
import { UnknownAgentError, type Agent, type AgentRegistry } from '../../agents';
import type { CallRecord } from '../../calls/call-record';
import { UnknownCallError, type CallStore } from '../../calls/call-store';
import type { CallEnded } from '../../calls/lifecycle-event';
import { InvalidInputError } from '../../invalid-input';
import { toE164, tryE164 } from '../../phone/phone-number';
import { customerNumber } from './call-log';
import { FreshdeskError, type FreshdeskApi } from './freshdesk-api';
import type { FreshdeskContacts } from './freshdesk-contacts';
import { isOpen, requesterTickets } from './freshdesk-tickets';
import { freshdeskTicket } from './origin-ticket';

export class UnknownTicketError extends Error {
  constructor(ticketId: string) {
    super(`Freshdesk has no ticket ${ticketId} (or the API key's agent cannot see it)`);
    this.name = 'UnknownTicketError';
  }
}

export class NoCustomerNumberError extends Error {
  constructor(ticketId: string) {
    super(`the requester of ticket ${ticketId} has no phone or mobile number: add one to the contact in Freshdesk, then call again`);
    this.name = 'NoCustomerNumberError';
  }
}

/** Who the Freshdesk app speaks for: the logged-in agent's email, or an agent id. */
export interface AppAgent {
  agentEmail?: string;
  agentId?: string;
}

export interface FreshdeskCallRequest extends AppAgent {
  ticketId: string;
  /** A number the agent clicked; else the requester's phone, then mobile. */
  number?: string;
  carrier?: string;
}

export type CallState = 'queued' | 'ringing-agent' | 'ringing-customer' | 'in-progress' | 'ended';

export interface CallStatus {
  state: CallState;
  endedReason?: string;
  durationSeconds?: number;
}

export interface FreshdeskCallsDeps {
  api: FreshdeskApi;
  contacts: FreshdeskContacts;
  agents: AgentRegistry;
  calls: CallStore;
  /** The live call offered to this agent now, if any. */
  ringing(agentId: string): Promise<CallRecord | null>;
  defaultRegion: CountryCode;
  /** The product's one click-to-call entry point, on the request's carrier. */
  placeCall(request: { agentId: string; customerNumber: string; carrier?: string; originTicket: { helpdesk: string; id: string } }, webhookBase: string): Promise<{ callId: string }>;
}

interface TicketWithRequester {
  id: number;
  subject?: string;
  requester?: { id: number; name?: string; phone?: string | null; mobile?: string | null } | null;
}

/** What the Freshdesk app asks of us: place a call from a ticket, follow it, and the agent's call for the pop-up. */
export class FreshdeskCalls {
  constructor(private readonly deps: FreshdeskCallsDeps) {}

  async clickToCall(request: FreshdeskCallRequest, webhookBase: string): Promise<{ callId: string }> {
    const agent = await this.agentOf(request);
    const origin = freshdeskTicket(request.ticketId);
    const ticket = await this.ticket(origin.id);
    const customer = request.number !== undefined ? toE164(request.number, this.deps.defaultRegion) : this.requesterNumber(ticket, request.ticketId);
    return this.deps.placeCall({ agentId: agent.id, customerNumber: customer, carrier: request.carrier, originTicket: origin }, webhookBase);
  }

  async callStatus(callId: string): Promise<CallStatus> {
    const record = await this.deps.calls.get(callId);
    if (!record) throw new UnknownCallError(callId);
    if (record.phase === 'ended') {
      const ended = [...record.events].reverse().find((e): e is CallEnded => e.type === 'ended');
      return { state: 'ended', endedReason: record.missedReason ?? ended?.cause ?? 'normalClearing', durationSeconds: ended?.durationSeconds ?? 0 };
    }
    if (record.phase === 'answered') return { state: 'in-progress' };
    if (record.direction === 'in') return { state: record.queuedAt ? 'queued' : 'ringing-agent' };
    // The agent accepted the click-to-call (pressed 1): the customer's phone rings now.
    const agentId = record.ring.offered[0];
    const agent = agentId ? await this.deps.agents.get(agentId) : undefined;
    return { state: agent?.status.kind === 'busy' && agent.status.callId === callId ? 'ringing-customer' : 'ringing-agent' };
  }

  /** The call ringing or connected to the agent now, with the customer's Freshdesk contact and newest open ticket; null when none. */
  async agentCall(who: AppAgent) {
    const agent = await this.agentOf(who);
    const record = agent.status.kind === 'busy' ? await this.deps.calls.get(agent.status.callId) : await this.deps.ringing(agent.id);
    if (!record || record.phase === 'ended') return null;
    const number = customerNumber(record);
    const contact = await this.deps.contacts.byNumber(number);
    const ticket = contact ? await this.newestOpenTicket(contact.id) : null;
    return {
      callId: record.callId,
      direction: record.direction,
      state: (await this.callStatus(record.callId)).state,
      callerNumber: number,
      contact: contact && { id: contact.id, name: contact.name },
      ticket,
    };
  }

  private async agentOf({ agentEmail, agentId }: AppAgent): Promise<Agent> {
    if (agentId) {
      const agent = (await this.deps.agents.get(agentId)) ?? (await this.deps.agents.all()).find((a) => a.helpdeskIds.freshdesk === agentId);
      if (!agent) throw new UnknownAgentError(agentId);
      return agent;
    }
    if (!agentEmail) throw new InvalidInputError('agentEmail (the logged-in agent) or agentId is required');
    const email = agentEmail.trim().toLowerCase();
    const agent = (await this.deps.agents.all()).find((a) => a.email === email);
    if (!agent) throw new UnknownAgentError(email);
    return agent;
  }

  private async ticket(ticketId: string): Promise<TicketWithRequester> {
    try {
      return (await this.deps.api.get<TicketWithRequester>(`/tickets/${ticketId}?include=requester`)).data;
    } catch (error) {
      if (error instanceof FreshdeskError && error.status === 404) throw new UnknownTicketError(ticketId);
      throw error;
    }
  }

  private requesterNumber(ticket: TicketWithRequester, ticketId: string): string {
    const { phone, mobile } = ticket.requester ?? {};
    const number = tryE164(phone ?? undefined, this.deps.defaultRegion) ?? tryE164(mobile ?? undefined, this.deps.defaultRegion);
    if (!number) throw new NoCustomerNumberError(ticketId);
    return number;
  }

  private async newestOpenTicket(requesterId: number): Promise<{ id: number; subject: string } | null> {
    const open = (await requesterTickets(this.deps.api, requesterId)).find(isOpen);
    return open ? { id: open.id, subject: open.subject } : null;
  }
}
