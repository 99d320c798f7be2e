import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  inProcessTarget,
  loadScenario,
  simulate,
  simulateInProcess,
  startAtVoiceApi,
  UnsupportedAtXmlError,
  WebhookError,
  type EntryOf,
  type SimulationResult,
  type TranscriptEntry,
} from '../../scripts/simulator';
import { ROOT, startLocalRuntime } from '../../scripts/local/local-runtime';
import { bareTarget, playShipped, scenario, SCENARIOS, twimlServer } from './helpers';

const AT_NUMBER = '+254711082000';
const ALICE = '+254712000001';
const BOB = '+254712000002';
const CALLER = '+254722999999';
const SESSION = /^ATVId_[0-9a-f]{32}$/;

const of = <K extends TranscriptEntry['kind']>(result: SimulationResult, kind: K): Array<EntryOf<K>> =>
  result.entries.filter((e): e is EntryOf<K> => e.kind === kind);

const AT_ENV = {
  DEFAULT_REGION: 'KE',
  AGENTS_FILE: './agents-ke.json',
  AT_USERNAME: 'helpdesk',
  AT_API_KEY: 'sim-at-api-key',
  AT_PHONE_NUMBER: AT_NUMBER,
  AT_CALLBACK_SECRET: 'sim-at-callback-secret',
};

/** An AT scenario written in the test, against the real system, with the Kenyan demo agents. */
const atScenario = (rest: Record<string, unknown>) =>
  loadScenarioFromData({ carrier: 'africastalking', env: AT_ENV, call: { from: CALLER, to: AT_NUMBER }, ...rest });

function loadScenarioFromData(data: Record<string, unknown>) {
  // Relative AGENTS_FILE resolves against scripts/scenarios, like the shipped scenarios.
  const s = scenario(data);
  return { ...s, baseDir: SCENARIOS };
}

