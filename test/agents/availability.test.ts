import { availableAgents, isAvailable, unavailableReason } from '../../src/agents';
import { anAgent } from '../support/agent-mother';

const now = new Date('2026-11-23T12:00:00Z');

describe('availability', () => {
  it('rings an idle agent who is available with the phone switch on', () => {
    expect(unavailableReason(anAgent(), { now })).toBeNull();
  });

  it.each([
    ['away', { presence: 'away' as const }, 'presence'],
    ['offline', { presence: 'offline' as const }, 'presence'],
    ['phone switch off', { phoneSwitch: false }, 'phone-switch-off'],
    ['busy on a call', { status: { kind: 'busy' as const, callId: 'CA1', since: now.toISOString(), until: '2026-11-23T13:00:00Z' } }, 'busy'],
    ['without any number or client', { phoneNumbers: [], atClientName: null }, 'no-number'],
  ])('does not ring an agent who is %s', (_label, overrides, reason) => {
    expect(unavailableReason(anAgent(overrides), { now })).toBe(reason);
  });

  it('rings an agent again once a busy status outlived the longest call (its final callback was lost)', () => {
    const agent = anAgent({ status: { kind: 'busy', callId: 'CA1', since: '2026-11-23T07:00:00Z', until: '2026-11-23T11:00:00Z' } });
    expect(isAvailable(agent, { now })).toBe(true);
  });

  it('still rings an agent who is ringing for another call (only busy blocks)', () => {
    const agent = anAgent({ status: { kind: 'ringing', callId: 'CA2', since: now.toISOString() } });
    expect(isAvailable(agent, { now })).toBe(true);
  });

  it('respects the out-of-office window, start inclusive and end exclusive', () => {
    const agent = anAgent({ outOfOffice: { start: '2026-11-23T12:00:00.000Z', end: '2026-11-24T00:00:00.000Z' } });
    expect(unavailableReason(agent, { now })).toBe('out-of-office');
    expect(isAvailable(agent, { now: new Date('2026-11-23T11:59:59Z') })).toBe(true);
    expect(isAvailable(agent, { now: new Date('2026-11-24T00:00:00Z') })).toBe(true);
  });

  it('never rings the caller themselves', () => {
    const agent = anAgent({ phoneNumbers: ['+14155550199'] });
    expect(unavailableReason(agent, { now, callerNumber: '+14155550199' })).toBe('is-caller');
    expect(isAvailable(agent, { now, callerNumber: '+14155550100' })).toBe(true);
  });

  it('an agent reachable only through an Africa\'s Talking client is available', () => {
    expect(isAvailable(anAgent({ phoneNumbers: [], atClientName: 'alice' }), { now })).toBe(true);
  });

  it('orders the available agents longest idle first, never-called first, ties by id', () => {
    const agents = [
      anAgent({ id: 'recent', lastCallEndedAt: '2026-11-23T11:59:00Z' }),
      anAgent({ id: 'b-never' }),
      anAgent({ id: 'busy', status: { kind: 'busy', callId: 'CA3', since: now.toISOString(), until: '2026-11-23T13:00:00Z' } }),
      anAgent({ id: 'early', lastCallEndedAt: '2026-11-23T08:00:00Z' }),
      anAgent({ id: 'a-never' }),
    ];
    expect(availableAgents(agents, { now }).map((a) => a.id)).toEqual(['a-never', 'b-never', 'early', 'recent']);
  });
});
