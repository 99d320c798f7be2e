/**
 * The official twilio client, unchanged, against the emulator: only its request URIs are rewritten,
 * through the documented `httpClient` option (as src/store/twilio-client.ts does for Sync).
 */
import twilio from 'twilio';
import type { DequeueEvent, EmulatedCall } from '../../scripts/voice-api-emulator';
import { ACCOUNT_SID } from '../support/emulator-http';
import {
  AGENT,
  APP_URL,
  CUSTOMER,
  ManualClock,
  TWILIO_NUMBER,
  officialClient,
  rejectionOf,
  startEmulator,
  type Started,
} from './helpers';

const clock = new ManualClock();
let env: Started;
let client: twilio.Twilio;

beforeAll(async () => {
  env = await startEmulator({ now: clock.now, credentials: { username: ACCOUNT_SID, password: 'test-token' } });
  client = officialClient(env.emulator);
});

afterAll(async () => {
  await env.emulator.close();
});

describe('official twilio client against the Voice API emulator', () => {
  it('creates a call with status callbacks and gets a queued CallInstance', async () => {
    const created: EmulatedCall[] = [];
    const stop = env.emulator.onCallCreated((call) => created.push(call));

    const call = await client.calls.create({
      to: AGENT,
      from: TWILIO_NUMBER,
      url: APP_URL,
      statusCallback: 'http://127.0.0.1:3000/voice/status',
      statusCallbackEvent: ['initiated', 'answered', 'completed'],
    });
    stop();

    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe('queued');
    expect(call.accountSid).toBe(ACCOUNT_SID);
    expect(call.to).toBe(AGENT);
    expect(call.toFormatted).toBe('(415) 555-0101');
    expect(call.direction).toBe('outbound-api');
    expect(call.dateCreated).toEqual(new Date(clock.ms));
    expect(call.startTime).toBeNull();

    expect(created.map((c) => c.sid)).toEqual([call.sid]);
    expect(env.emulator.call(call.sid)).toMatchObject({
      status: 'queued',
      url: APP_URL,
      method: 'POST',
      twiml: null,
      statusCallback: 'http://127.0.0.1:3000/voice/status',
      statusCallbackEvents: ['initiated', 'answered', 'completed'],
      statusCallbackMethod: 'POST',
      timeout: 60,
      params: { StatusCallbackEvent: ['initiated', 'answered', 'completed'] },
    });
  });

  it('records an update of a live call made through calls(sid).update', async () => {
    const call = await client.calls.create({ to: CUSTOMER, from: TWILIO_NUMBER, url: APP_URL });
    env.emulator.setCallStatus(call.sid, 'ringing');
    env.emulator.setCallStatus(call.sid, 'in-progress');

    const twiml = '<Response><Say>Connecting you</Say><Dial><Queue>support</Queue></Dial></Response>';
    const updated = await client.calls(call.sid).update({ twiml });
    expect(updated.status).toBe('in-progress');
    expect(updated.startTime).toEqual(new Date(clock.ms));

    const recorded = env.emulator.call(call.sid);
    expect(recorded?.twiml).toBe(twiml);
    expect(recorded?.url).toBeNull();
    expect(recorded?.updates).toEqual([{ at: clock.ms, params: { Twiml: twiml } }]);

    const fetched = await client.calls(call.sid).fetch();
    expect(fetched.status).toBe('in-progress');
    const ended = await client.calls(call.sid).update({ status: 'completed' });
    expect(ended.status).toBe('completed');
  });

  it('dequeues the front caller of a queue and tells the simulator which call and where to', async () => {
    const queue = await client.queues.create({ friendlyName: 'support' });
    expect(queue.sid).toMatch(/^QU[0-9a-f]{32}$/);
    expect(queue).toMatchObject({ friendlyName: 'support', maxSize: 1000, currentSize: 0 });

    const first = env.emulator.addInboundCall({ from: CUSTOMER, to: TWILIO_NUMBER, status: 'in-progress' });
    const second = env.emulator.addInboundCall({ from: '+14155550198', to: TWILIO_NUMBER, status: 'in-progress' });
    env.emulator.enqueue('support', first.sid);
    env.emulator.enqueue('support', second.sid);
    expect((await client.queues(queue.sid).fetch()).currentSize).toBe(2);

    const events: DequeueEvent[] = [];
    const stop = env.emulator.onDequeue((event) => events.push(event));
    const member = await client.queues(queue.sid).members('Front').update({ url: 'http://127.0.0.1:3000/voice/bridge' });
    stop();

    expect(member).toMatchObject({ callSid: first.sid, queueSid: queue.sid, position: 1 });
    expect(events).toEqual([
      { queueSid: queue.sid, callSid: first.sid, url: 'http://127.0.0.1:3000/voice/bridge', method: 'POST' },
    ]);
    const left = await client.queues(queue.sid).members.list();
    expect(left.map((m) => [m.callSid, m.position])).toEqual([[second.sid, 1]]);
    expect(env.emulator.call(first.sid)?.url).toBe('http://127.0.0.1:3000/voice/bridge');
  });

  it('rejects a create without To with a RestException carrying 21201', async () => {
    // The client refuses an undefined `to` itself, before any request; an empty one reaches the API.
    const rejection = await rejectionOf(client.calls.create({ to: '', from: TWILIO_NUMBER, url: APP_URL }));
    expect(rejection).toBeInstanceOf(twilio.RestException);
    expect(rejection).toMatchObject({ status: 400, code: 21201, moreInfo: 'https://www.twilio.com/docs/errors/21201' });

    const noFrom = await rejectionOf(client.calls.create({ to: AGENT, from: '', url: APP_URL }));
    expect(noFrom).toMatchObject({ status: 400, code: 21213 });
  });

  it('paces two creates in the same millisecond 1000 ms apart at 1 CPS and counts one violation', async () => {
    const paced = await startEmulator({ now: clock.now, callsPerSecond: 1 });
    try {
      const pacedClient = officialClient(paced.emulator);
      const [a, b] = await Promise.all([
        pacedClient.calls.create({ to: AGENT, from: TWILIO_NUMBER, url: APP_URL }),
        pacedClient.calls.create({ to: CUSTOMER, from: TWILIO_NUMBER, url: APP_URL }),
      ]);
      const starts = [a, b].map((call) => paced.emulator.call(call.sid)?.startAt ?? Number.NaN).sort((x, y) => x - y);
      expect(starts).toEqual([clock.ms, clock.ms + 1000]);
      expect(paced.emulator.stats()).toMatchObject({ callsCreated: 2, cpsViolations: 1 });
      // queue_time reports the pacing delay of the second call.
      expect([a.queueTime, b.queueTime].sort()).toEqual(['0', '1000']);
    } finally {
      await paced.emulator.close();
    }
  });

  it('lists every call, inbound too, newest first across pages by following next_page_uri', async () => {
    const listed = await client.calls.list({ pageSize: 1 });
    const all = env.emulator.calls().map((call) => call.sid);
    expect(all).toHaveLength(4);
    expect(listed.map((call) => call.sid)).toEqual([...all].reverse());
    const onlyCompleted = await client.calls.list({ status: 'completed' });
    expect(onlyCompleted).toHaveLength(1);
  });
});
