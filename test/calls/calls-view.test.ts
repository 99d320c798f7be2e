import { CallIndex, type CallIndexEntry } from '../../src/calls/call-index';
import { CallStore, type CallItem } from '../../src/calls/call-store';
import { CallsView } from '../../src/calls/calls-view';
import { answerByAgent, endCall, enqueue, giveUp, newCallRecord, offerRing, startVoicemail } from '../../src/calls/call-transitions';
import { memoryMaps } from '../support/memory-maps';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const sid = (n: number) => 'CA' + String(n).padStart(32, '0');

describe('CallsView: the dashboard\'s calls from the recent-calls index', () => {
  const setup = () => {
    const sync = memoryMaps(() => T0);
    const indexMap = sync.map<CallIndexEntry>('calls-index');
    const calls = new CallStore((id) => sync.map<CallItem>(`call-${id}`), 3600, new CallIndex(indexMap, { liveSeconds: 3600, endedSeconds: 86400 }));
    const view = new CallsView({ index: new CallIndex(indexMap, { liveSeconds: 3600, endedSeconds: 86400 }), calls, agentNames: async () => new Map([['alice', 'Alice Demo'], ['bob', 'Bob Demo']]) });
    const start = async (n: number, seconds = 0) => (await calls.create(newCallRecord({ callId: sid(n), carrier: 'twilio', direction: 'in', from: `+1415555010${n}`, to: '+14155550000', at: at(seconds) }))).record;
    return { indexMap, calls, view, start };
  };

  it('shows a ringing call with who is rung, then in progress with its agent, then gone into the recent calls', async () => {
    const { calls, view, start } = setup();
    await start(1);
    await calls.change(sid(1), (r) => offerRing(r, { agentIds: ['alice', 'bob'], newWave: true, deadline: at(20) }));
    let state = await view.state(at(5));
    expect(state.live).toMatchObject([{ callId: sid(1), state: 'ringing', ringing: [{ agentId: 'alice', name: 'Alice Demo' }, { agentId: 'bob', name: 'Bob Demo' }], seconds: 5 }]);

    await calls.change(sid(1), (r) => answerByAgent(r, { agentId: 'bob', agentName: 'Bob Demo', number: '+14155550102', at: at(8) }));
    state = await view.state(at(68));
    expect(state.live).toMatchObject([{ state: 'in_progress', agent: { agentId: 'bob', name: 'Bob Demo' }, ringing: [], seconds: 60 }]);

    await calls.change(sid(1), (r) => endCall(r, 'completed', at(100)));
    state = await view.state(at(101));
    expect(state.live).toEqual([]);
    expect(state.recent).toMatchObject([{ callId: sid(1), agent: { agentId: 'bob' }, missedReason: null, durationSeconds: 100 }]);
  });

  it('orders the queue by when callers joined it and gives its longest wait', async () => {
    const { calls, view, start } = setup();
    await start(1);
    await start(2);
    await calls.change(sid(2), (r) => enqueue(r, at(1)));
    await calls.change(sid(1), (r) => enqueue(r, at(3)));
    const state = await view.state(at(31));
    expect(state.live.map((c) => [c.callId, c.state, c.queuePosition, c.waitSeconds])).toEqual(
      expect.arrayContaining([[sid(2), 'queued', 1, 30], [sid(1), 'queued', 2, 28]]),
    );
    expect(state.queue).toEqual({ length: 2, longestWaitSeconds: 30 });
  });

  it('lists missed calls newest first with their reason and a voicemail\'s recording', async () => {
    const { calls, view, start } = setup();
    await start(1);
    await calls.change(sid(1), (r) => endCall(r, 'canceled', at(10)));
    await start(2, 20);
    await calls.change(sid(2), (r) => startVoicemail(giveUp(r, 'agents_did_not_answer')!, at(40)));
    await calls.change(sid(2), (r) => endCall(r, 'completed', at(60)));
    // The recording may come after the end: it is read from the call's own record.
    await calls.change(sid(2), (r) => ({ ...r, voicemail: { ...r.voicemail!, recordingUrl: 'https://example.test/rec.mp3' } }));
    const { recent, live } = await view.state(at(61));
    expect(live).toEqual([]);
    expect(recent.map((c) => [c.callId, c.missedReason, c.recordingUrl])).toEqual([
      [sid(2), 'voicemail', 'https://example.test/rec.mp3'],
      [sid(1), 'abandoned_while_ringing', null],
    ]);
  });

  it('writes the index twice per call however often the end is repeated', async () => {
    const { indexMap, calls, start } = setup();
    await start(1);
    await calls.create(newCallRecord({ callId: sid(1), carrier: 'twilio', direction: 'in', from: '+14155550101', to: '+14155550000', at: at(0) }));
    await calls.change(sid(1), (r) => endCall(r, 'completed', at(10)));
    await calls.change(sid(1), (r) => endCall(r, 'completed', at(11)));
    expect((await indexMap.list()).map((i) => i.key).sort()).toEqual([`e.${sid(1)}`, `s.${sid(1)}`]);
  });
});
