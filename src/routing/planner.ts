import { availableAgents, type Agent } from '../agents';
import type { CallRecord } from '../calls/call-record';
import type { CarrierProfile } from '../calls/carrier-profile';
import type { MissedReason } from '../calls/lifecycle-event';
import { speaks } from './languages';

/** Ringing for less than this is pointless (and below a dial timeout's useful range). */
export const MIN_RING_SECONDS = 5;

export interface RoutingSettings {
  routingMode: 'ring-all' | 'queue';
  ringTimeoutSeconds: number;
  /** How long the caller's ticket owner rings alone before everyone else. */
  preferredRingSeconds: number;
  voicemail: boolean;
  /** Only this team's members are rung; null: everyone. */
  team: string | null;
  /** An agent is not rung again until this long after their last call ended. */
  wrapUpSeconds: number;
  /** REQUIRE_SIGN_IN: only agents signed in to the softphone are rung. Absent: off. */
  requireSignIn?: boolean;
}

/** An agent the carrier can reach, with the addresses it rings at once (phone, browser), preferred first. */
export interface Reachable {
  agent: Agent;
  /** The preferred one: what a single offer (a queue offer, a Studio list) rings. */
  address: string;
  addresses: string[];
}

export interface RankRequest {
  agents: readonly Agent[];
  profile: CarrierProfile;
  now: Date;
  callerNumber?: string;
  /** The language the caller chose, if any. */
  language?: string | null;
  /** The caller's ticket owner, offered alone before anyone else. */
  preferredAgentId?: string | null;
  /** Never offered again for this call (declined, or rang through a whole wave). */
  excluded?: readonly string[];
  /** The line's team and wrap-up time (RoutingSettings). */
  line?: Pick<RoutingSettings, 'team' | 'wrapUpSeconds' | 'requireSignIn'>;
}

/**
 * Who may be offered the call, in the order they are offered, as tiers that never share a wave:
 * the caller's ticket owner alone; then those who speak the caller's language; then everyone
 * else. Within a tier, longest idle first. Every entry (a direct webhook, a Studio flow, the second
 * carrier, a queue offer) ranks with this one function, so a call gets the same agents in the
 * same order whichever way it arrives.
 */
export function rankAgents({ agents, profile, now, callerNumber, language, preferredAgentId, excluded = [], line }: RankRequest): Reachable[][] {
  const skip = new Set(excluded);
  const context = { now, callerNumber, team: line?.team, wrapUpSeconds: line?.wrapUpSeconds, requireSignIn: line?.requireSignIn };
  const reachable = availableAgents(agents, context).flatMap((agent) => {
    const addresses = profile.addressesOf(agent, now);
    return addresses.length > 0 && !skip.has(agent.id) ? [{ agent, address: addresses[0], addresses }] : [];
  });
  const owner = reachable.filter((r) => r.agent.id === preferredAgentId);
  const rest = reachable.filter((r) => r.agent.id !== preferredAgentId);
  const speakers = language ? rest.filter((r) => speaks(r.agent, language)) : rest;
  const others = language ? rest.filter((r) => !speaks(r.agent, language)) : [];
  return [owner, speakers, others].filter((tier) => tier.length > 0);
}

export type Route =
  | { kind: 'ring'; agents: Reachable[]; newWave: boolean; solo: boolean; deadline: Date; timeoutSeconds: number; sequential: boolean }
  | { kind: 'queue' }
  | { kind: 'unanswered'; reason: MissedReason; then: 'voicemail' | 'apologise' };

export interface RouteRequest {
  record: CallRecord;
  agents: readonly Agent[];
  profile: CarrierProfile;
  settings: RoutingSettings;
  now: Date;
  /** Whether the line is open now (business hours, holidays). */
  open: boolean;
}

/** Queue routing on a carrier that holds callers in its own queue. */
export function routesToQueue(settings: RoutingSettings, profile: CarrierProfile): boolean {
  return settings.routingMode === 'queue' && profile.queueing === 'native';
}

/**
 * The next step for a call still ringing: a closed line gives up at once; a ticket owner who can
 * take the call rings alone first; then ring-all waves (or the carrier's queue); when nobody is
 * left, voicemail or an apology. Agents who declined or rang through a whole wave are never asked
 * again; after someone picks up and declines, the others ring again for what is left of the wave.
 */
export function route({ record, agents, profile, settings, now, open }: RouteRequest): Route {
  const unanswered = (reason: MissedReason): Route => ({ kind: 'unanswered', reason, then: settings.voicemail ? 'voicemail' : 'apologise' });
  if (!open) return unanswered('out_of_hours');
  const { ring } = record;
  const tiers = rankAgents({
    agents,
    profile,
    now,
    callerNumber: record.from,
    language: record.language,
    preferredAgentId: ring.wave === 0 ? ring.preferred : null,
    excluded: [...ring.declined, ...ring.exhausted],
    line: settings,
  });
  const owner = ring.wave === 0 && ring.preferred ? tiers[0]?.find((r) => r.agent.id === ring.preferred) : undefined;
  if (owner) return newWave([owner], now, settings.preferredRingSeconds, true, false);
  if (routesToQueue(settings, profile)) return { kind: 'queue' };
  if (tiers.length === 0) return unanswered(ring.wave === 0 ? 'no_available_agent' : 'agents_did_not_answer');
  const sequential = settings.routingMode === 'queue';
  const wave = withinDial(tiers[0], profile.maxPerDial);
  const deadline = ring.waveDeadline ? new Date(ring.waveDeadline) : null;
  const remaining = deadline ? Math.floor((deadline.getTime() - now.getTime()) / 1000) : 0;
  if (deadline && remaining >= MIN_RING_SECONDS && !ring.solo) {
    return { kind: 'ring', agents: wave, newWave: false, solo: false, deadline, timeoutSeconds: remaining, sequential };
  }
  return newWave(wave, now, settings.ringTimeoutSeconds, false, sequential);
}

/** The longest head of the tier whose addresses (an agent may ring at two) fit one dial. */
function withinDial(tier: Reachable[], maxPerDial: number): Reachable[] {
  let used = 0;
  const wave: Reachable[] = [];
  for (const r of tier) {
    if (used + r.addresses.length > maxPerDial) break;
    used += r.addresses.length;
    wave.push(r);
  }
  return wave;
}

function newWave(agents: Reachable[], now: Date, timeoutSeconds: number, solo: boolean, sequential: boolean): Route {
  return { kind: 'ring', agents, newWave: true, solo, deadline: new Date(now.getTime() + timeoutSeconds * 1000), timeoutSeconds, sequential };
}

/**
 * The next agent to offer a queued caller to, in the planner's order, never one who declined
 * this caller. Agents who let an offer ring out are skipped until everyone has had a turn, then
 * the round starts again (a caller may wait longer than one round).
 */
export function nextQueueAgent(
  agents: readonly Agent[],
  record: CallRecord,
  { profile, line, now }: { profile: CarrierProfile; line: RankRequest['line']; now: Date },
): { next: Reachable; newRound: boolean } | null {
  const ranked = rankAgents({ agents, profile, now, callerNumber: record.from, language: record.language, excluded: record.ring.declined, line }).flat();
  const fresh = ranked.find((r) => !record.ring.exhausted.includes(r.agent.id));
  if (fresh) return { next: fresh, newRound: false };
  return ranked.length > 0 ? { next: ranked[0], newRound: true } : null;
}
