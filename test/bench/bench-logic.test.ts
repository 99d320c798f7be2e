import { missed, renderMarkdown, renderTable } from '../../scripts/bench/goal-table';
import { agentPages, costRows } from '../../scripts/bench/goals';
import { sequentialRoundTrips, timeInFlight } from '../../scripts/bench/round-trip-meter';
import type { CallCost } from '../../scripts/bench/webhook-costs';

const trip = (start: number, end: number) => ({ start, end });

describe('round trips in a row', () => {
  it('counts a chain of trips one after another', () => {
    expect(sequentialRoundTrips([trip(0, 10), trip(10, 20), trip(25, 30)])).toBe(3);
  });

  it('counts trips side by side once, and the longest chain through them', () => {
    // Two pages read at once, then a write after both; another write overlapping the second page.
    expect(sequentialRoundTrips([trip(0, 10), trip(1, 12), trip(12, 20), trip(11, 15)])).toBe(2);
    expect(sequentialRoundTrips([trip(0, 10), trip(0, 10)])).toBe(1);
    expect(sequentialRoundTrips([])).toBe(0);
  });

  it('measures the time at least one trip was in flight', () => {
    expect(timeInFlight([trip(0, 10), trip(5, 12), trip(20, 25)])).toBe(17);
    expect(timeInFlight([])).toBe(0);
  });
});

describe('the goals table', () => {
  const cost = (agents: number, sequential: number, inProcessMs: number, writes: number): CallCost => ({
    agents,
    agentMapWritesPerCall: writes,
    webhooks: [{ webhook: '/voice/incoming', agents, sequential, inProcessMs, wallMs: inProcessMs + 5, maps: { agents: { reads: agentPages(agents), writes: 0, rejected: 0 } } }],
  });

  it('judges /voice/incoming against the agent pages plus one write, and in-process time at the most agents', () => {
    const rows = costRows([cost(10, 2, 12, 2), cost(1000, 12, 41, 3)], 40);
    const byMeasure = new Map(rows.map((r) => [r.measure, r]));
    expect(byMeasure.get('/voice/incoming, 10 agents: Sync round trips')).toMatchObject({ met: true, measured: expect.stringContaining('2 in a row') });
    expect(byMeasure.get('/voice/incoming, 1000 agents: Sync round trips')).toMatchObject({ met: false, goal: expect.stringContaining('11 in a row') });
    expect(byMeasure.get('/voice/incoming, 10 agents: answer time')?.met).toBeNull();
    expect(byMeasure.get('/voice/incoming, 1000 agents: answer time')).toMatchObject({ met: false, measured: expect.stringContaining('= 521.0 ms modelled') });
    expect(byMeasure.get('Answered call, 1000 agents: writes to the agent map')).toMatchObject({ met: false, measured: '3' });
    expect(byMeasure.get('/voice/incoming: growth 10 → 1000 agents')).toMatchObject({ met: false, measured: '+10' });
    expect(missed(rows)).toHaveLength(4);
  });

  it('prints each goal beside its figure, a missed one marked MISSED and one without a goal unmarked', () => {
    const rows = [
      { measure: 'a', goal: '≤ 2', measured: '3', met: false },
      { measure: 'b', goal: '', measured: '7 | 8', met: null },
      { measure: 'c', goal: '0', measured: '0', met: true },
    ];
    const lines = renderTable(rows).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^a +\| ≤ 2 +\| 3 +\| MISSED$/);
    expect(lines[3]).toMatch(/^b +\| +\| 7 \| 8 +\|$/);
    expect(lines[4]).toMatch(/\| met$/);
    expect(renderMarkdown(rows).split('\n')[3]).toBe('| b |  | 7 \\| 8 |  |');
  });
});
