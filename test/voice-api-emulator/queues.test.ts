/** Queues.json, Queues/{Sid}.json and the Members endpoints over raw HTTP, with the simulator's enqueue. */
import { QueueFullError, type DequeueEvent } from '../../scripts/voice-api-emulator';
import { ACCOUNT_SID, asError, type HttpResult } from '../support/emulator-http';
import {
  APP_URL,
  CUSTOMER,
  ManualClock,
  QUEUES_PATH,
  TWILIO_NUMBER,
  asCall,
  asMember,
  asPage,
  asQueue,
  memberPath,
  membersPath,
  queuePath,
  startEmulator,
  type MemberBody,
  type QueueBody,
  type Started,
} from './helpers';

const clock = new ManualClock();
let env: Started;

beforeAll(async () => {
  env = await startEmulator({ now: clock.now });
});

afterAll(async () => {
  await env.emulator.close();
});

function expectError(result: HttpResult, status: number, code: number): void {
  expect({ status: result.status, code: asError(result).code }).toEqual({ status, code });
}

let callerNumber = 0;
function caller(): string {
  callerNumber += 1;
  const from = `+1415555${String(1000 + callerNumber)}`;
  return env.emulator.addInboundCall({ from, to: TWILIO_NUMBER, status: 'in-progress' }).sid;
}

async function newQueue(name: string, extra: Record<string, string> = {}): Promise<QueueBody> {
  const result = await env.voice.createQueue(name, extra);
  expect(result.status).toBe(201);
  return asQueue(result);
}

describe('Queues', () => {
  it('creates a queue with the default MaxSize and fetches, updates and lists it', async () => {
    const queue = await newQueue('sales');
    expect(queue).toMatchObject({
      friendly_name: 'sales',
      max_size: 1000,
      current_size: 0,
      average_wait_time: 0,
      account_sid: ACCOUNT_SID,
      date_created: 'Mon, 23 Nov 2026 18:00:00 +0000',
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Queues/${queue.sid}.json`,
    });
    expect(asQueue(await env.voice.call('GET', queuePath(queue.sid))).sid).toBe(queue.sid);

    const form = { FriendlyName: 'sales-emea', MaxSize: '5000' };
    const updated = await env.voice.call('POST', queuePath(queue.sid), { form });
    expect(asQueue(updated)).toMatchObject({ friendly_name: 'sales-emea', max_size: 5000 });

    await newQueue('billing', { MaxSize: '2' });
    const list = asPage<'queues', QueueBody>(await env.voice.call('GET', `${QUEUES_PATH}?PageSize=1`), 'queues');
    expect(list.queues.map((q) => q.friendly_name)).toEqual(['sales-emea']);
    const next = asPage<'queues', QueueBody>(await env.voice.call('GET', list.next_page_uri ?? ''), 'queues');
    expect(next.queues.map((q) => q.friendly_name)).toEqual(['billing']);
    expect(next.next_page_uri).toBeNull();
  });

  it('validates FriendlyName and MaxSize, and refuses a second queue with the same name', async () => {
    expectError(await env.voice.call('POST', QUEUES_PATH, { form: {} }), 400, 20001);
    expectError(await env.voice.createQueue('x'.repeat(65)), 400, 20001);
    expect((await env.voice.createQueue('y'.repeat(64))).status).toBe(201);
    expectError(await env.voice.createQueue('big', { MaxSize: '5001' }), 400, 20001);
    expectError(await env.voice.createQueue('none', { MaxSize: '0' }), 400, 20001);
    expectError(await env.voice.createQueue('billing'), 400, 20001);
  });

  it('answers 404 / 20404 for an unknown queue and deletes only an empty one', async () => {
    expectError(await env.voice.call('GET', queuePath(`QU${'0'.repeat(32)}`)), 404, 20404);
    expectError(await env.voice.call('GET', membersPath(`QU${'0'.repeat(32)}`)), 404, 20404);
    const queue = await newQueue('temporary');
    const sid = caller();
    env.emulator.enqueue('temporary', sid);
    expectError(await env.voice.call('DELETE', queuePath(queue.sid)), 400, 20001);
    env.emulator.leaveQueue(sid);
    const deleted = await env.voice.call('DELETE', queuePath(queue.sid));
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectError(await env.voice.call('GET', queuePath(queue.sid)), 404, 20404);
  });
});

describe('Members', () => {
  it('lists members front first with positions and wait times, and reports size and average wait', async () => {
    const queue = await newQueue('support');
    const [a, b, c] = [caller(), caller(), caller()];
    env.emulator.enqueue('support', a);
    clock.advance(30_000);
    env.emulator.enqueue('support', b);
    clock.advance(30_000);
    env.emulator.enqueue('support', c);

    const firstPage = await env.voice.call('GET', `${membersPath(queue.sid)}?PageSize=2`);
    const list = asPage<'queue_members', MemberBody>(firstPage, 'queue_members');
    expect(list.queue_members.map((m) => [m.call_sid, m.position, m.wait_time])).toEqual([
      [a, 1, 60],
      [b, 2, 30],
    ]);
    const rest = asPage<'queue_members', MemberBody>(await env.voice.call('GET', list.next_page_uri ?? ''), 'queue_members');
    expect(rest.queue_members.map((m) => [m.call_sid, m.position])).toEqual([[c, 3]]);

    const fetched = asQueue(await env.voice.call('GET', queuePath(queue.sid)));
    expect(fetched).toMatchObject({ current_size: 3, average_wait_time: 30 });
    const front = asMember(await env.voice.call('GET', memberPath(queue.sid, 'Front')));
    expect(front).toMatchObject({
      call_sid: a,
      queue_sid: queue.sid,
      position: 1,
      date_enqueued: 'Mon, 23 Nov 2026 18:00:00 +0000',
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Queues/${queue.sid}/Members/${a}.json`,
    });
    expect(asMember(await env.voice.call('GET', memberPath(queue.sid, c))).position).toBe(3);
    expectError(await env.voice.call('GET', memberPath(queue.sid, `CA${'0'.repeat(32)}`)), 404, 20404);
  });

  it('dequeues a given member or the front one, firing onDequeue, until the queue is empty', async () => {
    const queue = await newQueue('dequeue');
    const [a, b] = [caller(), caller()];
    env.emulator.enqueue('dequeue', a);
    env.emulator.enqueue('dequeue', b);
    const events: DequeueEvent[] = [];
    const stop = env.emulator.onDequeue((event) => events.push(event));

    const named = await env.voice.dequeue(queue.sid, b, { Url: 'http://127.0.0.1:3000/bridge', Method: 'GET' });
    expect(named.status).toBe(200);
    expect(asMember(named)).toMatchObject({ call_sid: b, position: 2 }); // as it was when dequeued
    const front = await env.voice.dequeue(queue.sid, 'Front');
    expect(asMember(front)).toMatchObject({ call_sid: a, position: 1 });
    stop();

    expect(events).toEqual([
      { queueSid: queue.sid, callSid: b, url: 'http://127.0.0.1:3000/bridge', method: 'GET' },
      { queueSid: queue.sid, callSid: a, url: APP_URL, method: 'POST' },
    ]);
    expect(env.emulator.call(b)).toMatchObject({ url: 'http://127.0.0.1:3000/bridge', method: 'GET' });
    expectError(await env.voice.dequeue(queue.sid, 'Front'), 404, 20404);
    expectError(await env.voice.dequeue(queue.sid, a), 404, 20404);
    const empty = asPage<'queue_members', MemberBody>(await env.voice.call('GET', membersPath(queue.sid)), 'queue_members');
    expect(empty).toMatchObject({ queue_members: [], start: 0, end: 0, next_page_uri: null });
  });

  it('validates the dequeue request: Url required and valid, Method GET or POST', async () => {
    const queue = await newQueue('strict');
    env.emulator.enqueue('strict', caller());
    expectError(await env.voice.dequeue(queue.sid, 'Front', {}), 400, 20001);
    expectError(await env.voice.dequeue(queue.sid, 'Front', { Url: 'nope' }), 400, 21205);
    expectError(await env.voice.dequeue(queue.sid, 'Front', { Url: APP_URL, Method: 'PUT' }), 400, 20001);
    expect(env.emulator.queues().find((q) => q.sid === queue.sid)?.members).toHaveLength(1);
  });
});

