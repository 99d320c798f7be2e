import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseScenario, simulate, simulateInProcess, type SimulationResult, type TranscriptEntry } from '../../scripts/simulator';
import { ROOT, startLocalRuntime } from '../../scripts/local/local-runtime';
import { playShipped, SCENARIOS } from './helpers';

const of = <K extends TranscriptEntry['kind']>(result: SimulationResult, kind: K) => result.entries.filter((e) => e.kind === kind) as Array<Extract<TranscriptEntry, { kind: K }>>;

/** The shipped scenario's data with some fields replaced, played in-process. */
function variant(name: string, change: Record<string, unknown>) {
  const data = { ...(parseYaml(readFileSync(join(SCENARIOS, name), 'utf8')) as Record<string, unknown>), ...change };
  return simulateInProcess(parseScenario(data, `${name} (variant)`, ROOT), startLocalRuntime);
}

describe('the shipped Studio flow: ticket owner first', () => {
  it('studio-ticket-owner.yaml: Zammad knows the caller; the owner of her open ticket rings alone and accepts', async () => {
    const result = await playShipped('studio-ticket-owner.yaml');
    expect(result.mismatches).toEqual([]);
    expect(of(result, 'studio').find((s) => s.widget === 'has_owner')).toMatchObject({ event: 'match', next: 'route_owner_first' });
    expect(result.summary.rang).toEqual([['zammad-3']]);
    expect(result.summary.winner).toBe('zammad-3');
    expect(result.summary.helpdeskEvents).toEqual(['started', 'answered', 'ended']);
  });

  it('an owner who does not pick up: after OWNER_RING_TIMEOUT everyone else rings', async () => {
    const result = await variant('studio-ticket-owner.yaml', {
      env: { OWNER_RING_TIMEOUT: 10 },
      agents: { 'zammad-2': { answerAfter: 2, press: '1' }, 'zammad-3': { neverAnswer: true } },
      expect: { rang: [['zammad-3'], ['zammad-2']], winner: 'zammad-2' },
    });
    expect(result.mismatches).toEqual([]);
    const waves = of(result, 'ring');
    expect(waves.map((w) => w.timeout)).toEqual([10, 20]);
  });

  it('a caller whose tickets are all closed is not anyone\'s: the flow takes route_call and everyone rings', async () => {
    const shipped = parseYaml(readFileSync(join(SCENARIOS, 'studio-ticket-owner.yaml'), 'utf8')) as { zammad: { users: unknown[] } };
    const result = await variant('studio-ticket-owner.yaml', {
      zammad: { users: shipped.zammad.users, tickets: [{ id: 7, customer: 50, owner: 3, state: 'closed' }] },
      expect: { studioPath: ['Trigger', 'report_start', 'check_hours', 'is_open', 'has_language_menu', 'has_owner', 'route_call'], rang: [['zammad-2', 'zammad-3']] },
    });
    expect(result.mismatches).toEqual([]);
  });

  it('refuses to play a scenario with its own Zammad against a running system', async () => {
    const scenario = parseScenario(parseYaml(readFileSync(join(SCENARIOS, 'studio-ticket-owner.yaml'), 'utf8')), 'studio-ticket-owner.yaml', ROOT);
    const target = { config: { values: {}, source: 'test', authoritative: true } } as unknown as Parameters<typeof simulate>[1];
    await expect(simulate(scenario, target)).rejects.toThrow(/only an in-process system can use: run it with --in-process/);
  });
});

describe('the shipped Studio flow: language menu', () => {
  it('studio-language-menu.yaml: the caller presses 2 for French and the French speaker rings first', async () => {
    const result = await playShipped('studio-language-menu.yaml');
    expect(result.mismatches).toEqual([]);
    const menu = of(result, 'heard').find((h) => h.who === 'caller' && /Pour le français/.test(h.say ?? ''));
    expect(menu?.say).toBe('For English, press 1. Pour le français, appuyez sur 2.');
    expect(result.summary.rang).toEqual([['bob']]);
  });
});
