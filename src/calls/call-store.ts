import { randomUUID } from 'node:crypto';
import { ItemExistsError, ItemNotFoundError, removeItem, updateItem, type ItemMap, type StoredItem } from '../store';
import type { CallRecord } from './call-record';
import type { CallIndex } from './call-index';

/**
 * A callback for a call we hold no record of: its map expired, another system placed it, or a
 * local store was wiped. Not our fault, and nothing to change.
 */
export class UnknownCallError extends Error {
  constructor(
    readonly callId: string,
    message = `no call ${callId} is known here (its record expired, was never ours, or the store was reset)`,
  ) {
    super(message);
    this.name = 'UnknownCallError';
  }
}

/** Who won a call: the create-if-absent item that makes acceptance exclusive. */
export interface Claim {
  agentId: string;
  /** The carrier's id of the agent's leg (a child call's id). */
  legId: string;
  at: string;
}

interface Lease {
  at: string;
  /** Whose lease it is, so a release that lost a race on the revision can still tell it is ours. */
  holder: string;
}

export type CallItem = CallRecord | Claim | Lease;

const RECORD = 'record';
const CLAIM = 'claim';

/**
 * Per-call state, each call in a Sync object of its own so calls never compete for the shared
 * agent map's write rate. Items: the call record (state machine + outbox) and the claim.
 */
export class CallStore {
  constructor(
    private readonly mapFor: (callId: string) => ItemMap<CallItem>,
    /** A claim outlives no call: if the final callback never comes it expires on its own. */
    private readonly claimTtlSeconds: number,
    /** The dashboard's recent-calls index; told when a call starts and when it ends. */
    private readonly index?: CallIndex,
  ) {}

  async get(callId: string): Promise<CallRecord | undefined> {
    return (await this.stored(callId))?.data;
  }

  /** The record with its revision, so a change right after it needs no second read. */
  async stored(callId: string): Promise<StoredItem<CallRecord> | undefined> {
    return (await this.mapFor(callId).get(RECORD)) as StoredItem<CallRecord> | undefined;
  }

  /** Makes a new call's own map ready, so creating its record is one round trip. */
  prepare(callId: string): Promise<void> {
    return this.mapFor(callId).prepare();
  }

  /** Creates the record, or returns the one a duplicate webhook already created. */
  async create(record: CallRecord): Promise<{ created: boolean; record: CallRecord }> {
    try {
      // Side by side with the record, so the caller waits no extra round trip for the index.
      await Promise.all([this.mapFor(record.callId).create(RECORD, record), this.index?.started(record)]);
      return { created: true, record };
    } catch (error) {
      if (!(error instanceof ItemExistsError)) throw error;
      const existing = await this.get(record.callId);
      if (!existing) throw error;
      return { created: false, record: existing };
    }
  }

  /** A revision-checked change; `decide` returns null for "nothing to do". Returns the record as stored after. */
  async change(
    callId: string,
    decide: (record: CallRecord) => CallRecord | null,
    known?: StoredItem<CallRecord>,
  ): Promise<{ record: CallRecord; changed: boolean }> {
    let changed = false;
    let endsNow = false;
    const decideItem = (data: CallItem) => {
      const next = decide(data as CallRecord);
      changed = next !== null;
      endsNow = (data as CallRecord).phase !== 'ended' && next?.phase === 'ended';
      return next;
    };
    const item = await updateItem(this.mapFor(callId), RECORD, decideItem, { known: known as StoredItem<CallItem> | undefined }).catch((error: unknown) => {
      throw error instanceof ItemNotFoundError ? new UnknownCallError(callId) : error;
    });
    // Only the write that ended the call tells the index; by then nobody is waiting on the line.
    if (changed && endsNow) await this.index?.ended(item.data as CallRecord);
    return { record: item.data as CallRecord, changed };
  }

  /** Exactly one claimant wins; a repeat by the winner (a retried webhook) wins again. */
  async claim(callId: string, claim: Claim): Promise<{ won: boolean; holder: Claim }> {
    const map = this.mapFor(callId);
    try {
      await map.create(CLAIM, claim, { ttl: this.claimTtlSeconds });
      return { won: true, holder: claim };
    } catch (error) {
      if (!(error instanceof ItemExistsError)) throw error;
      const holder = (await map.get(CLAIM))?.data as Claim | undefined;
      if (!holder) return this.claim(callId, claim);
      return { won: holder.agentId === claim.agentId && holder.legId === claim.legId, holder };
    }
  }

  async getClaim(callId: string): Promise<Claim | undefined> {
    return (await this.mapFor(callId).get(CLAIM))?.data as Claim | undefined;
  }

  /** A short exclusive lease on some per-call work; null when someone else holds it. */
  async lease(callId: string, name: string, ttlSeconds: number): Promise<{ release(): Promise<void> } | null> {
    const map = this.mapFor(callId);
    const key = `lease.${name}`;
    const holder = randomUUID();
    try {
      const item = await map.create(key, { at: new Date().toISOString(), holder }, { ttl: ttlSeconds });
      // A release left undone holds every later flush of the call back until the lease expires, so a
      // lost race on the revision is read again; anything past that is left to the expiry.
      const ours = (data: CallItem) => (data as Lease).holder === holder;
      return { release: () => removeItem(map, key, ours, { known: item }).then(() => undefined, () => undefined) };
    } catch (error) {
      if (error instanceof ItemExistsError) return null;
      throw error;
    }
  }

  /** Gives a won claim back (the agent turned out to be on another call). */
  async dropClaim(callId: string, claim: Claim): Promise<void> {
    const map = this.mapFor(callId);
    const item = await map.get(CLAIM);
    const ours = (data: CallItem) => (data as Claim).agentId === claim.agentId && (data as Claim).legId === claim.legId;
    if (item) await removeItem(map, CLAIM, ours, { known: item }).catch(() => undefined);
  }
}
