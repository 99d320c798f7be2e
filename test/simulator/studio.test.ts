import type { EntryOf, SimulationResult, TranscriptEntry } from '../../scripts/simulator';
import { simulate, simulateInProcess } from '../../scripts/simulator';
import { startLocalRuntime } from '../../scripts/local/local-runtime';
import { bareTarget, scenario, twimlServer } from './helpers';

const of = <K extends TranscriptEntry['kind']>(result: SimulationResult, kind: K): Array<EntryOf<K>> =>
  result.entries.filter((e): e is EntryOf<K> => e.kind === kind);

/** The support-line fixture, with the Functions domain placeholder a deploy would fill in. */
const supportLine = (rest: Record<string, unknown>) =>
  scenario({
    call: {
      from: '+14155550999',
      to: '+14155550000',
      studio: { flow: 'support-line.json', flowParameters: { team: 'Acme support' }, placeholders: { FUNCTIONS_DOMAIN: 'helpdesk-voice-1234-dev.twil.io' } },
    },
    ...rest,
  });

describe('Studio flows', () => {
  it('runs set-variables, Liquid, a menu, our /studio/agents Function and connect-call-to ringing everyone it returned', async () => {
    const result = await simulateInProcess(
      supportLine({
        caller: { press: ['1'] },
        agents: { alice: { neverAnswer: true }, bob: { answerAfter: 4, talkSeconds: 20 } },
        expect: { studioPath: ['Trigger', 'remember_caller', 'welcome', 'menu', 'route_menu', 'find_agents', 'anyone_there', 'ring_agents', 'after_call'], winner: 'bob' },
      }),
      startLocalRuntime,
    );
    expect(result.mismatches).toEqual([]);
    // set-variables rendered {{contact.channel.address}} and {{flow.data.team}}; say-play rendered them back.
    expect(of(result, 'heard')[0].say).toBe('Welcome to Acme support. We see you are calling from +14155550999.');
    expect(of(result, 'pressed')).toEqual([expect.objectContaining({ who: 'caller', digits: '1' })]);
    // The run-function widget reached the real Function (signed; a twil.io URL is served locally).
    expect(of(result, 'http').find((h) => h.purpose === 'find_agents (run-function)')).toMatchObject({ status: 200, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/studio\/agents$/) });
    expect(of(result, 'studio').find((s) => s.widget === 'anyone_there')).toMatchObject({ event: 'match', next: 'ring_agents' });
    // connect-call-to rang the comma list from {{widgets.find_agents.parsed.numbers}} at once.
    expect(result.summary.rang).toEqual([['alice', 'bob']]);
    expect(of(result, 'bridged')).toEqual([expect.objectContaining({ who: 'bob', with: 'caller' })]);
    expect(of(result, 'studio').find((s) => s.widget === 'after_call')).toMatchObject({ event: 'match', next: null });
    expect(of(result, 'hangup').at(-1)).toMatchObject({ who: 'caller', by: 'studio', status: 'completed' });
  });

  it('takes connect-call-to callCompleted with no-answer to the split, then record-voicemail', async () => {
    const result = await simulateInProcess(
      supportLine({ caller: { press: ['1'], leaveVoicemail: { seconds: 9, end: 'key' } } }),
      startLocalRuntime,
    );
    const studio = of(result, 'studio');
    expect(studio.find((s) => s.widget === 'ring_agents')).toMatchObject({ event: 'callCompleted', next: 'after_call' });
    expect(studio.find((s) => s.widget === 'after_call')).toMatchObject({ event: 'noMatch', next: 'leave_message' });
    expect(studio.find((s) => s.widget === 'voicemail')).toMatchObject({ event: 'recordingComplete', next: 'thanks' });
    expect(of(result, 'dial-ended')).toEqual([expect.objectContaining({ status: 'no-answer' })]);
    expect(of(result, 'recorded')).toEqual([expect.objectContaining({ who: 'caller', seconds: 9 })]);
    expect(of(result, 'pressed').map((p) => p.digits)).toEqual(['1', '#']);
    expect(of(result, 'heard').at(-1)?.say).toBe('Thank you, we got 9 seconds. Goodbye.');
  });

  it('follows gather timeout and noAudio when the caller does nothing', async () => {
    const result = await simulateInProcess(supportLine({}), startLocalRuntime);
    expect(result.summary.studioPath).toEqual(['Trigger', 'remember_caller', 'welcome', 'menu', 'leave_message', 'voicemail', 'thanks']);
    expect(of(result, 'studio').find((s) => s.widget === 'menu')?.event).toBe('timeout');
    expect(of(result, 'studio').find((s) => s.widget === 'voicemail')?.event).toBe('noAudio');
    expect(result.summary.rang).toEqual([]);
  });

  it('hands the call to TwiML with add-twiml-redirect and takes it back on the flow webhook', async () => {
    const flowWebhook = 'https://webhooks.twilio.com/v1/Accounts/AC00000000000000000000000000000000/Flows/FW00000000000000000000000000000000?FlowEvent=return';
    const server = await twimlServer({
      '/ivr': `<Response><Gather numDigits="1" action="${flowWebhook.replace(/&/g, '&amp;')}"><Say>Press a key.</Say></Gather><Say>Too late.</Say></Response>`,
    });
    const target = await bareTarget(server.url);
    try {
      const result = await simulate(
        scenario({
          call: { from: '+14155550999', to: '+14155550000', studio: { flow: 'redirect-and-return.json', placeholders: { TWIML_SERVER: server.url } } },
          caller: { press: ['5'] },
          httpStubs: [{ url: 'https://hours.example.com/open?line=+14155550000', method: 'GET', body: { open: true } }],
        }),
        target,
      );
      expect(result.summary.studioPath).toEqual(['Trigger', 'hours', 'open_now', 'ivr', 'back']);
      expect(of(result, 'studio').find((s) => s.widget === 'ivr')).toMatchObject({ event: 'return', next: 'back' });
      expect(of(result, 'heard').map((h) => h.say)).toEqual(['Press a key.', 'Back in the flow, you chose 5.']);
      // The TwiML request was signed as Twilio signs, with the call's parameters.
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0].signature).toEqual(expect.any(String));
      expect(server.requests[0].form.get('From')).toBe('+14155550999');
    } finally {
      await server.close();
      await target.voiceApi.close();
    }
  });
});
