import type { Agent } from '../../src/agents';
import { applyAll, newCallRecord } from '../../src/calls/call-transitions';
import type { SoftphoneRing } from '../../src/calls/carrier-profile';
import { atProfile } from '../../src/carriers/africastalking/profile';
import { twilioProfile } from '../../src/carriers/twilio/profile';
import { rankAgents, route, type RoutingSettings } from '../../src/routing/planner';
import { anAgent } from '../support/agent-mother';

const NOW = new Date('2026-12-05T10:00:00Z');
const secondsAgo = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();
const signedIn = (id: string, extra: Partial<Agent> = {}) => anAgent({ id, softphone: { lastSeen: secondsAgo(30), carrier: 'twilio' }, ...extra });
const RING_ALL: RoutingSettings = { routingMode: 'ring-all', ringTimeoutSeconds: 20, preferredRingSeconds: 12, voicemail: true, team: null, wrapUpSeconds: 0 };

const addresses = (agents: Agent[], ring: SoftphoneRing, line: Partial<RoutingSettings> = {}) =>
  rankAgents({ agents, profile: twilioProfile(ring), now: NOW, line: { ...RING_ALL, ...line } }).flat().map((r) => [r.agent.id, r.addresses]);

describe('ringing a signed-in softphone on Twilio (SOFTPHONE_RING)', () => {
  const alice = signedIn('alice');
  const bob = anAgent({ id: 'bob' });

  it.each<[SoftphoneRing, string[]]>([
    ['browser', ['client:alice']],
    ['phone', [alice.phoneNumbers[0]]],
    ['both', ['client:alice', alice.phoneNumbers[0]]],
  ])('%s: a signed-in agent is rung at %p', (ring, expected) => {
    expect(addresses([alice, bob], ring)).toEqual([
      ['alice', expected],
      ['bob', bob.phoneNumbers],
    ]);
  });

  it('rings the phone of an agent whose last heartbeat is 90 s old, whatever the setting', () => {
    const gone = anAgent({ id: 'gone', softphone: { lastSeen: secondsAgo(90), carrier: 'twilio' } });
    expect(addresses([gone], 'browser')).toEqual([['gone', gone.phoneNumbers]]);
    expect(addresses([gone], 'both')).toEqual([['gone', gone.phoneNumbers]]);
  });

  it('rings an agent with no number in the browser, even with SOFTPHONE_RING=phone', () => {
    expect(addresses([signedIn('web', { phoneNumbers: [] })], 'phone')).toEqual([['web', ['client:web']]]);
    expect(addresses([anAgent({ id: 'none', phoneNumbers: [] })], 'both')).toEqual([]);
  });

  it('with REQUIRE_SIGN_IN rings only agents signed in now', () => {
    const lapsed = anAgent({ id: 'lapsed', softphone: { lastSeen: secondsAgo(91), carrier: 'twilio' } });
    expect(addresses([alice, bob, lapsed], 'phone', { requireSignIn: true })).toEqual([['alice', alice.phoneNumbers]]);
    expect(addresses([alice, bob, lapsed], 'phone', { requireSignIn: false }).map(([id]) => id)).toEqual(['alice', 'bob', 'lapsed']);
  });

  it('fills a wave with at most 10 legs when agents ring at two addresses', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => signedIn(`a${String(i).padStart(2, '0')}`));
    const record = applyAll(newCallRecord({ callId: 'CA1', carrier: 'twilio', direction: 'in', from: '+442079460000', to: '+15005550006', at: NOW }));
    const plan = route({ record, agents: twelve, profile: twilioProfile('both'), settings: RING_ALL, now: NOW, open: true });
    if (plan.kind !== 'ring') throw new Error(`expected a ring, got ${plan.kind}`);
    expect(plan.agents).toHaveLength(5);
    expect(plan.agents.flatMap((r) => r.addresses)).toHaveLength(10);
  });
});

describe("ringing a softphone on Africa's Talking", () => {
  it('rings a signed-in agent by their client name (the agent id when the directory names none)', () => {
    const agent = signedIn('alice');
    expect(rankAgents({ agents: [agent], profile: atProfile('both'), now: NOW }).flat()[0].addresses).toEqual(['client:alice', agent.phoneNumbers[0]]);
  });

  it('keeps ringing a directory client name without a heartbeat, as before the softphone', () => {
    const agent = anAgent({ id: 'wanjiru', atClientName: 'web_1' });
    expect(rankAgents({ agents: [agent], profile: atProfile('browser'), now: NOW }).flat()[0].addresses).toEqual(['client:web_1']);
  });
});