describe("Africa's Talking scenarios, played in-process", () => {
  it('africastalking.yaml: AT dials every available agent at once (numbers and a browser client), bob picks up and is connected', async () => {
    const result = await playShipped('africastalking.yaml');
    expect(result.mismatches).toEqual([]);
    const [call] = of(result, 'call');
    expect(call).toMatchObject({ carrier: 'africastalking', how: 'inbound', from: CALLER, to: AT_NUMBER });
    expect(call.callSid).toMatch(SESSION);
    const [wave] = of(result, 'ring');
    expect(wave).toMatchObject({ wave: 1, via: 'dial' });
    expect(wave.targets).toEqual([
      { who: 'alice', number: ALICE, agentId: 'alice' },
      { who: 'bob', number: BOB, agentId: 'bob' },
      { who: 'wanjiru', number: 'helpdesk.wanjiru', agentId: 'wanjiru' },
    ]);
    // No whisper: the first to pick up is connected at once, the others are dropped.
    expect(of(result, 'pickup')).toEqual([expect.objectContaining({ t: 3, who: 'bob', voicemail: false })]);
    expect(of(result, 'leg-ended').map((e) => [e.who, e.status, e.t])).toEqual([
      ['alice', 'canceled', 3],
      ['wanjiru', 'canceled', 3],
    ]);
    expect(of(result, 'heard')).toEqual([]);
    expect(of(result, 'pressed')).toEqual([]);
    expect(of(result, 'bridged')).toEqual([expect.objectContaining({ t: 3, who: 'bob', with: 'caller' })]);
    expect(of(result, 'dial-ended')).toEqual([expect.objectContaining({ who: 'caller', status: 'completed', duration: 50 })]);
    expect(of(result, 'hangup')).toEqual([expect.objectContaining({ who: 'caller', by: 'party', status: 'completed' })]);
    // First request, the dialled-party re-post, the final notice; the secret is not shown.
    const posts = of(result, 'http');
    expect(posts.map((h) => h.purpose)).toEqual([
      "caller's AT session: first request",
      "caller's AT session: dialled party answered",
      "caller's AT session: final notice (NORMAL_CLEARING)",
    ]);
    expect(posts.every((h) => /\/africastalking\/voice\?key=\(22 characters\)$/.test(h.url) && h.status === 200)).toBe(true);
    const [helpdesk] = of(result, 'helpdesk');
    expect(helpdesk.events.map((e) => e.type)).toEqual(['started', 'answered', 'ended']);
    expect(helpdesk.events[0].detail).toMatchObject({ direction: 'in', from: CALLER, to: AT_NUMBER });
    expect(helpdesk.events[1].detail).toMatchObject({ agentId: 'bob', voicemail: false });
    expect(helpdesk.events[2].detail).toMatchObject({ cause: 'normalClearing', missedReason: null });
    expect(result.records[call.callSid]?.carrier).toBe('africastalking');
  });

  it('africastalking-voicemail.yaml: nobody available, the caller records a message, AT posts its URL, the system thanks them', async () => {
    const result = await playShipped('africastalking-voicemail.yaml');
    expect(result.mismatches).toEqual([]);
    expect(of(result, 'ring')).toEqual([]);
    expect(of(result, 'heard').map((h) => h.say ?? h.play)).toEqual([
      'Sorry, nobody can take your call right now. Please leave a message after the tone, then press the hash key.',
      '(beep)',
      'Thank you for your message. Goodbye.',
    ]);
    expect(of(result, 'pressed')).toEqual([expect.objectContaining({ who: 'caller', digits: '#' })]);
    const [recorded] = of(result, 'recorded');
    expect(recorded).toMatchObject({ who: 'caller', seconds: 12, transcript: null });
    expect(recorded.recordingUrl).toMatch(/^https:\/\/voice\.africastalking\.com\/recordings\/.+\.mp3$/);
    expect(of(result, 'transcribed')).toEqual([]);
    expect(of(result, 'http').map((h) => h.purpose)).toEqual([
      "caller's AT session: first request",
      "caller's AT session: recordingUrl",
      "caller's AT session: final notice (NORMAL_CLEARING)",
    ]);
    expect(of(result, 'hangup')).toEqual([expect.objectContaining({ who: 'caller', by: 'end-of-xml', status: 'completed' })]);
    const events = of(result, 'helpdesk')[0].events;
    expect(events.map((e) => e.type)).toEqual(['started', 'answered', 'voicemail', 'ended']);
    expect(events[1].detail).toMatchObject({ voicemail: true });
    expect(events[2].detail).toMatchObject({ recordingUrl: recorded.recordingUrl });
    expect(events[3].detail).toMatchObject({ cause: 'normalClearing', missedReason: 'voicemail' });
  });

  it('africastalking-click-to-call.yaml: the system calls bob through the Voice API; his session dials the customer', async () => {
    const result = await playShipped('africastalking-click-to-call.yaml');
    expect(result.mismatches).toEqual([]);
    const [call] = of(result, 'call');
    expect(call).toMatchObject({ how: 'click-to-call', carrier: 'africastalking', from: 'bob', to: '+254733555177' });
    expect(call.callSid).toMatch(SESSION);
    expect(of(result, 'ring').map((r) => [r.via, r.targets.map((t) => [t.who, t.number])])).toEqual([
      ['rest', [['bob', BOB]]],
      ['dial', [['customer', '+254733555177']]],
    ]);
    expect(of(result, 'pickup').map((p) => [p.who, p.t])).toEqual([
      ['bob', 2],
      ['customer', 13],
    ]);
    expect(of(result, 'heard')).toEqual([expect.objectContaining({ who: 'bob', say: expect.stringMatching(/^Connecting you to 2 5 4 7 3 3/) })]);
    expect(of(result, 'bridged')).toEqual([expect.objectContaining({ who: 'customer', with: 'bob' })]);
    expect(of(result, 'hangup').at(-1)).toMatchObject({ who: 'bob', by: 'party', status: 'completed' });
    const events = of(result, 'helpdesk')[0].events;
    expect(events.map((e) => e.type)).toEqual(['started', 'answered', 'ended']);
    expect(events[0].detail).toMatchObject({ direction: 'out', from: AT_NUMBER, to: '+254733555177' });
    expect(events[1].detail).toMatchObject({ agentId: 'bob' });
  });

  it('nobody picks up: the unanswered <Dial> falls through to the voicemail <Record>', async () => {
    const result = await simulateInProcess(
      atScenario({ caller: { leaveVoicemail: { seconds: 8, end: 'key' } }, agents: { alice: { neverAnswer: true }, bob: { busy: true }, wanjiru: { neverAnswer: true } } }),
      startLocalRuntime,
    );
    expect(of(result, 'leg-ended').map((e) => [e.who, e.status, e.t])).toEqual([
      ['bob', 'busy', 1],
      ['alice', 'no-answer', 30],
      ['wanjiru', 'no-answer', 30],
    ]);
    expect(of(result, 'dial-ended')).toEqual([expect.objectContaining({ status: 'no-answer', t: 30 })]);
    expect(of(result, 'recorded')).toEqual([expect.objectContaining({ seconds: 8 })]);
    expect(result.summary.helpdeskEvents).toEqual(['started', 'answered', 'voicemail', 'ended']);
    expect(result.summary.missedReason).toBe('voicemail');
  });

  it('the caller hangs up while the agents ring: ORIGINATOR_CANCEL, a call abandoned while ringing', async () => {
    const result = await simulateInProcess(atScenario({ caller: { hangUpAfter: 7 }, agents: { alice: { neverAnswer: true }, bob: { neverAnswer: true }, wanjiru: { neverAnswer: true } } }), startLocalRuntime);
    expect(of(result, 'leg-ended').map((e) => [e.who, e.status, e.t])).toEqual([
      ['alice', 'canceled', 7],
      ['bob', 'canceled', 7],
      ['wanjiru', 'canceled', 7],
    ]);
    expect(of(result, 'http').at(-1)?.purpose).toBe("caller's AT session: final notice (ORIGINATOR_CANCEL)");
    expect(result.summary.helpdeskEvents).toEqual(['started', 'ended']);
    expect(of(result, 'helpdesk')[0].events[1].detail).toMatchObject({ cause: 'cancel', missedReason: 'abandoned_while_ringing' });
  });

  it("a personal voicemail just connects (AT has no whisper), and the helpdesk logs that agent", async () => {
    const result = await simulateInProcess(atScenario({ caller: { talkSeconds: 20 }, agents: { alice: { personalVoicemail: true, answerAfter: 2 }, bob: { answerAfter: 5 } } }), startLocalRuntime);
    expect(of(result, 'pickup')).toEqual([expect.objectContaining({ who: 'alice', voicemail: true })]);
    expect(result.summary.winner).toBe('alice');
    expect(of(result, 'helpdesk')[0].events[1].detail).toMatchObject({ agentId: 'alice' });
  });
});

