import { ItemExistsError, type ItemMap } from '../store';
import type { CallIdentity, CallRecord } from './call-record';
import type { MissedReason } from './lifecycle-event';
import { log } from '../logging/masked-log';

/** A call has started; it is live until its `ended` entry appears (or this one expires). */
export interface StartedEntry {
  kind: 'started';
  callId: string;
  startedAt: string;
}

/** A call has ended: enough to list it without reading its own map. */
export interface EndedEntry extends CallIdentity {
  kind: 'ended';
  endedAt: string;
  agentId: string | null;
  agentName: string | null;
  missedReason: MissedReason | null;
  voicemail: boolean;
  recordingUrl: string | null;
}

export type CallIndexEntry = StartedEntry | EndedEntry;

export interface CallIndexTtl {
  /** A started entry outlives no call: a call whose end never arrives stops looking live. */
  liveSeconds: number;
  /** How long an ended call stays listed. */
  endedSeconds: number;
}

/**
 * The dashboard's index of recent calls, in a Sync map of its own so it never spends the agent
 * map's write rate. Two create-if-absent writes per call (started, ended) and no updates, so
 * duplicated callbacks cost nothing and no write needs a read first. The index is a view: a
 * write that fails is logged and never fails the call it describes.
 */
export class CallIndex {
  constructor(
    private readonly map: ItemMap<CallIndexEntry>,
    private readonly ttl: CallIndexTtl,
  ) {}

  started(record: CallRecord): Promise<void> {
    const entry: StartedEntry = { kind: 'started', callId: record.callId, startedAt: record.startedAt };
    return this.put(`s.${record.callId}`, entry, this.ttl.liveSeconds);
  }

  ended(record: CallRecord): Promise<void> {
    const entry: EndedEntry = {
      kind: 'ended',
      callId: record.callId,
      carrier: record.carrier,
      direction: record.direction,
      from: record.from,
      to: record.to,
      startedAt: record.startedAt,
      endedAt: record.endedAt ?? record.startedAt,
      agentId: record.answer?.agentId ?? null,
      agentName: record.answer?.agentName ?? null,
      missedReason: record.missedReason,
      voicemail: record.answer?.voicemail ?? false,
      recordingUrl: record.voicemail?.recordingUrl ?? null,
    };
    return this.put(`e.${record.callId}`, entry, this.ttl.endedSeconds);
  }

  /** Calls started and not ended, and ended calls, newest first. */
  async read(): Promise<{ live: StartedEntry[]; ended: EndedEntry[] }> {
    const entries = (await this.map.list()).map((item) => item.data);
    const ended = entries.filter((e): e is EndedEntry => e.kind === 'ended');
    const over = new Set(ended.map((e) => e.callId));
    const live = entries.filter((e): e is StartedEntry => e.kind === 'started' && !over.has(e.callId));
    const newest = (a: { startedAt: string }, b: { startedAt: string }) => b.startedAt.localeCompare(a.startedAt);
    return { live: live.sort(newest), ended: ended.sort((a, b) => b.endedAt.localeCompare(a.endedAt)) };
  }

  private async put(key: string, entry: CallIndexEntry, ttl: number): Promise<void> {
    try {
      await this.map.create(key, entry, { ttl });
    } catch (error) {
      // Already there: a duplicated webhook. Anything else: the dashboard misses one line, the call goes on.
      if (!(error instanceof ItemExistsError)) log.warn(`call index ${this.map.name}: ${key} not written: ${(error as Error).message}`);
    }
  }
}
