import { MemoryItemMap } from '../../src/store';
import { QUEUED_DIAL_SECONDS, QueuedDials, type QueuedDial } from '../../src/softphone/queued-dials';

describe("an agent's queued dial", () => {
  let clock: number;
  let map: MemoryItemMap<QueuedDial>;
  let dials: QueuedDials;
  beforeEach(() => {
    clock = Date.parse('2026-12-06T10:00:00Z');
    map = new MemoryItemMap<QueuedDial>('softphones-dials', () => clock);
    dials = new QueuedDials(map);
  });
  const now = () => new Date(clock);

  it('is taken once, with its ticket', async () => {
    await dials.queue('alice', { number: '+254711082001', originTicket: { helpdesk: 'freshdesk', id: '42' } }, now());
    expect(await dials.take('alice', now())).toEqual({ number: '+254711082001', originTicket: { helpdesk: 'freshdesk', id: '42' }, queuedAt: now().toISOString() });
    expect(await dials.take('alice', now())).toBeNull();
  });

  it("replaces the agent's earlier dial and leaves other agents' alone", async () => {
    await dials.queue('alice', { number: '+254711082001', originTicket: null }, now());
    await dials.queue('bob', { number: '+254711082003', originTicket: null }, now());
    await dials.queue('alice', { number: '+254711082002', originTicket: null }, now());
    expect((await dials.take('alice', now()))?.number).toBe('+254711082002');
    expect((await dials.take('bob', now()))?.number).toBe('+254711082003');
  });

  it('is gone after its short time, even where the store has not deleted it yet', async () => {
    await dials.queue('alice', { number: '+254711082001', originTicket: null }, now());
    expect((await map.get('alice'))).toBeDefined();
    expect(await dials.take('alice', new Date(clock + QUEUED_DIAL_SECONDS * 1000))).toBeNull();
    await dials.queue('alice', { number: '+254711082001', originTicket: null }, now());
    clock += QUEUED_DIAL_SECONDS * 1000;
    expect(await dials.take('alice', now())).toBeNull();
  });
});
