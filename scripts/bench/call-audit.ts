import type { FakeFreshdesk } from '../fake-freshdesk';
import type { FakeZammad } from '../fake-zammad';
import type { LocalRuntime } from '../local/local-runtime';
import type { CallRecord } from '../../src/calls/call-record';

/**
 * What a run of many calls left behind, judged from the outside: the helpdesks' own logs, the
 * call records and the agent map. Shared by the soak suites and the benchmark, so both count
 * lost events and double-bookings the same way.
 */
export interface CallAudit {
  /** Calls whose processed Zammad CTI events are not exactly newCall, answer, hangup. */
  zammadWrong: string[];
  /** Calls without exactly one entry (ticket or note carrying the call id) at Freshdesk. */
  freshdeskWrong: string[];
  /** Calls whose record's events are not started, answered, ended. */
  recordWrong: string[];
  /** Pairs of calls an agent was answering at the same time. */
  doubleBookings: number;
  /** Agents still marked busy. */
  busyAgents: string[];
}

export interface AuditTargets {
  runtime: LocalRuntime;
  callIds: readonly string[];
  zammad?: FakeZammad;
  freshdesk?: FakeFreshdesk;
}

export async function auditCalls({ runtime, callIds, zammad, freshdesk }: AuditTargets): Promise<CallAudit> {
  const records = new Map<string, CallRecord | undefined>();
  for (const id of callIds) records.set(id, await runtime.callRecord(id));
  const ctiEvents = zammad ? zammadEventsByCall(zammad) : new Map<string, string[]>();
  const entries = freshdesk ? freshdeskEntriesByCall(freshdesk, callIds) : new Map<string, number>();
  const agents = await runtime.agents();
  return {
    zammadWrong: zammad ? callIds.filter((id) => (ctiEvents.get(id) ?? []).join(',') !== 'newCall,answer,hangup') : [],
    freshdeskWrong: freshdesk ? callIds.filter((id) => entries.get(id) !== 1) : [],
    recordWrong: callIds.filter((id) => (records.get(id)?.events ?? []).map((e) => e.type).join(',') !== 'started,answered,ended'),
    doubleBookings: doubleBookings([...records.values()].filter((r): r is CallRecord => r !== undefined)),
    busyAgents: [...agents.values()].filter((a) => a.status.kind !== 'idle').map((a) => a.id),
  };
}

/** The CTI events Zammad processed (answered 200), per call id, in arrival order. */
export function zammadEventsByCall(zammad: FakeZammad): Map<string, string[]> {
  const events = new Map<string, string[]>();
  for (const request of zammad.requests()) {
    if (request.status !== 200) continue;
    const callId = String(request.params.callId);
    events.set(callId, [...(events.get(callId) ?? []), String(request.params.event)]);
  }
  return events;
}

/** Tickets and notes that name each call (every entry ends with the call id). */
function freshdeskEntriesByCall(freshdesk: FakeFreshdesk, callIds: readonly string[]): Map<string, number> {
  const texts = [...freshdesk.tickets().map((t) => t.description), ...freshdesk.notes().map((n) => n.body)];
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const match of text.matchAll(/\b(CA[0-9a-f]{32}|ATVId_[0-9a-f]+)\b/g)) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  }
  return new Map(callIds.map((id) => [id, counts.get(id) ?? 0]));
}

/** Pairs of answered calls whose answer-to-end spans overlap for the same agent. */
export function doubleBookings(records: readonly CallRecord[]): number {
  const spans = new Map<string, Array<[number, number]>>();
  for (const record of records) {
    const answered = record.events.find((e) => e.type === 'answered');
    if (!answered || answered.type !== 'answered' || !answered.agentId) continue;
    const ended = record.events.find((e) => e.type === 'ended');
    const span: [number, number] = [Date.parse(answered.at), ended ? Date.parse(ended.at) : Number.POSITIVE_INFINITY];
    spans.set(answered.agentId, [...(spans.get(answered.agentId) ?? []), span]);
  }
  let pairs = 0;
  for (const list of spans.values()) {
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) if (list[i][0] < list[j][1] && list[j][0] < list[i][1]) pairs += 1;
    }
  }
  return pairs;
}
