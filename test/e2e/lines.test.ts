import { withAgentsRuntime } from '../support/agents-file';
import { numbersOf, TwilioCall } from '../support/twilio-call';
import { only, verbs } from '../support/twiml';

const SALES = '+14155550100';
const SUPPORT = '+14155550000';
const agents = [
  { id: 'alice', number: '+14155550101', teams: ['Sales'] },
  { id: 'bob', number: '+14155550102', teams: ['support'] },
  { id: 'carol', number: '+14155550103', teams: ['sales', 'support'] },
];
const LINES = JSON.stringify({ lines: { [SALES]: { name: 'Sales', team: 'sales', ringTimeout: 25, voicemail: 'off' } } });

describe('lines: a called number rings its team, with its own settings', () => {
  it('the sales line rings only sales agents for its own ring time and apologises instead of voicemail; another number rings everyone', async () => {
    await withAgentsRuntime(agents, { LINES }, async (runtime) => {
      const sales = new TwilioCall(runtime, '+14155550999', SALES);
      const dial = only(await sales.incoming(), 'Dial');
      expect(numbersOf(dial).map((n) => n.text)).toEqual(['+14155550101', '+14155550103']);
      expect(dial.attrs.timeout).toBe('25');
      expect(verbs(await sales.dialResult(dial, 'no-answer'))).toEqual(['Say', 'Hangup']);

      const studio = (await (await runtime.twilioPost('/studio/agents', { From: '+14155550999', To: SALES })).json()) as { agents: Array<{ id: string }> };
      expect(studio.agents.map((a) => a.id)).toEqual(['alice', 'carol']);

      const other = only(await new TwilioCall(runtime, '+14155550998', SUPPORT).incoming(), 'Dial');
      expect(numbersOf(other)).toHaveLength(3);
      expect(other.attrs.timeout).toBe('20');
    });
  });

  it('a line\'s own language menu: /studio/agents offers it and the key picks from it; other numbers keep LANGUAGES', async () => {
    const speakers = [
      { id: 'alice', number: '+14155550101', languages: ['fr'] },
      { id: 'bob', number: '+14155550102', languages: ['sw'] },
      { id: 'carol', number: '+14155550103', languages: ['en'] },
    ];
    const lines = JSON.stringify({ lines: { [SALES]: { languages: ['en-US', 'sw-KE'] } } });
    await withAgentsRuntime(speakers, { LINES: lines, LANGUAGES: 'en-US,fr-FR' }, async (runtime) => {
      const menu = async (to: string) =>
        ((await (await runtime.twilioPost('/studio/agents', { From: '+14155550999', To: to })).json()) as { languages: Array<{ key: string; language: string }> }).languages;
      expect(await menu(SALES)).toEqual([expect.objectContaining({ key: '1', language: 'en-US' }), expect.objectContaining({ key: '2', language: 'sw-KE' })]);
      expect((await menu(SUPPORT)).map((c) => c.language)).toEqual(['en-US', 'fr-FR']);
      const firstRung = async (to: string) => {
        const call = new TwilioCall(runtime, '+14155550999', to);
        return numbersOf(only(await call.twiml('/voice/incoming?languageKey=2', { CallSid: call.sid, From: call.from, To: call.to, CallStatus: 'ringing' }), 'Dial')).map((n) => n.text);
      };
      expect(await firstRung(SALES)).toEqual(['+14155550102']);
      expect(await firstRung(SUPPORT)).toEqual(['+14155550101']);
    });
  });

  it('a line\'s own hours close it while other numbers stay open; per-number hours in the business hours file still count, with a deprecation line', async () => {
    const closed = { timezone: 'UTC', weekly: {} };
    const lines = JSON.stringify({ lines: { [SALES]: { team: 'sales', hours: closed } } });
    const hours = JSON.stringify({ default: { timezone: 'UTC', weekly: { mon: ['00:00-24:00'], tue: ['00:00-24:00'], wed: ['00:00-24:00'], thu: ['00:00-24:00'], fri: ['00:00-24:00'], sat: ['00:00-24:00'], sun: ['00:00-24:00'] } }, numbers: { '+14155550300': closed } });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await withAgentsRuntime(agents, { LINES: lines, BUSINESS_HOURS: hours }, async (runtime) => {
        const sales = new TwilioCall(runtime, '+14155550999', SALES);
        expect(verbs(await sales.incoming())).toEqual(['Say', 'Record', 'Say', 'Hangup']);
        expect((await runtime.callRecord(sales.sid))?.missedReason).toBe('out_of_hours');
        expect(verbs(await new TwilioCall(runtime, '+14155550998', SUPPORT).incoming())).toEqual(['Dial']);
        expect(verbs(await new TwilioCall(runtime, '+14155550997', '+14155550300').incoming())).toContain('Record');
      });
      expect(warn.mock.calls.flat().join('\n')).toMatch(/per-number schedules \(\+1415\*{4}300\) are deprecated/);
    } finally {
      warn.mockRestore();
    }
  });

  it('a broken LINES is a server error naming the variable and the entry, not a silent default', async () => {
    await withAgentsRuntime(agents, { LINES: JSON.stringify({ lines: { '4155550100': {} } }) }, async (runtime) => {
      const res = await new TwilioCall(runtime).post('/voice/incoming', { CallSid: 'CA' + '1'.repeat(32), From: '+14155550999', To: SALES });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'server misconfigured: lines (LINES): lines.4155550100 must be a called number in E.164, e.g. +14155550100' });
    });
  });
});