describe('the simulator API for queues', () => {
  it('creates a queue on first enqueue, moves a call between queues, and refuses a full queue', async () => {
    const a = caller();
    env.emulator.enqueue('overflow', a);
    const overflow = env.emulator.queues().find((q) => q.friendlyName === 'overflow');
    expect(overflow).toMatchObject({ maxSize: 1000, members: [{ callSid: a, enqueuedAt: clock.ms }] });

    env.emulator.enqueue('billing', a); // billing was created with MaxSize 2
    expect(env.emulator.queues().find((q) => q.friendlyName === 'overflow')?.members).toEqual([]);
    env.emulator.enqueue('billing', caller());
    expect(() => env.emulator.enqueue('billing', caller())).toThrow(QueueFullError);
    env.emulator.enqueue('billing', a); // already a member: stays within the limit, moves to the back
    expect(env.emulator.queues().find((q) => q.friendlyName === 'billing')?.members.map((m) => m.callSid).at(-1)).toBe(a);
  });

  it('takes a call out of its queue when it ends, and refuses bad input', async () => {
    const sid = caller();
    env.emulator.enqueue('hangups', sid);
    env.emulator.setCallStatus(sid, 'completed');
    expect(env.emulator.queues().find((q) => q.friendlyName === 'hangups')?.members).toEqual([]);
    expect(() => env.emulator.enqueue('hangups', sid)).toThrow(/has ended/);
    expect(() => env.emulator.enqueue('', caller())).toThrow(/1 to 64/);
    expect(() => env.emulator.enqueue('hangups', 'CA123')).toThrow(/Not a call sid/);

    // A hang-up over REST does the same.
    const outbound = asCall(await env.voice.createCall({ To: CUSTOMER }));
    env.emulator.setCallStatus(outbound.sid, 'in-progress');
    env.emulator.enqueue('hangups', outbound.sid);
    await env.voice.updateCall(outbound.sid, { Status: 'completed' });
    expect(env.emulator.queues().find((q) => q.friendlyName === 'hangups')?.members).toEqual([]);
    env.emulator.leaveQueue(outbound.sid); // no effect, no error
  });
});
