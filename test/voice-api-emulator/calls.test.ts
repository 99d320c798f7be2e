/** Calls.json and Calls/{Sid}.json over raw HTTP: validation, the call resource, updates and the list. */
import { ACCOUNT_SID, asError, type HttpResult } from '../support/emulator-http';
import {
  AGENT,
  APP_URL,
  CALLS_PATH,
  CUSTOMER,
  ManualClock,
  TWILIO_NUMBER,
  asCall,
  asPage,
  callPath,
  startEmulator,
  type CallBody,
  type PageBody,
  type Started,
} from './helpers';

const clock = new ManualClock();
let env: Started;

beforeAll(async () => {
  env = await startEmulator({ now: clock.now, callsPerSecond: false });
});

afterAll(async () => {
  await env.emulator.close();
});

async function listCalls(query: string): Promise<PageBody & { calls: CallBody[] }> {
  return asPage<'calls', CallBody>(await env.voice.call('GET', `${CALLS_PATH}?${query}`), 'calls');
}

function expectError(result: HttpResult, status: number, code: number): void {
  expect({ status: result.status, code: asError(result).code }).toEqual({ status, code });
  expect(asError(result)).toMatchObject({ status, more_info: `https://www.twilio.com/docs/errors/${code}` });
  expect(result.headers['content-type']).toBe('application/json');
}

async function createdSid(form: Record<string, string> = {}): Promise<string> {
  const result = await env.voice.createCall(form);
  expect(result.status).toBe(201);
  return asCall(result).sid;
}

