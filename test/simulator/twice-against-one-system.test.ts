/**
 * A user tries the shipped scenarios against one running system, in any order and as often as
 * they like: every one must pass every time. Played here over HTTP (as the CLI plays them against
 * `npm start`), each scenario twice, all scenarios that share a configuration against one system.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, scenarioEnv, simulate, type Scenario } from '../../scripts/simulator';
import { startLocalRuntime } from '../../scripts/local/local-runtime';
import { httpTargetOf, SCENARIOS } from './helpers';

const shipped = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => loadScenario(join(SCENARIOS, f)));

/** What a running system cannot play: the scenario's own Zammad or Freshdesk, or AT's Voice API, which only the in-process mode runs. */
const needsInProcess = (s: Scenario) => s.zammad !== undefined || s.freshdesk !== undefined || (s.carrier === 'africastalking' && s.clickToCall !== undefined);

const groups = new Map<string, Scenario[]>();
for (const scenario of shipped.filter((s) => !needsInProcess(s))) {
  const key = JSON.stringify(scenarioEnv(scenario));
  groups.set(key, [...(groups.get(key) ?? []), scenario]);
}

describe('every shipped scenario, twice in a row against one running system', () => {
  it('leaves out only the scenarios that need --in-process', () => {
    expect(shipped.filter(needsInProcess).map((s) => s.source.split('/').pop())).toEqual(['africastalking-click-to-call.yaml', 'freshdesk-click-to-call.yaml', 'freshdesk-missed-call.yaml', 'studio-ticket-owner.yaml', 'zammad-voicemail.yaml']);
  });

  it.each([...groups.entries()].map(([env, scenarios]) => [scenarios.map((s) => s.source.split('/').pop()).join(', '), env, scenarios] as const))(
    '%s',
    async (_names, env, scenarios) => {
      const runtime = await startLocalRuntime({ env: JSON.parse(env) as Record<string, string> });
      try {
        const target = httpTargetOf(runtime);
        for (const round of [1, 2]) {
          for (const scenario of scenarios) {
            const result = await simulate(scenario, target);
            expect({ scenario: scenario.source.split('/').pop(), round, mismatches: result.mismatches }).toEqual({ scenario: scenario.source.split('/').pop(), round, mismatches: [] });
          }
        }
      } finally {
        await runtime.close();
      }
    },
    120_000,
  );
});
