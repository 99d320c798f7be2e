/**
 * The goals of the benchmark (issue 18), each judged against what was measured.
 */
import type { GoalRow } from './goal-table';
import type { SustainedResult } from './sustained-calls';
import type { CallCost, WebhookCost } from './webhook-costs';

/** Sync lists a map in pages of at most 100 items. */
export const agentPages = (agents: number) => Math.max(1, Math.ceil(agents / 100));

const ms = (n: number) => `${n.toFixed(1)} ms`;

export function mapSummary(maps: WebhookCost['maps']): string {
  return Object.entries(maps)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([map, s]) => `${map} ${s.reads}r/${s.writes}w`)
    .join(', ');
}

export function costRows(costs: readonly CallCost[], rttMs: number): GoalRow[] {
  const rows: GoalRow[] = [];
  const largest = Math.max(...costs.map((c) => c.agents));
  const smallest = costs.find((c) => c.agents === Math.min(...costs.map((x) => x.agents)));
  for (const cost of costs) {
    const at = `${cost.agents} agents`;
    for (const w of cost.webhooks) {
      const incoming = w.webhook === '/voice/incoming';
      const expected = agentPages(cost.agents) + 1;
      rows.push({
        measure: `${w.webhook}, ${at}: Sync round trips`,
        goal: incoming ? `${expected} in a row (${agentPages(cost.agents)} agent page(s) + 1 write)` : '',
        measured: `${w.sequential} in a row; ${mapSummary(w.maps)}`,
        met: incoming ? w.sequential <= expected : null,
      });
      const modelled = w.inProcessMs + w.sequential * rttMs;
      const judged = cost.agents === largest;
      rows.push({
        measure: `${w.webhook}, ${at}: answer time`,
        goal: judged ? `in-process < ${rttMs} ms (one round trip)` : '',
        measured: `in-process ${ms(w.inProcessMs)} (wall ${ms(w.wallMs)} on loopback) + ${w.sequential} × ${rttMs} ms = ${ms(modelled)} modelled`,
        met: judged ? w.inProcessMs < rttMs : null,
      });
    }
    rows.push({
      measure: `Answered call, ${at}: writes to the agent map`,
      goal: '≤ 2',
      measured: String(cost.agentMapWritesPerCall),
      met: cost.agentMapWritesPerCall <= 2,
    });
  }
  const top = costs.find((c) => c.agents === largest);
  if (smallest && top && top !== smallest) {
    const extraPages = agentPages(top.agents) - agentPages(smallest.agents);
    for (const w of top.webhooks) {
      const base = smallest.webhooks.find((b) => b.webhook === w.webhook);
      if (!base) continue;
      const growth = w.sequential - base.sequential;
      rows.push({
        measure: `${w.webhook}: growth ${smallest.agents} → ${top.agents} agents`,
        goal: `≤ ${extraPages} more in a row (the extra agent pages)`,
        measured: `${growth >= 0 ? '+' : ''}${growth}`,
        met: growth <= extraPages,
      });
    }
  }
  return rows;
}

export function sustainedRows(result: SustainedResult, options: { rate: number; seconds: number; agents: number }): GoalRow[] {
  const run = `${result.offered} calls offered at ${options.rate}/s over ${options.seconds} s, ${options.agents} agents, Sync at 20 writes/s`;
  const { audit } = result;
  const lost = audit.zammadWrong.length + audit.freshdeskWrong.length + audit.recordWrong.length;
  return [
    { measure: `Sustained new calls/s (${run})`, goal: '≥ 8 calls/s', measured: `${result.callsPerSecond.toFixed(2)} calls/s (${result.completed} completed)`, met: result.callsPerSecond >= 8 },
    { measure: 'Sustained: double-bookings', goal: '0', measured: String(audit.doubleBookings), met: audit.doubleBookings === 0 },
    {
      measure: 'Sustained: calls with an event lost or repeated',
      goal: '0',
      measured: `${lost} (Zammad ${audit.zammadWrong.length}, Freshdesk ${audit.freshdeskWrong.length}, records ${audit.recordWrong.length}); ${audit.busyAgents.length} agents left busy`,
      met: lost === 0 && audit.busyAgents.length === 0,
    },
    {
      measure: 'Sustained: unhandled 429 (webhooks not answered 200)',
      goal: '0',
      measured: `${result.failedWebhooks}; ${result.agentMapRejected} 429s from the agent map absorbed by retries`,
      met: result.failedWebhooks === 0,
    },
    ...deliveryRows(result, `${options.rate} calls/s`),
  ];
}

export function deliveryRows(result: Pick<SustainedResult, 'delivery'>, load: string): GoalRow[] {
  return (['zammad', 'freshdesk'] as const).map((helpdesk) => {
    const { p50, p95 } = result.delivery[helpdesk];
    return {
      measure: `Helpdesk delivery after hangup at ${load}: ${helpdesk === 'zammad' ? 'Zammad' : 'Freshdesk'}`,
      goal: 'p95 ≤ 1000 ms',
      measured: `p50 ${ms(p50)}, p95 ${ms(p95)}`,
      met: p95 <= 1000,
    };
  });
}
