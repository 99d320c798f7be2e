import { withAgentsRuntime as withRuntime } from '../support/agents-file';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only, verbs, type XmlElement } from '../support/twiml';

const ALICE = '+14155550101';
const BOB = '+14155550102';
const CAROL = '+14155550103';

const trio = [
  { id: 'alice', number: ALICE },
  { id: 'bob', number: BOB },
  { id: 'carol', number: CAROL },
];

function incomingFor(call: TwilioCall, preferAgent: string): Promise<XmlElement> {
  return call.twiml(`/voice/incoming?preferAgent=${preferAgent}`, { CallSid: call.sid, From: call.from, To: call.to, CallStatus: 'ringing', Direction: 'inbound' });
}

function dialOf(twiml: XmlElement): XmlElement {
  expect(verbs(twiml)).toEqual(['Dial']);
  return only(twiml, 'Dial');
}

const ringing = (dial: XmlElement) => numbersOf(dial).map((n) => n.text);

describe('the caller\'s ticket owner rings first (/voice/incoming?preferAgent)', () => {
  it('rings the owner alone for OWNER_RING_TIMEOUT, then everyone else for a full RING_TIMEOUT', async () => {
    await withRuntime(trio, { OWNER_RING_TIMEOUT: '12', RING_TIMEOUT: '25' }, async (runtime) => {
      const call = new TwilioCall(runtime);
      const solo = dialOf(await incomingFor(call, 'carol'));
      expect(ringing(solo)).toEqual([CAROL]);
      expect(solo.attrs.timeout).toBe('12');
      const record = await runtime.callRecord(call.sid);
      expect(record?.events[0]).toMatchObject({ type: 'started', offeredTo: [{ agentId: 'carol' }] });

      const team = dialOf(await call.dialResult(solo, 'no-answer'));
      expect(ringing(team)).toEqual([ALICE, BOB]);
      expect(team.attrs.timeout).toBe('25');
    });
  });

  it('after the owner picks up and declines, the others get a wave of their own, not what is left of the owner\'s', async () => {
    await withRuntime(trio, { OWNER_RING_TIMEOUT: '30', RING_TIMEOUT: '20' }, async (runtime) => {
      const call = new TwilioCall(runtime);
      const solo = dialOf(await incomingFor(call, 'bob'));
      const [bob] = numbersOf(solo);
      const whisper = await call.pickUp(bob);
      expect(verbs(await call.press(whisper, bob, '9'))).toEqual(['Hangup']);
      const team = dialOf(await call.dialResult(solo, 'completed'));
      expect(ringing(team)).toEqual([ALICE, CAROL]);
      expect(team.attrs.timeout).toBe('20');
      // Bob declined, so he is not asked again: after the team's wave comes voicemail.
      expect(verbs(await call.dialResult(team, 'no-answer'))).toContain('Record');
    });
  });

  it('the owner accepting answers the call as usual', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const solo = dialOf(await incomingFor(call, 'alice'));
      const [alice] = numbersOf(solo);
      const whisper = await call.pickUp(alice);
      expect(verbs(await call.press(whisper, alice, '1'))).toEqual([]);
      expect(verbs(await call.dialResult(solo, 'completed'))).toEqual(['Hangup']);
      await call.status('completed');
      const record = await runtime.callRecord(call.sid);
      expect(record?.events.map((e) => e.type)).toEqual(['started', 'answered', 'ended']);
      expect(record?.events[1]).toMatchObject({ agentId: 'alice' });
    });
  });

  it('an owner who cannot take calls now (away) or is unknown is skipped: everyone rings at once', async () => {
    await withRuntime([{ id: 'alice', number: ALICE }, { id: 'bob', number: BOB, presence: 'away' }, { id: 'carol', number: CAROL }], {}, async (runtime) => {
      const away = dialOf(await incomingFor(new TwilioCall(runtime), 'bob'));
      expect(ringing(away)).toEqual([ALICE, CAROL]);
      expect(away.attrs.timeout).toBe('20');
      const unknown = dialOf(await incomingFor(new TwilioCall(runtime), 'dave'));
      expect(ringing(unknown)).toEqual([ALICE, CAROL]);
    });
  });

  it('a flow that reported the call first still gets the owner first', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const started = await runtime.twilioPost('/studio/events', { event: 'started', CallSid: call.sid, From: call.from, To: call.to });
      expect(started.status).toBe(200);
      expect(ringing(dialOf(await incomingFor(call, 'carol')))).toEqual([CAROL]);
    });
  });

  it('rejects a malformed preferAgent with 400 and keeps no call', async () => {
    await withRuntime(trio, {}, async (runtime) => {
      const call = new TwilioCall(runtime);
      const res = await call.post('/voice/incoming?preferAgent=bob%20smith', { CallSid: call.sid, From: call.from, To: call.to, CallStatus: 'ringing' });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/preferAgent must be an agent id/);
      expect(await runtime.callRecord(call.sid)).toBeUndefined();
    });
  });

  describe('with queue routing', () => {
    it('rings the owner alone, then puts the caller in the queue', async () => {
      await withRuntime(trio, { ROUTING_MODE: 'queue', OWNER_RING_TIMEOUT: '10' }, async (runtime) => {
        const call = new TwilioCall(runtime);
        const solo = dialOf(await incomingFor(call, 'carol'));
        expect(ringing(solo)).toEqual([CAROL]);
        expect(solo.attrs.timeout).toBe('10');
        const enqueue = only(await call.dialResult(solo, 'no-answer'), 'Enqueue');
        expect(enqueue.text).toBe('support');
        const record = await runtime.callRecord(call.sid);
        expect(record?.queuedAt).not.toBeNull();
        expect(record?.ring.exhausted).toEqual(['carol']);
      });
    });

    it('queues at once when the owner is offline', async () => {
      await withRuntime([...trio.slice(0, 2), { id: 'carol', number: CAROL, presence: 'offline' }], { ROUTING_MODE: 'queue' }, async (runtime) => {
        const call = new TwilioCall(runtime);
        expect(verbs(await incomingFor(call, 'carol'))).toEqual(['Enqueue']);
        expect((await runtime.callRecord(call.sid))?.queuedAt).not.toBeNull();
      });
    });
  });
});
