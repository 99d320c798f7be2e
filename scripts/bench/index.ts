/**
 * npm run bench [-- --rtt 40 --rate 10 --seconds 20 --runs 5 --record docs/benchmarks.md]
 *
 * Builds dist/, then measures in-process (the local runtime, no twilio-run fork per request):
 * round trips and answer time per webhook at 10, 200 and 1,000 agents, sustained new calls per
 * second under Sync's write limit, and helpdesk delivery after hangup. Prints one table of goals
 * and figures; --record also writes the run and the machine to a Markdown file.
 */
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { build } from '../build';
import { missed, renderMarkdown, renderTable } from './goal-table';
import { costRows, deliveryRows, sustainedRows } from './goals';
import { sustainedCalls } from './sustained-calls';
import { measureCallCost } from './webhook-costs';

const AGENT_COUNTS = [10, 200, 1000];
/** Delivery is measured at the sustained load and again at a light one, where no webhook waits on another. */
const LIGHT_RATE = 2;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rtt: { type: 'string', default: '40' },
      rate: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '20' },
      runs: { type: 'string', default: '5' },
      agents: { type: 'string', default: '40' },
      record: { type: 'string' },
    },
  });
  const rtt = positive('rtt', values.rtt);
  const rate = positive('rate', values.rate);
  // Bounded: a load run never goes on for more than a minute.
  const seconds = Math.min(60, positive('seconds', values.seconds));
  const runs = Math.min(50, Math.round(positive('runs', values.runs)));
  const agents = Math.round(positive('agents', values.agents));

  const began = Date.now();
  await build();
  const costs = [];
  for (const n of AGENT_COUNTS) {
    process.stderr.write(`measuring webhooks at ${n} agents…\n`);
    costs.push(await measureCallCost(n, runs));
  }
  process.stderr.write(`playing ${Math.round(rate * seconds)} calls at ${rate}/s…\n`);
  const sustained = await sustainedCalls({ rate, seconds, agents });
  process.stderr.write(`delivery at ${LIGHT_RATE} calls/s…\n`);
  const light = await sustainedCalls({ rate: LIGHT_RATE, seconds: 5, agents });
  const rows = [...costRows(costs, rtt), ...sustainedRows(sustained, { rate, seconds, agents }), ...deliveryRows(light, `${LIGHT_RATE} calls/s`)];

  console.log(renderTable(rows));
  const misses = missed(rows);
  console.log(`\n${misses.length ? `${misses.length} goal(s) missed.` : 'Every goal met.'} (${((Date.now() - began) / 1000).toFixed(0)} s)`);
  if (sustained.failures.length) console.log(`First failures:\n  ${sustained.failures.join('\n  ')}`);
  if (values.record) {
    await writeFile(values.record, record(renderMarkdown(rows), { rtt, rate, seconds, runs, agents }));
    console.log(`Recorded in ${values.record}`);
  }
}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${text}`);
  return n;
}

function record(table: string, o: { rtt: number; rate: number; seconds: number; runs: number; agents: number }): string {
  return `# Benchmarks

\`npm run bench\` measures the Functions in-process (the local runtime the simulator's \`--in-process\`
mode uses), because through \`npm start\` every request pays twilio-run's fork of a fresh process
(0.2–0.4 s here) and a latency measured over HTTP would be twilio-run's. A metering proxy in front of
the Sync emulator times each round trip; the emulator counts reads and writes per map (the counts
test/e2e/voice-budget.test.ts asserts). "In a row" is the longest chain of round trips each started
after the one before ended: what the caller waits for. Modelled answer time = in-process time +
round trips in a row × one Sync round trip (\`--rtt\`, ${o.rtt} ms here; tens of ms from Functions).
In-process time is the request's wall time less the time a Sync round trip to the loopback
emulator was in flight (that share is the emulator's, and the model charges each trip \`--rtt\`
instead); the wall time is shown beside it. Webhook costs are measured without a helpdesk;
with Zammad or Freshdesk, a webhook that delivers an event waits for that helpdesk too.

The sustained run offers new calls at a steady rate, each played whole (incoming, an agent picks
up and presses 1, the dial ends, the call ends) on one agent map, with the Sync emulator enforcing
20 writes/s per map (429, code 54009) and the fake Zammad and Freshdesk behind metering proxies.
A phone already on a call does not pick up another. Lost events are counted at the helpdesks
(exactly newCall, answer, hangup at Zammad; one entry naming the call at Freshdesk) and in the
records; double-bookings are answered calls of one agent that overlap. Delivery is the time from
the agent's hangup (the Dial's action) to the end of the last helpdesk request naming the call,
at the sustained load (both cores busy, so every request also waits its turn) and again at
${LIGHT_RATE} calls/s for 5 s.

## Machine and run

- Date: ${new Date().toISOString()}
- Node: ${process.version}
- CPU: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), shared with other work
- Flags: \`--rtt ${o.rtt} --rate ${o.rate} --seconds ${o.seconds} --runs ${o.runs} --agents ${o.agents}\` (in-process times are the median of ${o.runs} calls after one warm-up call)

## One run

${table}
`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
