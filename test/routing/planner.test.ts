import type { Agent } from '../../src/agents';
import type { CallRecord } from '../../src/calls/call-record';
import { applyAll, chooseLanguage, closeAttempt, newCallRecord, offerRing, preferAgent } from '../../src/calls/call-transitions';
import { AT_PROFILE } from '../../src/carriers/africastalking/profile';
import { TWILIO_PROFILE } from '../../src/carriers/twilio/profile';
import { nextQueueAgent, rankAgents, route, type Route, type RoutingSettings } from '../../src/routing/planner';
import { anAgent } from '../support/agent-mother';

const NOW = new Date('2026-12-05T10:00:00Z');
const CALLER = '+442079460000';
const RING_ALL: RoutingSettings = { routingMode: 'ring-all', ringTimeoutSeconds: 20, preferredRingSeconds: 12, voicemail: true, team: null, wrapUpSeconds: 0 };

/** Idle since `minutesAgo`, so longest idle first is the order of the arguments given here. */
const idle = (id: string, minutesAgo: number, extra: Partial<Agent> = {}) =>
  anAgent({ id, lastCallEndedAt: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(), ...extra });

function call(...steps: Array<(r: CallRecord) => CallRecord | null>): CallRecord {
  return applyAll(newCallRecord({ callId: 'CA1', carrier: 'twilio', direction: 'in', from: CALLER, to: '+15005550006', at: NOW }), ...steps);
}

const ids = (r: Route) => (r.kind === 'ring' ? r.agents.map((a) => a.agent.id) : r.kind);

describe('rankAgents: one order for every entry', () => {
  const team = [idle('dana', 5), idle('ana', 50), idle('ben', 30, { languages: ['fr'] }), idle('cy', 40, { languages: ['de'] })];

  it.each([
    ['longest idle first', {}, [['ana', 'cy', 'ben', 'dana']]],
    ['the owner alone, then the rest', { preferredAgentId: 'ben' }, [['ben'], ['ana', 'cy', 'dana']]],
    ['speakers of the caller\'s language before the others (no languages = any)', { language: 'fr-FR' }, [['ana', 'ben', 'dana'], ['cy']]],
    ['owner, then speakers, then the others', { preferredAgentId: 'cy', language: 'fr' }, [['cy'], ['ana', 'ben', 'dana']]],
    ['an owner who cannot take the call is no tier', { preferredAgentId: 'nobody' }, [['ana', 'cy', 'ben', 'dana']]],
    ['excluded agents are never offered', { excluded: ['ana', 'dana'] }, [['cy', 'ben']]],
  ])('%s', (_name, request, expected) => {
    const tiers = rankAgents({ agents: team, profile: TWILIO_PROFILE, now: NOW, callerNumber: CALLER, ...request });
    expect(tiers.map((tier) => tier.map((r) => r.agent.id))).toEqual(expected);
  });

  it.each([
    ['away', { presence: 'away' as const }],
    ['phone switch off', { phoneSwitch: false }],
    ['busy on another call', { status: { kind: 'busy' as const, callId: 'CA9', since: NOW.toISOString(), until: new Date(NOW.getTime() + 60_000).toISOString() } }],
    ['out of office', { outOfOffice: { start: '2026-12-01T00:00:00Z', end: '2026-12-10T00:00:00Z' } }],
    ['the caller themself', { phoneNumbers: [CALLER] }],
  ])('leaves out an agent who is %s', (_name, overrides) => {
    const tiers = rankAgents({ agents: [idle('ana', 10, overrides), idle('ben', 5)], profile: TWILIO_PROFILE, now: NOW, callerNumber: CALLER });
    expect(tiers.flat().map((r) => r.agent.id)).toEqual(['ben']);
  });

  it('asks the carrier\'s profile how an agent is reached: a browser-only agent is reachable on one carrier and not the other', () => {
    const agents = [idle('web', 20, { phoneNumbers: [], atClientName: 'web_1' }), idle('tel', 10)];
    expect(rankAgents({ agents, profile: TWILIO_PROFILE, now: NOW }).flat().map((r) => r.address)).toEqual([agents[1].phoneNumbers[0]]);
    expect(rankAgents({ agents, profile: AT_PROFILE, now: NOW }).flat().map((r) => r.address)).toEqual(['client:web_1', agents[1].phoneNumbers[0]]);
  });
});

