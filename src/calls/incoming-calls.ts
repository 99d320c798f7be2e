import type { Agent, AgentRegistry } from '../agents';
import type { OpenState } from '../routing/business-hours';
import type { Line } from '../routing/lines';
import { rankAgents, route, routesToQueue, type Reachable, type Route } from '../routing/planner';
import { chosenLanguage } from '../routing/languages';
import type { TicketOwnerLookup } from '../routing/ticket-owner';
import type { StoredItem } from '../store';
import type { AgentDialer } from './agent-dialer';
import type { CallEndings } from './call-endings';
import type { CarrierProfiles } from './carrier-profile';
import type { CallRecord } from './call-record';
import type { CallStore } from './call-store';
import {
  announce,
  applyAll,
  chooseLanguage,
  closeAttempt,
  endCall,
  enqueue,
  giveUp,
  newCallRecord,
  offerRing,
  preferAgent,
  startVoicemail,
  type CarrierOutcome,
  type NewCall,
} from './call-transitions';
import type { CallDecision } from './decision';
import type { Outbox } from './outbox';
import type { QueueCalls } from './queue-calls';

export interface IncomingCallsDeps {
  agents: AgentRegistry;
  calls: CallStore;
  outbox: Outbox;
  queue: QueueCalls;
  endings: CallEndings;
  profiles: CarrierProfiles;
  /** The called number's line: its team, routing mode, ring time, voicemail and wrap-up. */
  lineFor(calledNumber: string): Line;
  voicemailMaxLengthSeconds: number;
  /** Who owns the caller's open ticket, rung alone first on every entry; null when off. */
  ticketOwners: TicketOwnerLookup | null;
  /** Brings the agents up to date with the helpdesk when its short cache ran out. */
  refreshAgents(): Promise<void>;
  /** Whether the called line is open at that moment (business hours, holidays). */
  lineState(calledNumber: string, at: Date): OpenState;
  now(): Date;
}

export interface IncomingOptions {
  /** Offers queued callers to agents (queue routing on a carrier with its own queue). */
  dialer?: AgentDialer;
  /** The caller's ticket owner, rung alone first when they can take the call. */
  preferredAgentId?: string;
  /** A Studio flow already asked whether the line is open and routed the call on: it is not asked twice. */
  hoursChecked?: boolean;
  /** The key the caller pressed in the line's language menu; one the menu does not offer is no choice. */
  languageKey?: string;
}

/** What a flow learns before it routes a call itself: the planner's decision, as a list. */
export interface RoutingPreview {
  state: OpenState;
  /** The agents in the order the planner offers them. */
  agents: Reachable[];
  /** The caller's ticket owner, when they are among them. */
  owner: Reachable | null;
  /** The line's language menu choices, key 1 for the first. */
  languages: string[];
}

interface RedecideOptions {
  /** The attempt under way ended without anyone accepting. */
  attemptOver?: boolean;
  open?: boolean;
  routeFirst?: (record: CallRecord) => CallRecord;
  /** The record as just read. */
  known?: StoredItem<CallRecord>;
}

/**
 * Deciding an incoming call: when it arrives, and each time a ring attempt ends. The planner
 * (routing/planner.ts) decides; this applies its decision to the call record in one
 * revision-checked write and hands the new events to the outbox.
 */
export class IncomingCalls {
  constructor(private readonly deps: IncomingCallsDeps) {}

  /**
   * A call arrives: create its record and decide, in one write, whether the line is closed, whom
   * to ring, or to queue the caller. A preferred agent (the caller's ticket owner) rings alone
   * first, then ring-all or the queue take over.
   */
  async incoming(arriving: Omit<NewCall, 'at'>, { dialer, preferredAgentId: asked, hoursChecked = false, languageKey }: IncomingOptions = {}): Promise<CallDecision> {
    const now = this.deps.now();
    const line = this.deps.lineFor(arriving.to);
    const language = languageKey === undefined ? arriving.language : chosenLanguage(line.languages, languageKey);
    const call = { ...arriving, language };
    const open = hoursChecked || this.deps.lineState(call.to, now).open;
    // A flow that checked the hours also asked for the owner before it routed the call here.
    const [preferredAgentId] = await Promise.all([
      asked ?? (open && !hoursChecked ? this.ownerOf(call, false) : undefined),
      open ? this.deps.refreshAgents() : undefined,
    ]);
    if (open && routesToQueue(line, this.deps.profiles.of(call.carrier)) && !preferredAgentId) {
      if (!dialer) throw new Error('queue routing needs the carrier\'s calls API to offer callers to agents');
      return this.deps.queue.enqueue(call, dialer);
    }
    // A closed line rings nobody, so it need not read the agents. A flow that checked the hours
    // has normally reported the call already: carry on with its record (read alongside the agents).
    // Otherwise the call's own map is made while the agents are read, so storing the call costs one round trip.
    const [agents, reported] = await Promise.all([
      open ? this.deps.agents.all() : [],
      hoursChecked ? this.deps.calls.stored(call.callId) : this.deps.calls.prepare(call.callId).then(() => undefined),
    ]);
    const routeFirst = (r: CallRecord) => applyAll(r, (x) => chooseLanguage(x, language), (x) => (preferredAgentId ? preferAgent(x, preferredAgentId) : null));
    if (reported) return this.redecide(call.callId, now, agents, { routeFirst, open, known: reported });
    const { record, decision } = this.nextStep(routeFirst(newCallRecord({ ...call, at: now })), agents, now, open);
    const stored = await this.deps.outbox.createAnnounced(record, now);
    if (!stored.created) return this.redecide(call.callId, now, agents, { routeFirst, open });
    return stored.rejected ? { kind: 'reject' } : decision;
  }