describe('Studio scenarios with the shipped flow (studio-flows/inbound.json)', () => {
  it('after-hours.yaml: always closed; closed greeting, a voicemail, events reported with missedReason out_of_hours', async () => {
    const result = await playShipped('after-hours.yaml');
    expect(result.mismatches).toEqual([]);
    expect(of(result, 'studio').find((s) => s.widget === 'is_open')).toMatchObject({ event: 'noMatch', next: 'closed_greeting' });
    expect(of(result, 'heard')[0].say).toMatch(/We are closed right now/);
    expect(of(result, 'ring')).toEqual([]);
    expect(of(result, 'recorded')).toEqual([expect.objectContaining({ who: 'caller', seconds: 11 })]);
    const events = of(result, 'helpdesk')[0].events;
    expect(events.map((e) => e.type).slice(0, 4)).toEqual(['started', 'answered', 'voicemail', 'ended']);
    expect(events[1].detail).toMatchObject({ voicemail: true });
    expect(events[3].detail).toMatchObject({ missedReason: 'out_of_hours' });
    expect(result.summary.missedReason).toBe('out_of_hours');
  });

  it('studio-ring-all.yaml: open; add-twiml-redirect to /voice/incoming rings both agents and alice accepts', async () => {
    const result = await playShipped('studio-ring-all.yaml');
    expect(result.mismatches).toEqual([]);
    expect(of(result, 'studio').find((s) => s.widget === 'is_open')).toMatchObject({ event: 'match', next: 'has_language_menu' });
    expect(of(result, 'studio').at(-1)).toMatchObject({ widget: 'route_call', type: 'add-twiml-redirect' });
    expect(result.summary.rang).toEqual([['alice', 'bob']]);
    expect(of(result, 'pressed')).toEqual([expect.objectContaining({ who: 'alice', digits: '1' })]);
    expect(of(result, 'bridged')).toEqual([expect.objectContaining({ who: 'alice', with: 'caller' })]);
    expect(result.summary.helpdeskEvents).toEqual(['started', 'answered', 'ended']);
  });
});

