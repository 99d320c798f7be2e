/** The control API (/_emulator/…): the in-process simulator methods, over loopback JSON. */
import type { DequeueEvent, EmulatedCall, QueueSnapshot } from '../../scripts/voice-api-emulator';
import { ACCOUNT_SID, AUTH_TOKEN } from '../support/emulator-http';
import { AGENT, APP_URL, asCall, CUSTOMER, TWILIO_NUMBER, startEmulator, type Started } from './helpers';

let env: Started;

beforeAll(async () => {
  env = await startEmulator({ credentials: { username: ACCOUNT_SID, password: AUTH_TOKEN }, callsPerSecond: false });
});

afterAll(async () => {
  await env.emulator.close();
});

/** What the control API answers: one of its lists, a call, a queue, or an error body. */
type Reply = Record<string, unknown> & { calls?: EmulatedCall[]; queues?: QueueSnapshot[]; dequeues?: DequeueEvent[] };

const BASIC = 'Basic ' + Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');

async function control(method: string, path: string, body?: unknown, auth: string | null = BASIC): Promise<{ status: number; json: Reply }> {
  const headers: Record<string, string> = {};
  if (auth) headers.Authorization = auth;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${env.emulator.url}/_emulator/${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as Reply };
}

describe('the control API', () => {
  it('lists calls with their instructions and callbacks, as calls() does', async () => {
    const created = asCall(
      await env.voice.createCall([
        ['StatusCallback', 'http://127.0.0.1:3000/voice/status'],
        ['StatusCallbackEvent', 'ringing'],
        ['StatusCallbackEvent', 'answered'],
        ['Timeout', '15'],
      ]),
    );
    const listed = await control('GET', 'calls');
    expect(listed.status).toBe(200);
    const call = listed.json.calls!.find((c) => c.sid === created.sid);
    expect(call).toMatchObject({
      direction: 'outbound-api',
      to: AGENT,
      from: TWILIO_NUMBER,
      url: APP_URL,
      method: 'POST',
      statusCallback: 'http://127.0.0.1:3000/voice/status',
      statusCallbackEvents: ['ringing', 'answered'],
      timeout: 15,
      status: 'queued',
    });
    expect(listed.json.calls).toEqual(env.emulator.calls());
    expect((await control('GET', `calls/${created.sid}`)).json).toEqual(env.emulator.call(created.sid));
  });

  it('registers an inbound call, enqueues it, moves it and lets it leave the queue', async () => {
    const added = await control('POST', 'inbound-calls', { from: CUSTOMER, to: TWILIO_NUMBER });
    expect(added.status).toBe(201);
    const sid = (added.json as unknown as EmulatedCall).sid;
    expect(env.emulator.call(sid)).toMatchObject({ direction: 'inbound', status: 'ringing', from: CUSTOMER, to: TWILIO_NUMBER });

    const moved = await control('POST', `calls/${sid}/status`, { status: 'in-progress' });
    expect(moved.status).toBe(200);
    expect(moved.json.status).toBe('in-progress');

    const queued = await control('POST', 'queues/support/members', { callSid: sid });
    expect(queued.status).toBe(200);
    expect((queued.json as unknown as QueueSnapshot).members.map((m) => m.callSid)).toEqual([sid]);
    expect(env.emulator.queues().find((q) => q.friendlyName === 'support')?.members).toHaveLength(1);
    expect((await control('GET', 'queues')).json.queues!.map((q) => q.friendlyName)).toContain('support');

    expect((await control('DELETE', `queue-members/${sid}`)).status).toBe(204);
    expect(env.emulator.queues().find((q) => q.friendlyName === 'support')?.members).toEqual([]);
    // Leaving when in no queue is no error, as leaveQueue().
    expect((await control('DELETE', `queue-members/${sid}`)).status).toBe(204);

    expect((await control('POST', `calls/${sid}/status`, { status: 'completed', duration: 12 })).json.status).toBe('completed');
  });

  it('lists REST dequeues', async () => {
    const sid = env.emulator.addInboundCall({ from: CUSTOMER, to: TWILIO_NUMBER, status: 'in-progress' }).sid;
    env.emulator.enqueue('dq', sid);
    const queueSid = env.emulator.queues().find((q) => q.friendlyName === 'dq')!.sid;
    expect((await env.voice.dequeue(queueSid, 'Front')).status).toBe(200);
    const { json } = await control('GET', 'dequeues');
    expect(json.dequeues).toContainEqual({ queueSid, callSid: sid, url: APP_URL, method: 'POST' });
  });

  it('answers misuse with Twilio-shaped errors', async () => {
    const unknown = `CA${'7'.repeat(32)}`;
    expect((await control('POST', `calls/${unknown}/status`, { status: 'ringing' })).json).toMatchObject({ status: 404, code: 20404 });
    expect((await control('GET', `calls/${unknown}`)).status).toBe(404);
    const sid = env.emulator.addInboundCall({ from: CUSTOMER, to: TWILIO_NUMBER, status: 'in-progress' }).sid;
    // Backwards, not a status, not JSON, missing fields.
    expect((await control('POST', `calls/${sid}/status`, { status: 'ringing' })).json).toMatchObject({ status: 400, code: 20001 });
    expect((await control('POST', `calls/${sid}/status`, { status: 'dancing' })).status).toBe(400);
    expect((await control('POST', 'inbound-calls', '{not json')).status).toBe(400);
    expect((await control('POST', 'inbound-calls', { from: CUSTOMER })).status).toBe(400);
    expect((await control('POST', 'inbound-calls', { from: CUSTOMER, to: TWILIO_NUMBER, status: 'queued' })).status).toBe(400);
    expect((await control('POST', 'queues/support/members', { callSid: 'nope' })).status).toBe(400);
    expect((await control('GET', 'nothing-here')).status).toBe(404);
    expect((await control('DELETE', 'calls')).status).toBe(405);
  });

  it('needs the same Basic auth as the Twilio paths', async () => {
    expect((await control('GET', 'calls', undefined, null)).status).toBe(401);
    expect((await control('GET', 'calls', undefined, 'Basic ' + Buffer.from(`${ACCOUNT_SID}:wrong`).toString('base64'))).status).toBe(401);
  });

  it('reports a full queue as 409', async () => {
    const sids = [0, 1].map(() => env.emulator.addInboundCall({ from: CUSTOMER, to: TWILIO_NUMBER }).sid);
    const queue = await env.voice.createQueue('tiny', { MaxSize: '1' });
    expect(queue.status).toBe(201);
    expect((await control('POST', 'queues/tiny/members', { callSid: sids[0] })).status).toBe(200);
    expect((await control('POST', 'queues/tiny/members', { callSid: sids[1] })).status).toBe(409);
  });
});
