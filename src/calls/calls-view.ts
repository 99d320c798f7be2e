import type { CallIndex, EndedEntry, StartedEntry } from './call-index';
import type { CallIdentity, CallRecord } from './call-record';
import type { CallStore } from './call-store';
import type { CarrierId, Direction, MissedReason } from './lifecycle-event';

export interface AgentRef {
  agentId: string;
  name: string;
}

export type LiveCallState = 'ringing' | 'queued' | 'in_progress' | 'voicemail';

export interface LiveCall {
  callId: string;
  carrier: CarrierId;
  direction: Direction;
  from: string;
  to: string;
  state: LiveCallState;
  startedAt: string;
  /** Seconds since the call started, or since it was answered once it is in progress. */
  seconds: number;
  /** Who is being rung now (ringing, or a queued caller offered to an agent). */
  ringing: AgentRef[];
  /** The agent on the call (in progress). */
  agent: AgentRef | null;
  /** 1 for the caller at the front (queued). */
  queuePosition: number | null;
  waitSeconds: number | null;
}

export interface EndedCall extends CallIdentity {
  endedAt: string;
  durationSeconds: number;
  agent: AgentRef | null;
  /** Why nobody took the call; null for an answered call. */
  missedReason: MissedReason | null;
  recordingUrl: string | null;
}

export interface CallsState {
  live: LiveCall[];
  queue: { length: number; longestWaitSeconds: number | null };
  recent: EndedCall[];
}

export interface CallsViewDeps {
  index: CallIndex;
  calls: CallStore;
  /** Agent names by id, for whom a live call rings. */
  agentNames(): Promise<Map<string, string>>;
}

/** How many ended calls the dashboard lists. */
export const RECENT_CALLS = 20;

/**
 * What the dashboard shows about calls: live ones read from their own records (few at a time),
 * the most recent ended ones from the index alone.
 */
export class CallsView {
  constructor(private readonly deps: CallsViewDeps) {}

  async state(now: Date): Promise<CallsState> {
    const [{ live, ended }, names] = await Promise.all([this.deps.index.read(), this.deps.agentNames()]);
    const current = await this.records(live);
    const queued = current.filter((r) => r.phase === 'ringing' && r.queuedAt).sort((a, b) => a.queuedAt!.localeCompare(b.queuedAt!));
    const calls = current.map((r) => liveCall(r, now, names, queued.indexOf(r)));
    const waits = calls.filter((c) => c.state === 'queued').map((c) => c.waitSeconds ?? 0);
    const recent = await Promise.all(ended.slice(0, RECENT_CALLS).map((entry) => this.endedCall(entry)));
    return { live: calls, queue: { length: waits.length, longestWaitSeconds: waits.length ? Math.max(...waits) : null }, recent };
  }

  /**
   * The call ringing this agent now, newest first. Ringing is never written to the agent map (that
   * would spend its write budget on every offer), so it is read from the live calls' records.
   */
  async ringing(agentId: string): Promise<CallRecord | null> {
    const current = await this.records((await this.deps.index.read()).live);
    return current.find((r) => r.phase === 'ringing' && r.ring.offered.includes(agentId)) ?? null;
  }

  private async records(live: StartedEntry[]): Promise<CallRecord[]> {
    const records = await Promise.all(live.map((entry) => this.deps.calls.get(entry.callId)));
    return records.filter((r): r is CallRecord => r !== undefined && r.phase !== 'ended');
  }

  /** A voicemail whose recording arrived after the call's end is read from the call's own record. */
  private async endedCall(entry: EndedEntry): Promise<EndedCall> {
    const recordingUrl = entry.recordingUrl ?? (entry.voicemail ? ((await this.deps.calls.get(entry.callId))?.voicemail?.recordingUrl ?? null) : null);
    const { callId, carrier, direction, from, to, startedAt, endedAt, missedReason } = entry;
    const agent = entry.agentId ? { agentId: entry.agentId, name: entry.agentName ?? entry.agentId } : null;
    return { callId, carrier, direction, from, to, startedAt, endedAt, durationSeconds: secondsBetween(startedAt, new Date(endedAt)), agent, missedReason, recordingUrl };
  }
}

function liveCall(record: CallRecord, now: Date, names: Map<string, string>, queueIndex: number): LiveCall {
  const { callId, carrier, direction, from, to, startedAt, answer } = record;
  const ref = (agentId: string) => ({ agentId, name: names.get(agentId) ?? agentId });
  const state: LiveCallState = answer ? (answer.voicemail ? 'voicemail' : 'in_progress') : queueIndex >= 0 ? 'queued' : 'ringing';
  const agent = answer?.agentId ? { agentId: answer.agentId, name: answer.agentName ?? answer.agentId } : null;
  return {
    callId,
    carrier,
    direction,
    from,
    to,
    state,
    startedAt,
    seconds: secondsBetween(answer && !answer.voicemail ? answer.at : startedAt, now),
    ringing: answer ? [] : record.ring.offered.map(ref),
    agent,
    queuePosition: state === 'queued' ? queueIndex + 1 : null,
    waitSeconds: state === 'queued' ? secondsBetween(record.queuedAt!, now) : null,
  };
}

function secondsBetween(from: string, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - Date.parse(from)) / 1000));
}