describe("Africa's Talking callbacks and XML, against a loopback server", () => {
  const AT = { carrier: 'africastalking', env: { AT_CALLBACK_SECRET: 'test-secret-0000', AT_USERNAME: 'helpdesk' }, call: { from: CALLER, to: AT_NUMBER } };

  async function playXml(routes: Record<string, string | ((form: URLSearchParams) => string)>, extra: Record<string, unknown> = {}) {
    const server = await twimlServer(routes);
    const target = await bareTarget(server.url);
    try {
      const result = await simulate(scenario({ ...AT, ...extra }), target);
      return { result, requests: server.requests };
    } finally {
      await server.close();
      await target.voiceApi.close();
    }
  }

  it('posts form-encoded callbacks as AT does: first request, dtmfDigits to the callbackUrl, the final notice with the dial', async () => {
    const { result, requests } = await playXml(
      {
        '/africastalking/voice': '<?xml version="1.0" encoding="UTF-8"?><Response><GetDigits numDigits="1" timeout="10" callbackUrl="/at/menu"><Say voice="woman">Press 1 for sales.</Say></GetDigits><Say>Nothing pressed.</Say></Response>',
        // The dialled-party-answered re-post gets an empty plan, as the system answers it.
        '/at/menu': (form) => (form.get('dialDestinationNumber') || form.get('isActive') === '0' ? '<Response/>' : '<Response><Say>Connecting.</Say><Dial phoneNumbers="+14155550101,+14155550102" sequential="true" callerId="+254711082000" maxDuration="40" ringBackTone="https://example.com/ring.mp3"/></Response>'),
      },
      { caller: { press: '1' }, agents: { alice: { busy: true }, '+14155550102': { personalVoicemail: true } } },
    );
    expect(requests.map((r) => [r.path, r.form.get('isActive'), r.form.get('dtmfDigits'), r.form.get('dialDestinationNumber')])).toEqual([
      ['/africastalking/voice', '1', null, null],
      ['/at/menu', '1', '1', null],
      ['/at/menu', '1', null, '+14155550102'],
      // The final notice follows the callbackUrl (AT's Record docs: it changes for the rest of the call).
      ['/at/menu', '0', null, '+14155550102'],
    ]);
    expect(requests.every((r) => r.query.get('key') === 'test-secret-0000' || r.path === '/at/menu')).toBe(true);
    expect(requests[0].query.get('key')).toBe('test-secret-0000');
    expect(requests.every((r) => r.contentType === 'application/x-www-form-urlencoded' && r.signature === undefined)).toBe(true);
    const first = Object.fromEntries(requests[0].form);
    expect(first).toMatchObject({ direction: 'Inbound', callerNumber: CALLER, destinationNumber: AT_NUMBER, callerCountryCode: 'KE', callSessionState: 'Ringing' });
    expect(first.sessionId).toMatch(SESSION);
    expect(first.callStartTime).toMatch(/^\d{4}-\d{2}-\d{2}\+\d{2}:\d{2}:\d{2}$/);
    expect(new Set(requests.map((r) => r.form.get('sessionId'))).size).toBe(1);
    const final = Object.fromEntries(requests[3].form);
    expect(final).toMatchObject({ hangupCause: 'NORMAL_CLEARING', currencyCode: 'KES', status: 'Success', callSessionState: 'Completed', dialDurationInSeconds: '40' });
    expect(Number(final.durationInSeconds)).toBeGreaterThan(40);
    expect(final.amount).toMatch(/^\d+\.\d{4}$/);
    expect(final.dialStartTime).toMatch(/^\d{4}-\d{2}-\d{2}\+/);
    // Sequential: alice (busy) first, then the number, whose personal voicemail is simply connected.
    expect(result.summary.rang).toEqual([['alice'], ['+14155550102']]);
    expect(of(result, 'pickup')).toEqual([expect.objectContaining({ who: '+14155550102', voicemail: true })]);
    expect(of(result, 'bridged')).toEqual([expect.objectContaining({ who: '+14155550102' })]);
    // maxDuration ends the conversation; <Dial> is terminal, so AT hangs up.
    expect(of(result, 'hangup').at(-1)).toMatchObject({ who: 'caller', by: 'end-of-xml' });
  });

  it('GetDigits without input falls through; Redirect, Enqueue with hold music, and a caller who gives up', async () => {
    const { result, requests } = await playXml(
      {
        '/africastalking/voice': '<Response><GetDigits timeout="5"><Play url="https://example.com/menu.mp3"/></GetDigits><Redirect>/at/queue</Redirect></Response>',
        '/at/queue': '<Response><Enqueue name="support" holdMusic="https://example.com/hold.mp3"/></Response>',
      },
      { caller: { queueWait: 45 } },
    );
    expect(of(result, 'no-input')).toEqual([expect.objectContaining({ who: 'caller', t: 10 })]);
    expect(of(result, 'queued')).toEqual([expect.objectContaining({ queue: 'support', position: 1 })]);
    expect(of(result, 'left-queue')).toEqual([expect.objectContaining({ result: 'hangup', t: 55 })]);
    expect(requests.map((r) => [r.path, r.form.get('isActive'), r.form.get('hangupCause')])).toEqual([
      ['/africastalking/voice', '1', null],
      ['/at/queue', '1', null],
      ['/at/queue', '0', 'NORMAL_CLEARING'],
    ]);
  });

  it('<Reject/> refuses the call unanswered: CALL_REJECTED, nothing charged', async () => {
    const { result, requests } = await playXml({ '/africastalking/voice': '<Response><Reject/></Response>' });
    expect(of(result, 'hangup')).toEqual([expect.objectContaining({ by: 'reject', status: 'busy' })]);
    expect(Object.fromEntries(requests[1].form)).toMatchObject({ isActive: '0', hangupCause: 'CALL_REJECTED', durationInSeconds: '0', amount: '0.0000', status: 'Aborted' });
  });

  it('a terminal <Record/> sends its recordingUrl with the final notice', async () => {
    const { result, requests } = await playXml({ '/africastalking/voice': '<Response><Say>Speak now.</Say><Record/></Response>' }, { caller: { leaveVoicemail: { seconds: 9 } } });
    expect(of(result, 'recorded')).toEqual([expect.objectContaining({ seconds: 9 })]);
    expect(requests.at(-1)?.form.get('recordingUrl')).toBe(of(result, 'recorded')[0].recordingUrl);
  });

  it('an action AT does not have, or an attribute that is not modelled, fails loudly naming it', async () => {
    await expect(playXml({ '/africastalking/voice': '<Response><Say>Bye</Say><Hangup/></Response>' })).rejects.toThrow(UnsupportedAtXmlError);
    await expect(playXml({ '/africastalking/voice': '<Response><Hangup/></Response>' })).rejects.toThrow(/<Hangup> \(from http:\/\/127\.0\.0\.1:\d+\/africastalking\/voice\?key=test-secret-0000\) is not an Africa's Talking action the simulator plays/);
    await expect(playXml({ '/africastalking/voice': '<Response><Dial phoneNumbers="+14155550101" timeout="20"/></Response>' })).rejects.toThrow(/the attribute timeout of <Dial> is not simulated/);
    await expect(playXml({ '/africastalking/voice': '<Response><GetDigits><Say>a</Say><Say>b</Say></GetDigits></Response>' })).rejects.toThrow(/takes one prompt/);
    await expect(playXml({ '/africastalking/voice': '<Response><Say>Hi</Say><Reject/></Response>' })).rejects.toThrow(/<Reject\/>.*first action/);
    await expect(playXml({ '/africastalking/voice': '<Response><Record/><Say>never</Say></Response>' })).rejects.toThrow(/terminal/);
    await expect(playXml({ '/africastalking/voice': '' })).rejects.toThrow(WebhookError);
  });
});

describe("Africa's Talking: a wrong callback key", () => {
  it('is a loud 403 error naming AT_CALLBACK_SECRET', async () => {
    const atApi = await startAtVoiceApi('sim-at-api-key');
    const s = loadScenario(join(SCENARIOS, 'africastalking.yaml'));
    const runtime = await startLocalRuntime({ env: { ...AT_ENV, AGENTS_FILE: join(SCENARIOS, 'agents-ke.json'), AT_API_URL: atApi.url } });
    try {
      const target = inProcessTarget(runtime);
      // The simulator takes the secret from the system's configuration, as it takes AUTH_TOKEN.
      const wrong = { ...target, config: { ...target.config!, values: { ...target.config!.values, AT_CALLBACK_SECRET: 'not-the-secret' } } };
      const run = simulate({ ...s, env: {} }, wrong);
      await expect(run).rejects.toThrow(WebhookError);
      await expect(simulate({ ...s, env: {} }, wrong)).rejects.toThrow(/answered 403 Forbidden: the key in the callback URL is not the system's AT_CALLBACK_SECRET/);
    } finally {
      await runtime.close();
      await atApi.close();
    }
  });
});

describe('the simulator README', () => {
  it('lists every shipped scenario with its command', () => {
    const readme = readFileSync(join(ROOT, 'scripts/simulator/README.md'), 'utf8');
    for (const file of readdirSync(SCENARIOS).filter((f) => /\.ya?ml$/.test(f))) {
      expect(readme).toMatch(new RegExp(`npm run simulate -- (--in-process )?scripts/scenarios/${file.replace('.', '\\.')}`));
    }
  });
});
