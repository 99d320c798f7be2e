import type { EntryOf, SimulationResult } from '../../scripts/simulator';
import { playShipped } from './helpers';

const landed = (result: SimulationResult) =>
  result.entries.filter((e): e is EntryOf<'note'> => e.kind === 'note' && e.text.startsWith('freshdesk: ')).map((e) => e.text);

describe('scenarios with a Freshdesk', () => {
  it('a missed call: Freshdesk\'s agents ring, and the transcript shows the one ticket that landed, with why', async () => {
    const result = await playShipped('freshdesk-missed-call.yaml');
    expect(result.mismatches).toEqual([]);
    const [ticket, ...rest] = landed(result);
    expect(rest).toEqual([]);
    expect(ticket).toMatch(/^freshdesk: new ticket #\d+ "Missed call from Carla Customer" for Carla Customer \(Open\): /);
    expect(ticket).toContain('Missed because: the caller hung up while the phones rang');
    expect(ticket).toContain(`Call id: ${result.callIds[0]}`);
  });

  it('a click-to-call from a ticket: placed through the app\'s endpoint, logged as a private note on that ticket', async () => {
    const result = await playShipped('freshdesk-click-to-call.yaml');
    expect(result.mismatches).toEqual([]);
    expect(landed(result)).toEqual([expect.stringMatching(/^freshdesk: private note on ticket #7: Direction: outbound from \+15005550006 to \+14155550999; Carrier: twilio;.*Agent: Alice Agent;/)]);
  });
});
