import { inProcessTarget, simulate, simulateInProcess, type EntryOf, type SimulationResult, type TranscriptEntry } from '../../scripts/simulator';
import { startLocalRuntime } from '../../scripts/local/local-runtime';
import { scenario } from './helpers';

const call = { from: '+14155550999', to: '+14155550000' };
const of = <K extends TranscriptEntry['kind']>(result: SimulationResult, kind: K): Array<EntryOf<K>> =>
  result.entries.filter((e): e is EntryOf<K> => e.kind === kind);
const play = (data: Record<string, unknown>) => simulateInProcess(scenario(data), startLocalRuntime);

describe('party behaviours', () => {
  it('a caller who hangs up while agents ring: every leg is canceled and one missed call is logged', async () => {
    const result = await play({ call, caller: { hangUpAfter: 5 } });
    expect(of(result, 'leg-ended').map((e) => [e.who, e.status, e.t])).toEqual([
      ['alice', 'canceled', 5],
      ['bob', 'canceled', 5],
    ]);
    expect(of(result, 'dial-ended')).toEqual([expect.objectContaining({ status: 'canceled' })]);
    expect(of(result, 'hangup')).toEqual([expect.objectContaining({ who: 'caller', by: 'party', t: 5 })]);
    expect(of(result, 'helpdesk')[0].events.map((e) => [e.type, e.detail.missedReason ?? null])).toEqual([
      ['started', null],
      ['ended', 'abandoned_while_ringing'],
    ]);
  });

  it('a busy phone drops out of the wave while the others keep ringing', async () => {
    const result = await play({ call, agents: { alice: { busy: true }, bob: { answerAfter: 4, press: '1', talkSeconds: 10 } } });
    expect(of(result, 'leg-ended')[0]).toMatchObject({ who: 'alice', status: 'busy', t: 1 });
    expect(of(result, 'pickup')).toEqual([expect.objectContaining({ who: 'bob', t: 4 })]);
    // Bob hangs up after 10 s of talk: the <Dial> action runs and the product ends the call.
    expect(of(result, 'hangup').map((h) => [h.who, h.by])).toEqual([
      ['bob', 'party'],
      ['caller', 'twiml'],
    ]);
    expect(result.summary.helpdeskEvents).toEqual(['started', 'answered', 'ended']);
  });

  it('a caller who gives up waiting in the queue is logged as abandoned in the queue', async () => {
    const result = await play({ call, env: { ROUTING_MODE: 'queue' }, caller: { queueWait: 40 } });
    expect(of(result, 'left-queue')).toEqual([expect.objectContaining({ who: 'caller', result: 'hangup', t: 40 })]);
    expect(result.summary.rang.length).toBeGreaterThanOrEqual(2);
    expect(of(result, 'helpdesk')[0].events.map((e) => [e.type, e.detail.missedReason ?? null])).toEqual([
      ['started', null],
      ['ended', 'abandoned_in_queue'],
    ]);
  });

  it('refuses to play a scenario whose env the running system does not have', async () => {
    const queued = scenario({ call, env: { ROUTING_MODE: 'queue' } });
    const runtime = await startLocalRuntime();
    try {
      await expect(simulate(queued, inProcessTarget(runtime))).rejects.toThrow(/needs ROUTING_MODE=queue/);
    } finally {
      await runtime.close();
    }
  });
});