  /** For a flow that routes the call itself: open or closed, and whom the planner would offer it to, in order. */
  async preview(call: { callId?: string; from?: string; to: string; carrier: string }): Promise<RoutingPreview> {
    const now = this.deps.now();
    const state = this.deps.lineState(call.to, now);
    const [agents, ownerId] = await Promise.all([
      this.deps.refreshAgents().then(() => this.deps.agents.all()),
      state.open && call.callId ? this.ownerOf({ callId: call.callId, from: call.from }, true) : undefined,
    ]);
    const line = this.deps.lineFor(call.to);
    const tiers = rankAgents({ agents, profile: this.deps.profiles.of(call.carrier), now, callerNumber: call.from, preferredAgentId: ownerId, line });
    const ranked = tiers.flat();
    return { state, agents: ranked, owner: ranked.find((r) => r.agent.id === ownerId) ?? null, languages: line.languages };
  }

  /** The caller's ticket owner, looked up within the helpdesk's short time; undefined when off or unknown. */
  private async ownerOf(call: { callId: string; from?: string }, reported: boolean): Promise<string | undefined> {
    const owners = this.deps.ticketOwners;
    if (!owners || !call.from) return undefined;
    return (await owners.ownerOf({ callId: call.callId, callerNumber: call.from, reported })) ?? undefined;
  }

  /**
   * The dial ended: over if someone accepted or the caller hung up while it rang (missed,
   * abandoned), else ring whoever is left, else give up.
   */
  async dialEnded(callId: string, outcome: CarrierOutcome, callerHungUp = false): Promise<CallDecision> {
    const now = this.deps.now();
    const claim = await this.deps.calls.getClaim(callId);
    if (claim || outcome === 'canceled' || callerHungUp) {
      await this.deps.endings.finish(callId, claim ? 'completed' : 'canceled', now);
      return { kind: 'hangup' };
    }
    return this.redecide(callId, now, await this.deps.agents.all(), { attemptOver: true });
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

  private async redecide(
    callId: string,
    now: Date,
    agents: Agent[],
    { attemptOver = false, open = true, routeFirst = (r) => r, known }: RedecideOptions = {},
  ): Promise<CallDecision> {
    let decision: CallDecision = { kind: 'hangup' };
    const { changed } = await this.deps.calls.change(
      callId,
      (current) => {
        const routed = routeFirst(attemptOver ? applyAll(current, closeAttempt) : current);
        const step = this.nextStep(routed, agents, now, open);
        decision = step.decision;
        return step.record === current ? null : step.record;
      },
      known,
    );
    if (changed) await this.deps.outbox.flushCall(callId);
    return decision;
  }

  /** Pure: the planner's next step for a call still ringing, as the record after it and what the caller hears. */
  private nextStep(record: CallRecord, agents: readonly Agent[], now: Date, open: boolean): { record: CallRecord; decision: CallDecision } {
    if (record.phase !== 'ringing') return { record, decision: { kind: 'hangup' } };
    const line = this.deps.lineFor(record.to);
    const next: Route = route({ record, agents, profile: this.deps.profiles.of(record.carrier), settings: line, now, open });
    switch (next.kind) {
      case 'queue':
        // After the ticket owner's turn the caller joins the queue; its wait cycles offer them on.
        return {
          record: applyAll(record, (r) => enqueue(r, now), (r) => announce(r, [], now)),
          decision: { kind: 'enqueue', callId: record.callId, queueName: this.deps.queue.name },
        };
      case 'ring': {
        const offered = next.agents.map(({ agent }) => ({ agentId: agent.id, name: agent.name }));
        return {
          record: applyAll(
            record,
            (r) => offerRing(r, { agentIds: offered.map((a) => a.agentId), newWave: next.newWave, deadline: next.deadline, solo: next.solo }),
            (r) => announce(r, offered, now),
          ),
          decision: {
            kind: 'ring',
            callId: record.callId,
            // An agent rung at two addresses (SOFTPHONE_RING=both) is two targets with one agent id: each leg asks them to accept.
            targets: next.agents.flatMap(({ agent, addresses }) => addresses.map((number) => ({ agentId: agent.id, name: agent.name, number }))),
            timeoutSeconds: next.timeoutSeconds,
            callerId: record.to,
            sequential: next.sequential,
            fallback: line.voicemail ? 'voicemail' : 'apologise',
          },
        };
      }
      case 'unanswered': {
        const givenUp = applyAll(record, (r) => giveUp(r, next.reason), (r) => announce(r, [], now));
        if (next.then === 'apologise') {
          // The apology ends the call, so the end is known now even if no status callback is configured.
          return { record: applyAll(givenUp, (r) => endCall(r, 'completed', now)), decision: { kind: 'apologise', reason: next.reason } };
        }
        return {
          record: applyAll(givenUp, (r) => startVoicemail(r, now)),
          decision: { kind: 'voicemail', callId: record.callId, reason: next.reason, maxLengthSeconds: this.deps.voicemailMaxLengthSeconds },
        };
      }
    }
  }
}
