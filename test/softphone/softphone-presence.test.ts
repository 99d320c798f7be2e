import { AgentRegistry, type Agent } from '../../src/agents';
import { SoftphonePresence, type SoftphoneBeat } from '../../src/softphone/softphone-presence';
import type { ItemMap } from '../../src/store';
import { anAgent } from '../support/agent-mother';
import { memoryMaps } from '../support/memory-maps';

const T0 = new Date('2026-12-05T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Counts the writes a map takes, to show what a heartbeat costs each map. */
function counted<T>(map: ItemMap<T>) {
  const writes = { count: 0 };
  const wrap = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => (...a: A) => ((writes.count += 1), f(...a));
  return {
    writes,
    map: { ...map, name: map.name, get: map.get.bind(map), list: map.list.bind(map), create: wrap(map.create.bind(map)), update: wrap(map.update.bind(map)), remove: wrap(map.remove.bind(map)) } as ItemMap<T>,
  };
}

describe('softphone presence', () => {
  let agentMap: ReturnType<typeof counted<Agent>>;
  let beats: ReturnType<typeof counted<SoftphoneBeat>>;
  let softphones: SoftphonePresence;
  let registry: AgentRegistry;

  beforeEach(async () => {
    const maps = memoryMaps(() => T0.getTime());
    const agents = maps.map<Agent>('agents');
    await agents.create('alice', anAgent({ id: 'alice' }));
    agentMap = counted(agents);
    beats = counted(maps.map<SoftphoneBeat>('softphones'));
    softphones = new SoftphonePresence(beats.map);
    registry = new AgentRegistry(agentMap.map, { softphones, requireSignIn: true });
  });

  const view = async (now: Date) => (await registry.view(now)).find((a) => a.id === 'alice')!;

  it('signs the agent in with the first heartbeat and keeps them in with the next, never writing the agent map', async () => {
    expect(await softphones.beat('alice', 'twilio', at(0))).toEqual({ changed: true, signedIn: true });
    expect(await softphones.beat('alice', 'twilio', at(30))).toEqual({ changed: false, signedIn: true });
    expect(await softphones.beat('alice', 'twilio', at(60))).toEqual({ changed: false, signedIn: true });
    expect(agentMap.writes.count).toBe(0);
    expect(beats.writes.count).toBe(3);
    expect(await view(at(60 + 89))).toMatchObject({ softphoneSignedIn: true, available: true, softphone: { lastSeen: at(60).toISOString() } });
  });

  it('takes the agent out of the ring list 90 s after the last heartbeat when sign-in is required', async () => {
    await softphones.beat('alice', 'twilio', at(0));
    expect(await view(at(90))).toMatchObject({ softphoneSignedIn: false, available: false, unavailableReason: 'not-signed-in' });
    expect(await registry.available({ now: at(90), requireSignIn: true })).toEqual([]);
    expect((await registry.available({ now: at(90), requireSignIn: false })).map((a) => a.id)).toEqual(['alice']);
    // Coming back after the gap is a sign-in again.
    expect(await softphones.beat('alice', 'twilio', at(120))).toEqual({ changed: true, signedIn: true });
    expect(agentMap.writes.count).toBe(0);
  });

  it('signs the agent out at once when the page closes', async () => {
    await softphones.beat('alice', 'twilio', at(0));
    expect(await softphones.signOut('alice', at(10))).toEqual({ changed: true, signedIn: false });
    expect(await view(at(11))).toMatchObject({ softphoneSignedIn: false, unavailableReason: 'not-signed-in' });
    expect(await softphones.signOut('alice', at(12))).toEqual({ changed: false, signedIn: false });
  });
});
