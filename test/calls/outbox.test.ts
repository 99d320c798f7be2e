import type { CallRecord } from '../../src/calls/call-record';
import { CallStore, type CallItem } from '../../src/calls/call-store';
import { appendEvent } from '../../src/calls/call-record';
import { newCallRecord } from '../../src/calls/call-transitions';
import type { LifecycleEvent } from '../../src/calls/lifecycle-event';
import { DeliveryError, Outbox, type DeliveryContext, type EventSink, type PendingCall } from '../../src/calls/outbox';
import { withHelpdeskBudget } from '../../src/http/request-budget';
import { memoryMaps, type MemoryMaps } from '../support/memory-maps';

/** A sink that records what it took and can be switched off like a helpdesk outage. */
class RecordingSink implements EventSink {
  readonly taken: Array<{ callId: string; seq: number }> = [];
  down = false;
  constructor(readonly name: string) {}
  async deliver(event: LifecycleEvent): Promise<void> {
    if (this.down) throw new Error(`${this.name} is down`);
    await new Promise((r) => setTimeout(r, 5));
    this.taken.push({ callId: event.callId, seq: event.seq });
  }
}

function recordWith(callId: string, n: number): CallRecord {
  let record = newCallRecord({ callId, carrier: 'twilio', direction: 'in', from: '+1', to: '+2', at: new Date() });
  record = appendEvent(record, { type: 'started', at: new Date().toISOString(), carrier: 'twilio', direction: 'in', from: '+1', to: '+2', offeredTo: [] });
  for (let i = 1; i < n; i++) record = appendEvent(record, { type: 'transcription', at: new Date().toISOString(), recordingSid: null, status: 'failed', text: null });
  return record;
}

describe('Outbox', () => {
  let sync: MemoryMaps;
  let calls: CallStore;
  let zammad: RecordingSink;
  let freshdesk: RecordingSink;
  let outbox: Outbox;

  beforeEach(async () => {
    sync = memoryMaps();
    calls = new CallStore((id) => sync.map<CallItem>(`call-${id}`), 3600);
    zammad = new RecordingSink('zammad');
    freshdesk = new RecordingSink('freshdesk');
    outbox = new Outbox(calls, [zammad, freshdesk], sync.map<PendingCall>('outbox-pending'));
  });

  it('delivers every event to every sink once, in order', async () => {
    await calls.create(recordWith('CA1', 3));
    expect(await outbox.flushCall('CA1')).toEqual({ delivered: 6, failed: [], replies: [] });
    expect(zammad.taken.map((t) => t.seq)).toEqual([1, 2, 3]);
    expect(freshdesk.taken.map((t) => t.seq)).toEqual([1, 2, 3]);
    expect(await outbox.flushCall('CA1')).toEqual({ delivered: 0, failed: [], replies: [] });
    expect((await calls.get('CA1'))?.delivered).toEqual({ zammad: 3, freshdesk: 3 });
  });

  it('loses nothing while a sink is down, and delivers in order once it is back', async () => {
    zammad.down = true;
    await calls.create(recordWith('CA1', 2));
    await calls.create(recordWith('CA2', 1));
    const first = await outbox.flushCall('CA1');
    await outbox.flushCall('CA2');
    expect(first.failed).toEqual([{ sink: 'zammad', seq: 1, error: 'zammad is down' }]);
    expect(freshdesk.taken).toHaveLength(3);
    expect((await sync.map<PendingCall>('outbox-pending').list()).map((i) => i.key)).toEqual(['CA1', 'CA2']);

    await calls.change('CA1', (r) => appendEvent(r, { type: 'ended', at: new Date().toISOString(), cause: 'cancel', missedReason: 'abandoned_while_ringing', durationSeconds: 3 }));
    zammad.down = false;
    const retried = await outbox.flushPending();
    expect(retried).toMatchObject({ calls: 2, failed: [] });
    expect(zammad.taken).toEqual([
      { callId: 'CA1', seq: 1 },
      { callId: 'CA1', seq: 2 },
      { callId: 'CA1', seq: 3 },
      { callId: 'CA2', seq: 1 },
    ]);
    expect(await sync.map<PendingCall>('outbox-pending').list()).toEqual([]);
  });

  it('never sends an event twice when two Functions flush the same call at once', async () => {
    await calls.create(recordWith('CA1', 4));
    await Promise.all([outbox.flushCall('CA1'), outbox.flushCall('CA1'), outbox.flushCall('CA1')]);
    await outbox.flushPending();
    expect(zammad.taken.map((t) => t.seq)).toEqual([1, 2, 3, 4]);
    expect(freshdesk.taken.map((t) => t.seq)).toEqual([1, 2, 3, 4]);
  });

  it('passes on that an earlier attempt may have been applied until the event is taken', async () => {
    const seen: Array<{ seq: number; uncertain: boolean }> = [];
    const outcomes: Array<'lost' | 'log unreadable' | 'ok'> = ['lost', 'log unreadable', 'ok', 'ok'];
    const flaky: EventSink = {
      name: 'zammad',
      async deliver(event: LifecycleEvent, _record: CallRecord, context: DeliveryContext) {
        seen.push({ seq: event.seq, uncertain: context.uncertain });
        const outcome = outcomes.shift();
        if (outcome === 'lost') throw new DeliveryError('reply lost', true);
        if (outcome === 'log unreadable') throw new DeliveryError('cannot check the log', false);
      },
    };
    const box = new Outbox(calls, [flaky], sync.map<PendingCall>('outbox-pending'));
    await calls.create(recordWith('CA1', 2));
    await box.flushCall('CA1');
    expect((await calls.get('CA1'))?.uncertain).toEqual({ zammad: 1 });
    // A failure that sent nothing leaves the doubt in place.
    await box.flushCall('CA1');
    expect((await calls.get('CA1'))?.uncertain).toEqual({ zammad: 1 });
    await box.flushCall('CA1');
    expect(seen).toEqual([
      { seq: 1, uncertain: false },
      { seq: 1, uncertain: true },
      { seq: 1, uncertain: true },
      { seq: 2, uncertain: false },
    ]);
    expect(await calls.get('CA1')).toMatchObject({ delivered: { zammad: 2 }, uncertain: {} });
  });

  it('stops flushing when the request\'s helpdesk time is spent, and leaves the rest pending in order', async () => {
    const slow: EventSink = {
      name: 'zammad',
      async deliver(event: LifecycleEvent) {
        // Stands in for a helpdesk that takes the whole time on each event.
        await new Promise((r) => setTimeout(r, 250));
        zammad.taken.push({ callId: event.callId, seq: event.seq });
      },
    };
    const box = new Outbox(calls, [slow], sync.map<PendingCall>('outbox-pending'));
    zammad.down = true;
    for (const id of ['CA1', 'CA2', 'CA3']) {
      await calls.create(recordWith(id, 1));
      await outbox.flushCall(id);
    }
    const first = await withHelpdeskBudget(200, () => box.flushPending());
    expect(first).toMatchObject({ calls: 3, delivered: 1, deferred: 2 });
    expect(zammad.taken).toEqual([{ callId: 'CA1', seq: 1 }]);
    expect((await sync.map<PendingCall>('outbox-pending').list()).map((i) => i.key).sort()).toEqual(['CA2', 'CA3']);

    const rest = await withHelpdeskBudget(5000, () => box.flushPending());
    expect(rest).toMatchObject({ calls: 2, delivered: 2, deferred: 0 });
    expect(zammad.taken.map((t) => t.callId)).toEqual(['CA1', 'CA2', 'CA3']);
  });
});
