import { readdirSync } from 'node:fs';
import type { EntryOf, SimulationResult, TranscriptEntry } from '../../scripts/simulator';
import { playShipped, SCENARIOS } from './helpers';

const ALICE = '+14155550101';
const BOB = '+14155550102';

const of = <K extends TranscriptEntry['kind']>(result: SimulationResult, kind: K): Array<EntryOf<K>> =>
  result.entries.filter((e): e is EntryOf<K> => e.kind === kind);

const before = (result: SimulationResult, a: (e: TranscriptEntry) => boolean, b: (e: TranscriptEntry) => boolean) =>
  result.entries.findIndex(a) < result.entries.findIndex(b);

describe('shipped scenarios, played in-process', () => {
  it('ships the five Twilio scenarios', () => {
    expect(readdirSync(SCENARIOS).sort()).toEqual(expect.arrayContaining(['click-to-call.yaml', 'personal-voicemail.yaml', 'queue.yaml', 'ring-all.yaml', 'voicemail.yaml']));
  });

  it('ring-all: both agents ring, bob picks up first, presses 1 and talks to the caller', async () => {
    const result = await playShipped('ring-all.yaml');
    expect(result.mismatches).toEqual([]);
    const [wave] = of(result, 'ring');
    expect(wave).toMatchObject({ wave: 1, via: 'dial', timeout: 20 });
    expect(wave.targets).toEqual([
      { who: 'alice', number: ALICE, agentId: 'alice' },
      { who: 'bob', number: BOB, agentId: 'bob' },
    ]);
    expect(of(result, 'pickup')).toEqual([expect.objectContaining({ t: 3, who: 'bob', voicemail: false })]);
    // Twilio drops the other legs the moment one picks up.
    expect(of(result, 'leg-ended')).toContainEqual(expect.objectContaining({ t: 3, who: 'alice', status: 'canceled' }));
    expect(of(result, 'heard').find((h) => h.who === 'bob')?.say).toMatch(/Press 1 to accept/);
    expect(of(result, 'pressed')).toEqual([expect.objectContaining({ who: 'bob', digits: '1' })]);
    expect(of(result, 'bridged')).toEqual([expect.objectContaining({ who: 'bob', with: 'caller' })]);
    expect(of(result, 'dial-ended')).toEqual([expect.objectContaining({ who: 'caller', status: 'completed' })]);
    expect(of(result, 'hangup').at(-1)).toMatchObject({ who: 'caller', by: 'party', status: 'completed' });
    const [helpdesk] = of(result, 'helpdesk');
    expect(helpdesk.events.map((e) => e.type)).toEqual(['started', 'answered', 'ended']);
    expect(helpdesk.events[1].detail).toMatchObject({ agentId: 'bob', voicemail: false });
    expect(helpdesk.events[2].detail).toMatchObject({ cause: 'normalClearing', missedReason: null });
    expect(result.records[result.callIds[0]]?.answer?.agentId).toBe('bob');
    // Virtual time: a 56 s call, replayed without waiting for it.
    expect(result.seconds).toBeGreaterThan(50);
  });

  it('a personal voicemail picks up first, never presses, and bob is rung again and accepts', async () => {
    const result = await playShipped('personal-voicemail.yaml');
    expect(result.mismatches).toEqual([]);
    expect(result.summary.rang).toEqual([['alice', 'bob'], ['bob']]);
    expect(of(result, 'pickup').map((p) => [p.who, p.voicemail])).toEqual([
      ['alice', true],
      ['bob', false],
    ]);
    expect(of(result, 'no-input').map((n) => n.who)).toEqual(['alice']);
    // Bob's first leg was dropped when alice's voicemail answered, before he could pick up.
    expect(of(result, 'leg-ended').filter((e) => e.who === 'bob').map((e) => e.status)).toEqual(['canceled']);
    // The second wave rings for what is left of RING_TIMEOUT=30 (by the product's wall clock).
    expect(of(result, 'ring')[1].timeout).toBeGreaterThanOrEqual(25);
    expect(result.summary.winner).toBe('bob');
    expect(result.records[result.callIds[0]]?.ring.declined).toEqual(['alice']);
  });

  it('nobody answers: the caller leaves a message, which is recorded and transcribed', async () => {
    const result = await playShipped('voicemail.yaml');
    expect(result.mismatches).toEqual([]);
    expect(of(result, 'leg-ended').map((e) => [e.who, e.status, e.t])).toEqual([
      ['alice', 'no-answer', 20],
      ['bob', 'no-answer', 20],
    ]);
    expect(of(result, 'dial-ended')).toEqual([expect.objectContaining({ status: 'no-answer' })]);
    expect(of(result, 'heard').map((h) => h.say ?? h.play)).toEqual([
      'Sorry, nobody can take your call right now. Please leave a message after the tone.',
      '(beep)',
      'Thank you for your message. Goodbye.',
    ]);
    const [recorded] = of(result, 'recorded');
    expect(recorded).toMatchObject({ who: 'caller', seconds: 14, transcript: 'Please call me back about my order 1234.' });
    expect(of(result, 'transcribed')).toEqual([expect.objectContaining({ status: 'completed', text: 'Please call me back about my order 1234.' })]);
    expect(before(result, (e) => e.kind === 'hangup', (e) => e.kind === 'transcribed')).toBe(true);
    const events = of(result, 'helpdesk')[0].events;
    expect(events.map((e) => e.type)).toEqual(['started', 'answered', 'voicemail', 'ended', 'transcription']);
    expect(events[2].detail).toMatchObject({ recordingUrl: recorded.recordingUrl, durationSeconds: 14 });
    expect(events[3].detail).toMatchObject({ missedReason: 'voicemail' });
  });

  it('queue: the caller waits with position, alice declines the offer, bob accepts and takes the caller', async () => {
    const result = await playShipped('queue.yaml');
    expect(result.mismatches).toEqual([]);
    expect(of(result, 'queued')).toEqual([expect.objectContaining({ who: 'caller', queue: 'support', position: 1 })]);
    expect(of(result, 'heard').find((h) => h.who === 'caller')?.say).toMatch(/number 1 in line/);
    // Each offer rings QUEUE_AGENT_TIMEOUT seconds, 15 by default.
    const offers = of(result, 'ring');
    expect(offers.map((o) => [o.via, o.targets.map((t) => t.who), o.timeout])).toEqual([
      ['rest', ['alice'], 15],
      ['rest', ['bob'], 15],
    ]);
    expect(of(result, 'pressed').map((p) => [p.who, p.digits])).toEqual([
      ['alice', '9'],
      ['bob', '1'],
    ]);
    expect(of(result, 'dequeued')).toEqual([expect.objectContaining({ who: 'caller', by: 'bob', queue: 'support' })]);
    expect(of(result, 'left-queue')).toEqual([expect.objectContaining({ who: 'caller', result: 'bridged' })]);
    expect(result.summary.winner).toBe('bob');
    const events = of(result, 'helpdesk')[0].events;
    expect(events.map((e) => e.type)).toEqual(['started', 'answered', 'ended']);
    expect(events[1].detail).toMatchObject({ agentId: 'bob' });
  });

  it('click-to-call: alice presses 1, the customer answers, and one outbound call is logged', async () => {
    const result = await playShipped('click-to-call.yaml');
    expect(result.mismatches).toEqual([]);
    expect(of(result, 'call')).toEqual([expect.objectContaining({ how: 'click-to-call', from: 'alice', to: '+14155550177' })]);
    expect(of(result, 'heard')[0]).toMatchObject({ who: 'alice', say: 'Press 1 to call 1 4 1 5 5 5 5 0 1 7 7.' });
    expect(of(result, 'ring').map((r) => [r.via, r.targets[0].who])).toEqual([
      ['rest', 'alice'],
      ['dial', 'customer'],
    ]);
    expect(of(result, 'bridged')).toEqual([expect.objectContaining({ who: 'customer', with: 'alice' })]);
    expect(of(result, 'dial-ended')).toEqual([expect.objectContaining({ who: 'alice', status: 'completed', duration: 42 })]);
    const events = of(result, 'helpdesk')[0].events;
    expect(events.map((e) => e.type)).toEqual(['started', 'answered', 'ended']);
    expect(events[0].detail).toMatchObject({ direction: 'out', to: '+14155550177', offeredTo: 'alice' });
  });
});