describe('POST Calls.json', () => {
  it('answers 201 with the full call resource, queued, RFC 2822 dates and relative URIs', async () => {
    const result = await env.voice.createCall();
    expect(result.status).toBe(201);
    const call = asCall(result);
    const base = `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${call.sid}`;
    expect(call).toMatchObject({
      account_sid: ACCOUNT_SID,
      status: 'queued',
      to: AGENT,
      to_formatted: '(415) 555-0101',
      from: TWILIO_NUMBER,
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: 'Mon, 23 Nov 2026 18:00:00 +0000',
      date_updated: 'Mon, 23 Nov 2026 18:00:00 +0000',
      start_time: null,
      end_time: null,
      duration: null,
      parent_call_sid: null,
      queue_time: '0',
      uri: `${base}.json`,
    });
    expect(call.subresource_uris.recordings).toBe(`${base}/Recordings.json`);
    expect(Object.keys(call.subresource_uris)).toHaveLength(9);
  });

  it('requires To (21201) and From (21213), and validates them', async () => {
    expectError(await env.voice.createCall({}, ['To']), 400, 21201);
    expectError(await env.voice.createCall({ To: '' }), 400, 21201);
    expectError(await env.voice.createCall({}, ['From']), 400, 21213);
    expectError(await env.voice.createCall({ To: '4155550101' }), 400, 21211);
    expectError(await env.voice.createCall({ To: 'bob' }), 400, 21211);
    expectError(await env.voice.createCall({ From: 'client:alice' }), 400, 21212);
    expect(asError(await env.voice.createCall({}, ['To'])).message).toBe("No 'To' number is specified");
  });

  it('accepts E.164, client: and sip: destinations', async () => {
    for (const to of [CUSTOMER, 'client:alice', 'sip:alice@example.sip.twilio.com']) {
      const result = await env.voice.createCall({ To: to });
      expect(result.status).toBe(201);
      expect(asCall(result).to).toBe(to);
    }
    // Towards a client, the caller id need not be a phone number.
    expect((await env.voice.createCall({ To: 'client:alice', From: 'client:support' })).status).toBe(201);
  });

  it('needs one of Url, Twiml or ApplicationSid (21205), with the documented precedence', async () => {
    const missing = await env.voice.createCall({}, ['Url']);
    expectError(missing, 400, 21205);
    expect(asError(missing).message).toMatch(/^Url parameter is required/);

    const twimlOnly = asCall(await env.voice.createCall({ Twiml: '<Response><Say>hi</Say></Response>' }, ['Url']));
    expect(env.emulator.call(twimlOnly.sid)).toMatchObject({ url: null, twiml: '<Response><Say>hi</Say></Response>' });

    // "If both twiml and url are provided then twiml parameter will be ignored."
    const both = asCall(await env.voice.createCall({ Twiml: '<Response/>' }));
    expect(env.emulator.call(both.sid)).toMatchObject({ url: APP_URL, twiml: null, params: { Twiml: '<Response/>' } });

    // An application takes over the instructions and the status callback.
    const app = `AP${'1'.repeat(32)}`;
    const viaApp = asCall(await env.voice.createCall({ ApplicationSid: app, StatusCallback: 'http://127.0.0.1/s' }));
    expect(env.emulator.call(viaApp.sid)).toMatchObject({
      applicationSid: app,
      url: null,
      statusCallback: null,
      statusCallbackEvents: [],
    });
    expectError(await env.voice.createCall({ ApplicationSid: 'AP123' }, ['Url']), 400, 21218);
  });

  it('validates Url, Twiml length, methods, callbacks, events, Timeout and MachineDetection', async () => {
    expectError(await env.voice.createCall({ Url: 'not a url' }), 400, 21205);
    expectError(await env.voice.createCall({ Url: 'ftp://example.com/x' }), 400, 21205);
    expectError(await env.voice.createCall({ Twiml: 'x'.repeat(4001) }, ['Url']), 400, 32018);
    expect((await env.voice.createCall({ Twiml: 'x'.repeat(4000) }, ['Url'])).status).toBe(201);
    expectError(await env.voice.createCall({ Method: 'PUT' }), 400, 21200);
    expectError(await env.voice.createCall({ StatusCallback: 'nope' }), 400, 21200);
    const events: Array<[string, string]> = [
      ['StatusCallbackEvent', 'answered'],
      ['StatusCallbackEvent', 'hangup'],
    ];
    expectError(await env.voice.createCall(events), 400, 21200);
    expectError(await env.voice.createCall({ Timeout: '601' }), 400, 21200);
    expectError(await env.voice.createCall({ Timeout: '0' }), 400, 21200);
    expectError(await env.voice.createCall({ Timeout: 'ten' }), 400, 21200);
    expectError(await env.voice.createCall({ MachineDetection: 'Maybe' }), 400, 21200);
  });

  it('records defaults and options: Timeout 60, POST methods, completed-only callbacks, caller id, AMD', async () => {
    const plain = asCall(await env.voice.createCall({ StatusCallback: 'http://127.0.0.1/s' }));
    expect(env.emulator.call(plain.sid)).toMatchObject({
      timeout: 60,
      method: 'POST',
      statusCallbackMethod: 'POST',
      statusCallbackEvents: ['completed'],
    });
    expect(env.emulator.call(plain.sid)).not.toHaveProperty('callerId');

    const tuned = asCall(
      await env.voice.createCall({
        Timeout: '600',
        Method: 'get',
        StatusCallback: 'http://127.0.0.1/s',
        StatusCallbackMethod: 'GET',
        StatusCallbackEvent: 'initiated ringing',
        CallerId: '+14155550100',
        MachineDetection: 'DetectMessageEnd',
      }),
    );
    expect(env.emulator.call(tuned.sid)).toMatchObject({
      timeout: 600,
      method: 'GET',
      statusCallbackMethod: 'GET',
      statusCallbackEvents: ['initiated', 'ringing'],
      callerId: '+14155550100',
      machineDetection: 'DetectMessageEnd',
    });
    // Without a StatusCallback there is nothing to report to.
    expect(env.emulator.call(await createdSid())?.statusCallbackEvents).toEqual([]);
  });
});

