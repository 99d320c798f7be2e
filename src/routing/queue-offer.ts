import { availableAgents, type Agent } from '../agents';
import type { CallRecord } from '../calls/call-record';
import { speakersFirst } from './languages';

/**
 * The next agent to offer a queued caller to: longest idle first (speakers of the caller's
 * language before the others), never one who declined this
 * caller. Agents who let an offer ring out are skipped until everyone has had a turn, then the
 * round starts again (a caller may wait longer than one round).
 */
export function nextQueueAgent(agents: readonly Agent[], record: CallRecord, now: Date): { agent: Agent; newRound: boolean } | null {
  const ringable = availableAgents(agents, { now, callerNumber: record.from }).filter(
    (agent) => agent.phoneNumbers.length > 0 && !record.ring.declined.includes(agent.id),
  );
  const fresh = speakersFirst(ringable.filter((agent) => !record.ring.exhausted.includes(agent.id)), record.language);
  if (fresh.length > 0) return { agent: fresh[0], newRound: false };
  const again = speakersFirst(ringable, record.language);
  return again.length > 0 ? { agent: again[0], newRound: true } : null;
}
