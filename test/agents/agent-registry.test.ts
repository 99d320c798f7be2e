import { AgentRegistry, UnknownAgentError, type Agent, type AgentDirectory, type DirectoryEntry } from '../../src/agents';
import { startEmulatedSync, type EmulatedSync } from '../support/emulated-sync';

const entry = (id: string, overrides: Partial<DirectoryEntry['profile']> = {}, initialPresence: DirectoryEntry['initialPresence'] = 'available'): DirectoryEntry => ({
  profile: { id, name: id.toUpperCase(), helpdeskIds: {}, phoneNumbers: ['+14155550100'], atClientName: null, phoneSwitch: true, outOfOffice: null, ...overrides },
  initialPresence,
});

const directoryOf = (entries: DirectoryEntry[]): AgentDirectory => ({ entries: async () => entries });

describe('AgentRegistry', () => {
  let sync: EmulatedSync;
  let registry: AgentRegistry;
  const byId = async () => new Map((await registry.all()).map((a) => [a.id, a]));

  beforeEach(async () => {
    sync = await startEmulatedSync();
    registry = new AgentRegistry(sync.map<Agent>('agents'));
  });
  afterEach(() => sync.close());

  it('seeds new agents with their initial presence and idle status', async () => {
    const result = await registry.syncFrom(directoryOf([entry('alice'), entry('bob', {}, 'away')]));
    expect(result).toEqual({ created: ['alice', 'bob'], updated: [], removed: [], kept: [] });
    const agents = await byId();
    expect(agents.get('alice')).toMatchObject({ presence: 'available', status: { kind: 'idle' }, lastCallEndedAt: null });
    expect(agents.get('bob')?.presence).toBe('away');
  });

  it('rewrites changed profiles but never the live state, and skips unchanged ones', async () => {
    await registry.syncFrom(directoryOf([entry('alice'), entry('bob')]));
    await registry.setPresence('alice', 'offline');
    const map = sync.map<Agent>('agents');
    const bob = (await map.get('bob'))!;
    const busy = { kind: 'busy' as const, callId: 'CA1', since: '2026-11-23T12:00:00.000Z', until: '2099-01-01T00:00:00.000Z' };
    await map.update('bob', { ...bob.data, status: busy }, bob.revision);

    const result = await registry.syncFrom(directoryOf([entry('alice', { name: 'Alice Renamed' }, 'available'), entry('bob', { phoneSwitch: false })]));
    expect(result).toEqual({ created: [], updated: ['alice', 'bob'], removed: [], kept: [] });
    const agents = await byId();
    expect(agents.get('alice')).toMatchObject({ name: 'Alice Renamed', presence: 'offline' });
    expect(agents.get('bob')).toMatchObject({ phoneSwitch: false, status: busy });

    const writesBefore = sync.emulator.stats().agents.writes;
    expect(await registry.syncFrom(directoryOf([entry('alice', { name: 'Alice Renamed' }), entry('bob', { phoneSwitch: false })]))).toEqual({
      created: [],
      updated: [],
      removed: [],
      kept: [],
    });
    expect(sync.emulator.stats().agents.writes).toBe(writesBefore);
  });

  it('removes agents gone from the directory, but keeps one on a call until it ends', async () => {
    await registry.syncFrom(directoryOf([entry('alice'), entry('bob'), entry('carol')]));
    const map = sync.map<Agent>('agents');
    const carol = (await map.get('carol'))!;
    await map.update('carol', { ...carol.data, status: { kind: 'busy', callId: 'CA9', since: '2026-11-23T12:00:00.000Z', until: '2099-01-01T00:00:00.000Z' } }, carol.revision);

    const result = await registry.syncFrom(directoryOf([entry('alice')]));
    expect(result).toEqual({ created: [], updated: [], removed: ['bob'], kept: ['carol'] });
    expect([...(await byId()).keys()].sort()).toEqual(['alice', 'carol']);
  });

  it('changes presence with a revision-checked write and reports unknown agents', async () => {
    await registry.syncFrom(directoryOf([entry('alice')]));
    expect((await registry.setPresence('alice', 'away')).presence).toBe('away');
    expect((await byId()).get('alice')?.presence).toBe('away');
    await expect(registry.setPresence('nobody', 'away')).rejects.toBeInstanceOf(UnknownAgentError);
  });

  it('answers who may be rung in one paged read of the map', async () => {
    await registry.syncFrom(directoryOf([entry('alice', { phoneNumbers: ['+14155550111'] }), entry('bob', { phoneNumbers: ['+14155550122'] }, 'away')]));
    sync.emulator.resetStats();
    const available = await registry.available({ now: new Date(), callerNumber: '+14155550111' });
    expect(available.map((a) => a.id)).toEqual([]);
    expect(sync.emulator.stats().agents).toEqual({ reads: 1, writes: 0, rejected: 0 });
  });
});