describe('GET and POST Calls/{Sid}.json', () => {
  it('fetches a call and answers 404 / 20404 for an unknown or malformed sid', async () => {
    const sid = await createdSid();
    const fetched = await env.voice.call('GET', callPath(sid));
    expect(fetched.status).toBe(200);
    expect(asCall(fetched).sid).toBe(sid);
    expectError(await env.voice.call('GET', callPath(`CA${'0'.repeat(32)}`)), 404, 20404);
    expectError(await env.voice.call('GET', callPath('nope')), 404, 20404);
    expectError(await env.voice.updateCall(`CA${'0'.repeat(32)}`, { Status: 'completed' }), 404, 20404);
  });

  it('redirects a call in progress with Url or Twiml (not both), recording every accepted update', async () => {
    const sid = await createdSid();
    env.emulator.setCallStatus(sid, 'in-progress');
    clock.advance(1000);
    const redirected = await env.voice.updateCall(sid, { Url: 'http://127.0.0.1:3000/next', Method: 'GET' });
    expect(redirected.status).toBe(200);
    expect(asCall(redirected).date_updated).toBe('Mon, 23 Nov 2026 18:00:01 +0000');
    expect(env.emulator.call(sid)).toMatchObject({ url: 'http://127.0.0.1:3000/next', method: 'GET', twiml: null });

    expectError(await env.voice.updateCall(sid, { Url: APP_URL, Twiml: '<Response/>' }), 400, 21200);
    expect((await env.voice.updateCall(sid, { Twiml: '<Response><Hangup/></Response>' })).status).toBe(200);
    expect(env.emulator.call(sid)).toMatchObject({ url: null, twiml: '<Response><Hangup/></Response>' });
    expect(env.emulator.call(sid)?.updates.map((update) => update.params)).toEqual([
      { Url: 'http://127.0.0.1:3000/next', Method: 'GET' },
      { Twiml: '<Response><Hangup/></Response>' },
    ]);
  });

  it('refuses to redirect a call that is not in progress (21220)', async () => {
    const sid = await createdSid();
    expectError(await env.voice.updateCall(sid, { Url: APP_URL }), 400, 21220);
    env.emulator.setCallStatus(sid, 'ringing');
    expectError(await env.voice.updateCall(sid, { Twiml: '<Response/>' }), 400, 21220);
    expect(env.emulator.call(sid)?.updates).toEqual([]);
  });

  it('cancels a queued or ringing call, and leaves a call in progress alone', async () => {
    const queued = await createdSid();
    const canceled = await env.voice.updateCall(queued, { Status: 'canceled' });
    expect(asCall(canceled)).toMatchObject({ status: 'canceled', end_time: null, duration: null });

    const ringing = await createdSid();
    env.emulator.setCallStatus(ringing, 'ringing');
    expect(asCall(await env.voice.updateCall(ringing, { Status: 'canceled' })).status).toBe('canceled');

    const live = await createdSid();
    env.emulator.setCallStatus(live, 'in-progress');
    const untouched = await env.voice.updateCall(live, { Status: 'canceled' });
    expect(untouched.status).toBe(200);
    expect(asCall(untouched).status).toBe('in-progress');
    expect(env.emulator.call(live)?.updates).toHaveLength(1);
  });

  it('completes a call in progress with its duration, and cancels one not yet answered', async () => {
    const live = await createdSid();
    env.emulator.setCallStatus(live, 'ringing');
    clock.advance(2000);
    env.emulator.setCallStatus(live, 'in-progress');
    clock.advance(42_000);
    const completed = asCall(await env.voice.updateCall(live, { Status: 'completed' }));
    expect(completed).toMatchObject({
      status: 'completed',
      duration: '42',
      start_time: 'Mon, 23 Nov 2026 18:00:01 +0000',
      end_time: 'Mon, 23 Nov 2026 18:00:45 +0000',
    });

    const ringing = await createdSid();
    env.emulator.setCallStatus(ringing, 'ringing');
    expect(asCall(await env.voice.updateCall(ringing, { Status: 'completed' })).status).toBe('canceled');
  });

  it('answers 21220 to a hang-up of a call that has ended, and 21200 to an unknown Status', async () => {
    const sid = await createdSid();
    env.emulator.setCallStatus(sid, 'no-answer');
    expectError(await env.voice.updateCall(sid, { Status: 'completed' }), 400, 21220);
    expectError(await env.voice.updateCall(sid, { Status: 'canceled' }), 400, 21220);
    expectError(await env.voice.updateCall(await createdSid(), { Status: 'busy' }), 400, 21200);
    // A callback change alone is not a realtime operation and is accepted.
    expect((await env.voice.updateCall(sid, { StatusCallback: 'http://127.0.0.1/late' })).status).toBe(200);
    expect(env.emulator.call(sid)?.statusCallback).toBe('http://127.0.0.1/late');
  });
});

