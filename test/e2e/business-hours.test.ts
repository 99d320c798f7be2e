import type { LifecycleEvent } from '../../src/calls/lifecycle-event';
import { withAgentsRuntime as withRuntime } from '../support/agents-file';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only, verbs } from '../support/twiml';

const ALICE = '+14155550101';
const BOB = '+14155550102';
const OUR_NUMBER = '+14155550000';
const OTHER_LINE = '+14155550001';
const duo = [
  { id: 'alice', number: ALICE },
  { id: 'bob', number: BOB },
];
const types = (events: LifecycleEvent[] | undefined) => (events ?? []).map((e) => e.type);

/** No day has opening hours: closed whenever the test runs. */
const CLOSED = JSON.stringify({ default: { timezone: 'UTC', weekly: {} } });
const today = new Date().toISOString().slice(0, 10);
const allDay = { mon: ['00:00-24:00'], tue: ['00:00-24:00'], wed: ['00:00-24:00'], thu: ['00:00-24:00'], fri: ['00:00-24:00'], sat: ['00:00-24:00'], sun: ['00:00-24:00'] };
/** Open around the clock, except that today is a holiday on our number; the other line keeps the default. */
const HOLIDAY_ON_OUR_NUMBER = JSON.stringify({
  default: { timezone: 'UTC', weekly: allDay },
  numbers: { [OUR_NUMBER]: { timezone: 'UTC', weekly: allDay, holidays: [today] } },
});

describe('business hours on a number pointed straight at /voice/incoming', () => {
  it('a closed line rings nobody: the closed message, voicemail, and one call missed out of hours', async () => {
    await withRuntime(duo, { BUSINESS_HOURS: CLOSED }, async (runtime) => {
      const call = new TwilioCall(runtime);
      const twiml = await call.incoming();
      expect(verbs(twiml)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
      expect(twiml.children[0].text).toMatch(/closed right now.*leave a message/i);

      const record = only(twiml, 'Record');
      const params = { CallSid: call.sid, RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1', RecordingSid: 'RE' + '1'.repeat(32), RecordingDuration: '9' };
      await call.twiml(record.attrs.action, params);
      await call.status('completed');

      const stored = await runtime.callRecord(call.sid);
      expect(types(stored?.events)).toEqual(['started', 'answered', 'voicemail', 'ended']);
      expect(stored?.events[0]).toMatchObject({ offeredTo: [] });
      expect(stored?.events[1]).toMatchObject({ voicemail: true });
      expect(stored?.events[3]).toMatchObject({ missedReason: 'out_of_hours' });
      expect(stored?.ring.wave).toBe(0);
      expect([...(await runtime.agents()).values()].every((a) => a.status.kind === 'idle')).toBe(true);
    });
  });

  it('with voicemail off, says the line is closed and hangs up, logged as missed out of hours', async () => {
    await withRuntime(duo, { BUSINESS_HOURS: CLOSED, VOICEMAIL: 'off' }, async (runtime) => {
      const call = new TwilioCall(runtime);
      const twiml = await call.incoming();
      expect(verbs(twiml)).toEqual(['Say', 'Hangup']);
      expect(only(twiml, 'Say').text).toMatch(/closed right now.*try again later/i);
      await call.status('completed');
      const stored = await runtime.callRecord(call.sid);
      expect(types(stored?.events)).toEqual(['started', 'ended']);
      expect(stored?.events[1]).toMatchObject({ missedReason: 'out_of_hours' });
    });
  });

  it('in queue mode a closed line queues nobody', async () => {
    await withRuntime(duo, { BUSINESS_HOURS: CLOSED, ROUTING_MODE: 'queue' }, async (runtime) => {
      const call = new TwilioCall(runtime);
      const twiml = await call.incoming();
      expect(verbs(twiml)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
      expect((await runtime.callRecord(call.sid))?.queuedAt).toBeNull();
      expect(runtime.stack.voiceApi.calls()).toHaveLength(0);
    });
  });

  it('takes each number\'s own schedule: a holiday closes that line only', async () => {
    await withRuntime(duo, { BUSINESS_HOURS: HOLIDAY_ON_OUR_NUMBER }, async (runtime) => {
      expect(verbs(await new TwilioCall(runtime, '+14155550999', OUR_NUMBER).incoming())).toEqual(['Say', 'Record', 'Say', 'Hangup']);
      const other = only(await new TwilioCall(runtime, '+14155550999', OTHER_LINE).incoming(), 'Dial');
      expect(numbersOf(other).map((n) => n.text)).toEqual([ALICE, BOB]);
    });
  });

  it('a call a Studio flow already checked (hours=checked) is not checked again', async () => {
    await withRuntime(duo, { BUSINESS_HOURS: CLOSED }, async (runtime) => {
      const call = new TwilioCall(runtime);
      const dial = only(await call.twiml('/voice/incoming?hours=checked', { CallSid: call.sid, From: call.from, To: call.to, CallStatus: 'in-progress' }), 'Dial');
      expect(numbersOf(dial).map((n) => n.text)).toEqual([ALICE, BOB]);
      const bad = await call.post('/voice/incoming?hours=skip', { CallSid: call.sid, From: call.from, To: call.to });
      expect(bad.status).toBe(400);
    });
  });
});
