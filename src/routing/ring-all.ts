import { availableAgents, type Agent } from '../agents';
import type { CallRecord } from '../calls/call-record';
import type { MissedReason } from '../calls/lifecycle-event';
import { speakersFirst } from './languages';

/** Twilio's <Dial> rings at most 10 numbers at once. */
export const MAX_PER_WAVE = 10;
/** Ringing for less than this is pointless (and below <Dial timeout>'s useful range). */
export const MIN_RING_SECONDS = 5;

export interface RingAllSettings {
  ringTimeoutSeconds: number;
  /** How long the preferred agent (the caller's ticket owner) rings alone before the others are rung. */
  preferredRingSeconds: number;
  /** How many can be rung at once: 10 for Twilio's <Dial>; Africa's Talking has no such limit. */
  maxPerWave: number;
  /** Whether the carrier can reach this agent at all (a number; or, on Africa's Talking, a browser client). */
  canRing(agent: Agent): boolean;
}

export type RingPlan =
  | { kind: 'ring'; agents: Agent[]; newWave: boolean; solo: boolean; deadline: Date; timeoutSeconds: number }
  | { kind: 'give-up'; reason: MissedReason };

/**
 * Who to ring next for a call. A preferred agent who can take the call rings alone first; then
 * those who speak the caller's language, if they chose one, before everyone else. Agents
 * who declined or already rang through a whole wave are never asked again; the rest are rung
 * longest idle first, ten at a time. After someone picks up and declines, the others are rung
 * again for what is left of the wave's time.
 */
export function planRingAll(agents: readonly Agent[], record: CallRecord, now: Date, settings: RingAllSettings): RingPlan {
  const excluded = new Set([...record.ring.declined, ...record.ring.exhausted]);
  const reachable = availableAgents(agents, { now, callerNumber: record.from }).filter(
    (agent) => settings.canRing(agent) && !excluded.has(agent.id),
  );
  const candidates = speakersFirst(reachable, record.language);
  if (candidates.length === 0) {
    return { kind: 'give-up', reason: record.ring.wave === 0 ? 'no_available_agent' : 'agents_did_not_answer' };
  }
  const preferred = record.ring.wave === 0 ? reachable.find((agent) => agent.id === record.ring.preferred) : undefined;
  if (preferred) return newWave([preferred], now, settings.preferredRingSeconds, true);
  const wave = candidates.slice(0, settings.maxPerWave);
  const deadline = record.ring.waveDeadline ? new Date(record.ring.waveDeadline) : null;
  const remaining = deadline ? Math.floor((deadline.getTime() - now.getTime()) / 1000) : 0;
  if (deadline && remaining >= MIN_RING_SECONDS && !record.ring.solo) {
    return { kind: 'ring', agents: wave, newWave: false, solo: false, deadline, timeoutSeconds: remaining };
  }
  return newWave(wave, now, settings.ringTimeoutSeconds, false);
}

function newWave(agents: Agent[], now: Date, timeoutSeconds: number, solo: boolean): RingPlan {
  return { kind: 'ring', agents, newWave: true, solo, deadline: new Date(now.getTime() + timeoutSeconds * 1000), timeoutSeconds };
}