describe('GET Calls.json', () => {
  it('lists newest first with the 2010 paging envelope and relative page URIs', async () => {
    const fresh = await startEmulator({ now: clock.now, callsPerSecond: false });
    try {
      const sids: string[] = [];
      for (let i = 0; i < 5; i++) sids.push(asCall(await fresh.voice.createCall()).sid);
      const newestFirst = [...sids].reverse();

      const first = asPage<'calls', CallBody>(await fresh.voice.call('GET', `${CALLS_PATH}?PageSize=2`), 'calls');
      expect(first.calls.map((c) => c.sid)).toEqual(newestFirst.slice(0, 2));
      expect(first).toMatchObject({
        page: 0,
        page_size: 2,
        start: 0,
        end: 1,
        previous_page_uri: null,
        uri: `${CALLS_PATH}?PageSize=2&Page=0`,
        first_page_uri: `${CALLS_PATH}?PageSize=2&Page=0`,
      });
      expect(first.next_page_uri).toMatch(/^\/2010-04-01\/Accounts\/AC\w{32}\/Calls\.json\?PageSize=2&Page=1&PageToken=PA\d+$/);

      const seen = [...first.calls.map((c) => c.sid)];
      let next = first.next_page_uri;
      let previous: string | null = null;
      for (let pages = 0; next !== null && pages < 10; pages++) {
        const page = asPage<'calls', CallBody>(await fresh.voice.call('GET', next), 'calls');
        seen.push(...page.calls.map((c) => c.sid));
        previous = page.previous_page_uri;
        next = page.next_page_uri;
      }
      expect(seen).toEqual(newestFirst);
      expect(previous).not.toBeNull();
      const back = asPage<'calls', CallBody>(await fresh.voice.call('GET', previous ?? ''), 'calls');
      expect(back.calls.map((c) => c.sid)).toEqual(newestFirst.slice(2, 4));
    } finally {
      await fresh.emulator.close();
    }
  });

  it('filters by To, From, Status and start date, echoing the filters on the page URIs', async () => {
    const target = '+14155550177';
    const sid = asCall(await env.voice.createCall({ To: target })).sid;
    env.emulator.setCallStatus(sid, 'in-progress');
    const to = `To=${encodeURIComponent(target)}`;
    const byTo = await listCalls(to);
    expect(byTo.calls.map((c) => c.sid)).toEqual([sid]);
    expect(byTo.uri).toBe(`${CALLS_PATH}?To=%2B14155550177&PageSize=50&Page=0`);

    expect((await listCalls(`Status=in-progress&${to}`)).calls).toHaveLength(1);
    expect((await listCalls(`StartTime=2026-11-23&${to}`)).calls).toHaveLength(1);
    expect((await listCalls(`StartTime%3E=2026-11-23&${to}`)).calls).toHaveLength(1);
    expect((await listCalls('StartTime%3C=2026-11-23')).calls).toHaveLength(0);
    expect((await listCalls(`EndTime=2026-11-23&${to}`)).calls).toHaveLength(0);
    const fromOther = await listCalls('From=%2B19999999999');
    expect(fromOther.calls).toEqual([]);
    expect(fromOther).toMatchObject({ start: 0, end: 0, next_page_uri: null });

    expectError(await env.voice.call('GET', `${CALLS_PATH}?Status=ended`), 400, 20001);
    expectError(await env.voice.call('GET', `${CALLS_PATH}?PageSize=1001`), 400, 20007);
    expectError(await env.voice.call('GET', `${CALLS_PATH}?PageToken=bogus`), 400, 20001);
  });
});

