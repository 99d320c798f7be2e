import type { Agent } from './agent';
import { softphoneSignedIn } from '../softphone/softphone-presence';

export interface RingContext {
  now: Date;
  /** The caller's number in E.164, so an agent calling in is never rung for their own call. */
  callerNumber?: string;
  /** The line's wrap-up time: an agent is not rung again until this long after their last call ended. */
  wrapUpSeconds?: number;
  /** The line's team: only its members are rung. */
  team?: string | null;
  /** REQUIRE_SIGN_IN: only agents signed in to the softphone are rung. */
  requireSignIn?: boolean;
}

export type UnavailableReason = 'presence' | 'phone-switch-off' | 'busy' | 'wrap-up' | 'out-of-office' | 'not-in-team' | 'is-caller' | 'no-number' | 'not-signed-in';

/** Why an agent must not be rung now, or null when they may be. */
export function unavailableReason(agent: Agent, { now, callerNumber, wrapUpSeconds = 0, team = null, requireSignIn = false }: RingContext): UnavailableReason | null {
  if (agent.presence !== 'available') return 'presence';
  if (!agent.phoneSwitch) return 'phone-switch-off';
  if (requireSignIn && !softphoneSignedIn(agent, now)) return 'not-signed-in';
  if (isBusy(agent, now)) return 'busy';
  if (inWrapUp(agent, now, wrapUpSeconds)) return 'wrap-up';
  if (isOutOfOffice(agent, now)) return 'out-of-office';
  if (team && !(agent.teams ?? []).some((t) => sameTeam(t, team))) return 'not-in-team';
  if (callerNumber && agent.phoneNumbers.includes(callerNumber)) return 'is-caller';
  if (agent.phoneNumbers.length === 0 && !agent.atClientName && !softphoneSignedIn(agent, now)) return 'no-number';
  return null;
}

export function isAvailable(agent: Agent, context: RingContext): boolean {
  return unavailableReason(agent, context) === null;
}

/** Busy on a call, unless that status outlived the longest possible call (a lost final callback). */
export function isBusy(agent: Agent, now: Date): boolean {
  return agent.status.kind === 'busy' && now.getTime() < Date.parse(agent.status.until);
}

function inWrapUp(agent: Agent, now: Date, wrapUpSeconds: number): boolean {
  return wrapUpSeconds > 0 && agent.lastCallEndedAt !== null && now.getTime() < Date.parse(agent.lastCallEndedAt) + wrapUpSeconds * 1000;
}

/** Team names as people type them: "Support" and "support" are one team. */
export function sameTeam(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function isOutOfOffice(agent: Agent, now: Date): boolean {
  const window = agent.outOfOffice;
  if (!window) return false;
  const t = now.getTime();
  return t >= Date.parse(window.start) && t < Date.parse(window.end);
}

/**
 * The agents who may be rung, longest idle first: an agent who never had a call counts as idle
 * the longest; ties fall back to the id so every carrier and every retry sees the same order.
 */
export function availableAgents(agents: readonly Agent[], context: RingContext): Agent[] {
  return agents.filter((agent) => isAvailable(agent, context)).sort(byLongestIdle);
}

function byLongestIdle(a: Agent, b: Agent): number {
  const idleSince = (agent: Agent) => (agent.lastCallEndedAt ? Date.parse(agent.lastCallEndedAt) : -Infinity);
  return idleSince(a) - idleSince(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
