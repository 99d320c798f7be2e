import { join } from 'node:path';
import { loadScenario, parseScenario, simulate, type EntryOf, type SimulationResult, type TranscriptEntry } from '../../scripts/simulator';
import { startLocalRuntime, type LocalRuntime } from '../../scripts/local/local-runtime';
import { httpTargetOf, SCENARIOS } from './helpers';

const of = <K extends TranscriptEntry['kind']>(result: SimulationResult, kind: K): Array<EntryOf<K>> =>
  result.entries.filter((e): e is EntryOf<K> => e.kind === kind);

describe('a call answered by a browser agent', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startLocalRuntime({ env: { SOFTPHONE_RING: 'browser' } });
  });
  afterAll(() => runtime.close());

  const signedIn = async () => {
    const res = await runtime.dashboard('/agents/state');
    const { agents } = (await res.json()) as { agents: Array<{ id: string; softphoneSignedIn: boolean }> };
    return agents.filter((a) => a.softphoneSignedIn).map((a) => a.id);
  };

  it('rings the signed-in agent as <Client>, who accepts in the browser, then signs them out again', async () => {
    const scenario = loadScenario(join(SCENARIOS, 'softphone.yaml'));
    const result = await simulate(scenario, httpTargetOf(runtime));
    expect(result.mismatches).toEqual([]);
    expect(of(result, 'ring')[0].targets).toEqual([
      { who: 'alice', number: 'client:alice', agentId: 'alice' },
      { who: 'bob', number: '+14155550102', agentId: 'bob' },
    ]);
    expect(of(result, 'heard').find((h) => h.who === 'alice')?.say).toMatch(/Press 1 to accept/);
    expect(of(result, 'bridged')).toEqual([expect.objectContaining({ who: 'alice', with: 'caller' })]);
    const record = result.records[result.callIds[0]];
    expect(record?.answer).toMatchObject({ agentId: 'alice' });
    expect(await signedIn()).toEqual([]);
  });

  it('rings the phone of the same agent when nobody is signed in', async () => {
    const { signedIn: _signedIn, expect: _expect, source: _source, baseDir: _baseDir, ...rest } = loadScenario(join(SCENARIOS, 'softphone.yaml'));
    const result = await simulate(parseScenario(rest, '(test)'), httpTargetOf(runtime));
    expect(of(result, 'ring')[0].targets.map((t) => t.number)).toEqual(['+14155550101', '+14155550102']);
  });
});

describe('a call placed from the browser', () => {
  let runtime: LocalRuntime;
  beforeAll(async () => {
    runtime = await startLocalRuntime({ env: { OUTBOUND_CALLER_ID: '+14155550000' } });
  });
  afterAll(() => runtime.close());

  it("dials the customer from the line's number; recorded as the agent's outbound call, and the agent is free after", async () => {
    const result = await simulate(loadScenario(join(SCENARIOS, 'softphone-outbound.yaml')), httpTargetOf(runtime));
    expect(result.mismatches).toEqual([]);
    expect(of(result, 'call')[0]).toMatchObject({ from: 'client:alice', to: '+14155550177', how: 'browser' });
    expect(of(result, 'ring')[0].targets).toEqual([{ who: 'customer', number: '+14155550177', agentId: null }]);
    expect(result.records[result.callIds[0]]).toMatchObject({ direction: 'out', from: '+14155550000', to: '+14155550177', answer: { agentId: 'alice' } });
    expect((await runtime.agents()).get('alice')?.status).toEqual({ kind: 'idle' });
  });

  it('tells the agent why a number is refused, and places nothing', async () => {
    const { expect: _expect, source: _source, baseDir: _baseDir, ...rest } = loadScenario(join(SCENARIOS, 'softphone-outbound.yaml'));
    const result = await simulate(parseScenario({ ...rest, browserCall: { ...rest.browserCall, to: '+19005550100' } }, '(test)'), httpTargetOf(runtime));
    expect(of(result, 'heard').map((h) => [h.who, h.say])).toEqual([['alice', 'This call cannot be made: it is a premium-rate number. Goodbye.']]);
    expect(of(result, 'ring')).toEqual([]);
    expect(of(result, 'hangup')).toEqual([expect.objectContaining({ who: 'alice', by: 'twiml' })]);
    expect(result.records[result.callIds[0]]).toBeUndefined();
  });
});