describe('route: the next step for a ringing call', () => {
  const twelve = Array.from({ length: 12 }, (_, i) => idle(`a${String(i).padStart(2, '0')}`, 100 - i));
  const plan = (record: CallRecord, agents: Agent[], settings: Partial<RoutingSettings> = {}, extra: { open?: boolean; at?: Date; profile?: typeof TWILIO_PROFILE } = {}) =>
    route({ record, agents, profile: extra.profile ?? TWILIO_PROFILE, settings: { ...RING_ALL, ...settings }, now: extra.at ?? NOW, open: extra.open ?? true });

  it('a closed line gives up out of hours, to voicemail or an apology', () => {
    expect(plan(call(), twelve, {}, { open: false })).toEqual({ kind: 'unanswered', reason: 'out_of_hours', then: 'voicemail' });
    expect(plan(call(), twelve, { voicemail: false }, { open: false })).toEqual({ kind: 'unanswered', reason: 'out_of_hours', then: 'apologise' });
  });

  it('nobody available: no_available_agent before any wave, agents_did_not_answer after one', () => {
    expect(plan(call(), [])).toMatchObject({ kind: 'unanswered', reason: 'no_available_agent' });
    const rang = call((r) => offerRing(r, { agentIds: ['a00'], newWave: true, deadline: new Date(NOW.getTime() + 20_000) }), closeAttempt);
    expect(plan(rang, [idle('a00', 10)])).toMatchObject({ kind: 'unanswered', reason: 'agents_did_not_answer' });
  });

  it('rings at most the carrier\'s dial limit at once, and the rest in the next wave', () => {
    const first = plan(call(), twelve);
    expect(first).toMatchObject({ kind: 'ring', newWave: true, solo: false, timeoutSeconds: 20, sequential: false });
    expect(ids(first)).toEqual(twelve.slice(0, 10).map((a) => a.id));
    const after = call((r) => offerRing(r, { agentIds: ids(first) as string[], newWave: true, deadline: new Date(NOW.getTime() + 20_000) }), closeAttempt);
    expect(ids(plan(after, twelve, {}, { at: new Date(NOW.getTime() + 20_000) }))).toEqual(['a10', 'a11']);
    expect(ids(plan(call(), twelve, {}, { profile: AT_PROFILE }))).toHaveLength(12);
  });

  it('the owner rings alone for the owner\'s time, then the others get a full wave of their own', () => {
    const owned = call((r) => preferAgent(r, 'a05'));
    const solo = plan(owned, twelve);
    expect(solo).toMatchObject({ kind: 'ring', solo: true, timeoutSeconds: 12 });
    expect(ids(solo)).toEqual(['a05']);
    const after = applyAll(owned, (r) => offerRing(r, { agentIds: ['a05'], newWave: true, deadline: new Date(NOW.getTime() + 12_000), solo: true }), closeAttempt);
    const team = plan(after, twelve, {}, { at: new Date(NOW.getTime() + 3000) });
    expect(team).toMatchObject({ kind: 'ring', newWave: true, timeoutSeconds: 20 });
    expect(ids(team)).not.toContain('a05');
  });

  it('after a decline the others ring again for what is left of the wave', () => {
    const wave = call((r) => offerRing(r, { agentIds: ['a00', 'a01'], newWave: true, deadline: new Date(NOW.getTime() + 20_000) }));
    const declined = { ...wave, ring: { ...wave.ring, declined: ['a00'] } };
    const again = plan(declined, [idle('a00', 10), idle('a01', 5)], {}, { at: new Date(NOW.getTime() + 8000) });
    expect(again).toMatchObject({ kind: 'ring', newWave: false, timeoutSeconds: 12 });
    expect(ids(again)).toEqual(['a01']);
  });

  it('speakers of the chosen language ring in a wave of their own, before the others', () => {
    const agents = [idle('en1', 50, { languages: ['en'] }), idle('fr1', 40, { languages: ['fr'] }), idle('fr2', 30, { languages: ['fr'] })];
    expect(ids(plan(call((r) => chooseLanguage(r, 'fr')), agents))).toEqual(['fr1', 'fr2']);
  });

  it('queue routing: a carrier with its own queue queues (after the owner\'s turn); one without rings one after another', () => {
    expect(plan(call(), twelve, { routingMode: 'queue' })).toEqual({ kind: 'queue' });
    expect(plan(call(), [], { routingMode: 'queue' })).toEqual({ kind: 'queue' });
    expect(ids(plan(call((r) => preferAgent(r, 'a03')), twelve, { routingMode: 'queue' }))).toEqual(['a03']);
    expect(plan(call(), twelve, { routingMode: 'queue' }, { profile: AT_PROFILE })).toMatchObject({ kind: 'ring', sequential: true });
  });
});

describe('nextQueueAgent', () => {
  const agents = [idle('ana', 30), idle('ben', 20), idle('cy', 10)];
  const record = (ring: Partial<CallRecord['ring']>) => {
    const r = call();
    return { ...r, ring: { ...r.ring, ...ring } };
  };

  it.each([
    ['the longest idle first', {}, 'ana', false],
    ['skips who let an offer ring out', { exhausted: ['ana'] }, 'ben', false],
    ['never one who declined', { declined: ['ana'], exhausted: ['ben'] }, 'cy', false],
    ['starts a new round once everyone rang out', { exhausted: ['ana', 'ben', 'cy'] }, 'ana', true],
  ])('%s', (_name, ring, expected, newRound) => {
    const found = nextQueueAgent(agents, record(ring), { profile: TWILIO_PROFILE, line: RING_ALL, now: NOW });
    expect(found?.next.agent.id).toBe(expected);
    expect(found?.newRound).toBe(newRound);
  });

  it('nobody when everyone declined', () => {
    expect(nextQueueAgent(agents, record({ declined: ['ana', 'ben', 'cy'] }), { profile: TWILIO_PROFILE, line: RING_ALL, now: NOW })).toBeNull();
  });
});