describe('CPS pacing', () => {
  it('gives each create a slot 1/cps after the previous one and counts early arrivals', async () => {
    const pacedClock = new ManualClock();
    const paced = await startEmulator({ now: pacedClock.now, callsPerSecond: 2 });
    try {
      const t0 = pacedClock.ms;
      const sids: string[] = [];
      for (let i = 0; i < 3; i++) sids.push(asCall(await paced.voice.createCall()).sid);
      pacedClock.advance(5000); // long after the queue drained: the next one starts at once
      sids.push(asCall(await paced.voice.createCall()).sid);

      expect(sids.map((sid) => paced.emulator.call(sid)?.startAt)).toEqual([t0, t0 + 500, t0 + 1000, t0 + 5000]);
      expect(paced.emulator.stats()).toEqual({ callsCreated: 4, cpsViolations: 2, requests: 4 });
      const third = asCall(await paced.voice.call('GET', callPath(sids[2] ?? '')));
      expect(third.queue_time).toBe('1000');
      expect(third.status).toBe('queued');
    } finally {
      await paced.emulator.close();
    }
  });

  it('records no pacing when callsPerSecond is false', async () => {
    const sids = [await createdSid(), await createdSid()];
    expect(sids.map((sid) => env.emulator.call(sid)?.startAt)).toEqual([clock.ms, clock.ms]);
    expect(env.emulator.stats().cpsViolations).toBe(0);
  });

  it('refuses a callsPerSecond that is not a positive number', async () => {
    await expect(startEmulator({ callsPerSecond: 0 })).rejects.toThrow(/callsPerSecond/);
  });
});

describe('the simulator API for calls', () => {
  it('moves a call forward only and snapshots what it returns', async () => {
    const sid = await createdSid();
    expect(() => env.emulator.setCallStatus(sid, 'completed')).toThrow(/cannot move from queued to completed/);
    env.emulator.setCallStatus(sid, 'ringing');
    env.emulator.setCallStatus(sid, 'ringing'); // no-op
    expect(() => env.emulator.setCallStatus(sid, 'queued')).toThrow(/cannot move/);
    env.emulator.setCallStatus(sid, 'in-progress');
    env.emulator.setCallStatus(sid, 'completed', { duration: 7 });
    expect(asCall(await env.voice.call('GET', callPath(sid))).duration).toBe('7');
    expect(() => env.emulator.setCallStatus(sid, 'failed')).toThrow(/cannot move/);
    expect(() => env.emulator.setCallStatus(`CA${'f'.repeat(32)}`, 'ringing')).toThrow(/No call/);

    const snapshot = env.emulator.call(sid);
    if (snapshot) snapshot.status = 'queued';
    expect(env.emulator.call(sid)?.status).toBe('completed');
  });

  it('keeps answering when a listener throws, and stops calling a listener once unsubscribed', async () => {
    const report = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: string[] = [];
    const stopBroken = env.emulator.onCallCreated(() => {
      throw new Error('simulator bug');
    });
    const stopSeen = env.emulator.onCallCreated((created) => seen.push(created.sid));
    try {
      const sid = await createdSid();
      expect(seen).toEqual([sid]);
      expect(report).toHaveBeenCalledTimes(1);
    } finally {
      stopBroken();
      stopSeen();
      report.mockRestore();
    }
    await createdSid();
    expect(seen).toHaveLength(1);
  });

  it('registers inbound calls that the product can then fetch and hang up', async () => {
    const inbound = env.emulator.addInboundCall({ from: CUSTOMER, to: TWILIO_NUMBER });
    expect(inbound).toMatchObject({ direction: 'inbound', status: 'ringing', from: CUSTOMER });
    const fetched = asCall(await env.voice.call('GET', callPath(inbound.sid)));
    expect(fetched).toMatchObject({ direction: 'inbound', status: 'ringing', start_time: fetched.date_created });
    expect(asCall(await env.voice.updateCall(inbound.sid, { Status: 'canceled' })).status).toBe('canceled');
    const outbound = env.emulator.calls().filter((c) => c.direction === 'outbound-api');
    expect(env.emulator.stats().callsCreated).toBe(outbound.length);
  });
});
