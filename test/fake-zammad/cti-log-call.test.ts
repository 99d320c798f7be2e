/**
 * Replays the caller-log cases of spec/requests/integration/cti_spec.rb: 'does log call' (research 2.2, L1–L16, G1,
 * G2), 'does queue param tests' (Q1), 'flags caller_log as done' (D1) and 'flags all caller_logs as done via
 * done_bulk' (D2). `travel` is a clock the fake reads, so Zammad's "between 2 and 3 seconds" is exactly 2 here.
 */
import { startFakeZammad, type CtiLogRow, type FakeZammad } from '../../scripts/fake-zammad';
import { API_TOKEN, CTI_TOKEN, SPEC_AGENT, SPEC_CTI_CONFIG, SPEC_CUSTOMERS, api, asObject, clock, cti, type Clock } from './helpers';

describe('Integration CTI caller log (cti_spec.rb)', () => {
  let fake: FakeZammad;
  let time: Clock;

  beforeEach(async () => {
    time = clock();
    fake = await startFakeZammad({
      ctiToken: CTI_TOKEN,
      apiToken: API_TOKEN,
      ...SPEC_CTI_CONFIG,
      users: [SPEC_AGENT, ...SPEC_CUSTOMERS],
      now: time.now,
    });
  });

  afterEach(async () => {
    await fake.close();
  });

  const row = (callId: string): CtiLogRow => {
    const found = fake.log(callId);
    if (!found) throw new Error(`no cti_logs row for ${callId}`);
    return found;
  };

  it('does log call (L1–L16, G1, G2)', async () => {
    // L1 outbound - I - new call
    let result = await cti(fake, { event: 'newCall', direction: 'out', from: '4930600000000', to: '4912347114711', call_id: '1234567890-1', user: 'user 1' });
    expect(result.status).toBe(200);
    expect(row('1234567890-1')).toMatchObject({
      from: '4930777000000',
      to: '4912347114711',
      direction: 'out',
      from_comment: 'user 1',
      to_comment: 'CallerId Customer1',
      comment: null,
      queue: '4930777000000',
      state: 'newCall',
      done: true,
      start_at: null,
      end_at: null,
      duration_waiting_time: null,
      duration_talking_time: null,
    });
    expect(row('1234567890-1').initialized_at).toBeTruthy();

    time.travel(2);

    // L2 outbound - I - hangup by agent (no from/to)
    result = await cti(fake, { event: 'hangup', direction: 'out', call_id: '1234567890-1', cause: 'cancel' });
    expect(result.status).toBe(200);
    expect(row('1234567890-1')).toMatchObject({
      from: '4930777000000',
      to: '4912347114711',
      from_comment: 'user 1',
      to_comment: 'CallerId Customer1',
      comment: 'cancel',
      queue: '4930777000000',
      state: 'hangup',
      done: true,
      start_at: null,
      duration_waiting_time: 2,
      duration_talking_time: null,
    });
    expect(row('1234567890-1').end_at).toBeTruthy();

    // L3 outbound - II - new call, user as an array of one
    result = await cti(fake, { event: 'newCall', direction: 'out', from: '4930600000000', to: '4912347114711', call_id: '1234567890-2', user: ['user 1'] });
    expect(result.status).toBe(200);
    expect(row('1234567890-2')).toMatchObject({
      from: '4930777000000',
      to: '4912347114711',
      from_comment: 'user 1',
      to_comment: 'CallerId Customer1',
      comment: null,
      queue: '4930777000000',
      state: 'newCall',
      done: true,
      start_at: null,
      end_at: null,
      duration_waiting_time: null,
      duration_talking_time: null,
    });

    time.travel(2);

    // L4 outbound - II - answer by customer
    result = await cti(fake, { event: 'answer', direction: 'out', call_id: '1234567890-2', from: '4930600000000', to: '4912347114711' });
    expect(result.status).toBe(200);
    expect(row('1234567890-2')).toMatchObject({
      from: '4930777000000',
      to_comment: 'CallerId Customer1',
      comment: null,
      state: 'answer',
      done: true,
      end_at: null,
      duration_waiting_time: 2,
      duration_talking_time: null,
    });
    expect(row('1234567890-2').start_at).toBeTruthy();

    time.travel(2);

    // L5 outbound - II - hangup by customer
    result = await cti(fake, {
      event: 'hangup',
      direction: 'out',
      call_id: '1234567890-2',
      cause: 'normalClearing',
      from: '4930600000000',
      to: '4912347114711',
    });
    expect(result.status).toBe(200);
    expect(row('1234567890-2')).toMatchObject({
      comment: 'normalClearing',
      state: 'hangup',
      done: true,
      duration_waiting_time: 2,
      duration_talking_time: 2,
    });

    time.travel(1);

    // L6 inbound - I - new call
    result = await cti(fake, { event: 'newCall', direction: 'in', to: '4930600000000', from: '4912347114711', call_id: '1234567890-3', user: 'user 1' });
    expect(result.status).toBe(200);
    expect(row('1234567890-3')).toMatchObject({
      to: '4930600000000',
      from: '4912347114711',
      direction: 'in',
      to_comment: 'user 1',
      from_comment: 'CallerId Customer1',
      comment: null,
      queue: '4930600000000',
      state: 'newCall',
      done: false,
      start_at: null,
      end_at: null,
      duration_waiting_time: null,
      duration_talking_time: null,
    });

    time.travel(1);

    // L7 inbound - I - answer, no user: to_comment stays
    result = await cti(fake, { event: 'answer', direction: 'in', call_id: '1234567890-3', to: '4930600000000', from: '4912347114711' });
    expect(result.status).toBe(200);
    expect(row('1234567890-3')).toMatchObject({ to_comment: 'user 1', from_comment: 'CallerId Customer1', comment: null, state: 'answer', done: true, end_at: null });
    expect(row('1234567890-3').start_at).toBeTruthy();
    expect(row('1234567890-3').duration_waiting_time).toBe(1);

    time.travel(1);

    // L8 inbound - I - hangup
    result = await cti(fake, { event: 'hangup', direction: 'in', call_id: '1234567890-3', cause: 'normalClearing', to: '4930600000000', from: '4912347114711' });
    expect(result.status).toBe(200);
    expect(row('1234567890-3')).toMatchObject({ comment: 'normalClearing', state: 'hangup', done: true, duration_talking_time: 1 });

    time.travel(1);

    // L9 inbound - I - answer after hangup, as JSON: 200 and ignored
    const beforeL9 = row('1234567890-3');
    result = await cti(fake, { event: 'answer', direction: 'in', call_id: '1234567890-3', to: '4930600000000', from: '4912347114711' }, { as: 'json' });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({});
    expect(row('1234567890-3')).toEqual(beforeL9);

    time.travel(1);

    // L10 inbound - II - new call, two users
    result = await cti(fake, { event: 'newCall', direction: 'in', to: '4930600000000', from: '4912347114711', call_id: '1234567890-4', user: ['user 1', 'user 2'] });
    expect(result.status).toBe(200);
    expect(row('1234567890-4')).toMatchObject({ to_comment: 'user 1, user 2', from_comment: 'CallerId Customer1', state: 'newCall', done: false });

    time.travel(1);

    // L11 inbound - II - answer by voicemail
    result = await cti(fake, { event: 'answer', direction: 'in', call_id: '1234567890-4', to: '4930600000000', from: '4912347114711', user: 'voicemail' });
    expect(result.status).toBe(200);
    expect(row('1234567890-4')).toMatchObject({ to_comment: 'voicemail', comment: null, state: 'answer', done: true, end_at: null, duration_talking_time: null });

    time.travel(1);

    // L12 inbound - II - hangup: done=false because of the voicemail
    result = await cti(fake, { event: 'hangup', direction: 'in', call_id: '1234567890-4', cause: 'normalClearing', to: '4930600000000', from: '4912347114711' });
    expect(result.status).toBe(200);
    expect(row('1234567890-4')).toMatchObject({ to_comment: 'voicemail', comment: 'normalClearing', state: 'hangup', done: false, duration_talking_time: 1 });

    time.travel(1);

    // L13 inbound - III - new call, user as one string
    result = await cti(fake, { event: 'newCall', direction: 'in', to: '4930600000000', from: '4912347114711', call_id: '1234567890-5', user: 'user 1,user 2' });
    expect(result.status).toBe(200);
    expect(row('1234567890-5')).toMatchObject({ to_comment: 'user 1,user 2', state: 'newCall', done: false });

    time.travel(1);

    // L14 inbound - III - hangup, never answered: a missed call
    result = await cti(fake, { event: 'hangup', direction: 'in', call_id: '1234567890-5', cause: 'normalClearing', to: '4930600000000', from: '4912347114711' });
    expect(result.status).toBe(200);
    expect(row('1234567890-5')).toMatchObject({
      to_comment: 'user 1,user 2',
      from_comment: 'CallerId Customer1',
      comment: 'normalClearing',
      state: 'hangup',
      done: false,
      start_at: null,
      duration_waiting_time: 1,
      duration_talking_time: null,
    });

    time.travel(1);

    // L15 inbound - IV - a number two customers share
    result = await cti(fake, { event: 'newCall', direction: 'in', to: '4930600000000', from: '49999992222222', call_id: '1234567890-6', user: 'user 1,user 2' });
    expect(result.status).toBe(200);
    expect(row('1234567890-6')).toMatchObject({ from: '49999992222222', to_comment: 'user 1,user 2', from_comment: 'CallerId Customer3,CallerId Customer2', state: 'newCall', done: false });
    expect(row('1234567890-6').preferences.to).toBeFalsy();
    expect(row('1234567890-6').preferences.from).toBeTruthy();

    time.travel(1);

    // L16 inbound - IV - anonymous with a queue
    result = await cti(fake, {
      event: 'newCall',
      direction: 'in',
      to: '4930600000000',
      from: 'anonymous',
      call_id: '1234567890-7',
      user: 'user 1,user 2',
      queue: 'some_queue_name',
    });
    expect(result.status).toBe(200);
    expect(row('1234567890-7')).toMatchObject({ from: 'anonymous', to_comment: 'user 1,user 2', from_comment: null, queue: 'some_queue_name', state: 'newCall', done: false });
    expect(row('1234567890-7').preferences).toEqual({});

    // G1 get caller list without auth
    const forbidden = await api(fake, 'GET', '/api/v1/cti/log', { authorization: null });
    expect(forbidden.status).toBe(403);

    // G2 get caller list as agent
    const list = await api(fake, 'GET', '/api/v1/cti/log');
    expect(list.status).toBe(200);
    const body = asObject(list.json);
    const rows = body.list as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(7);
    const users = asObject(asObject(body.assets).User);
    expect(users[String(SPEC_CUSTOMERS[1]?.id)]).toBeTruthy();
    expect(users[String(SPEC_CUSTOMERS[2]?.id)]).toBeTruthy();
    expect(rows.map((entry) => entry.call_id)).toEqual([
      '1234567890-7',
      '1234567890-6',
      '1234567890-5',
      '1234567890-4',
      '1234567890-3',
      '1234567890-2',
      '1234567890-1',
    ]);
    expect(rows[5]).toMatchObject({
      state: 'hangup',
      from: '4930777000000',
      from_comment: 'user 1',
      to: '4912347114711',
      to_comment: 'CallerId Customer1',
      comment: 'normalClearing',
    });
  });

  it('does queue param tests (Q1): with no user, the queue name becomes to_comment', async () => {
    let result = await cti(fake, {
      event: 'newCall',
      direction: 'in',
      to: '4930600000000',
      from: 'anonymous',
      call_id: '1234567890-1',
      user: 'user 1,user 2',
      queue: 'some_queue_name',
    });
    expect(result.status).toBe(200);
    expect(row('1234567890-1')).toMatchObject({ to_comment: 'user 1,user 2', from_comment: null, queue: 'some_queue_name', done: false, preferences: {} });

    result = await cti(fake, { event: 'newCall', direction: 'in', to: '4930600000000', from: 'anonymous', call_id: '1234567890-2', user: '', queue: 'some_queue_name' });
    expect(result.status).toBe(200);
    expect(row('1234567890-2')).toMatchObject({
      to: '4930600000000',
      from: 'anonymous',
      to_comment: 'some_queue_name',
      from_comment: null,
      comment: null,
      queue: 'some_queue_name',
      state: 'newCall',
      done: false,
    });
  });

  it('flags caller_log as done (D1)', async () => {
    await cti(fake, { event: 'newCall', direction: 'in', from: '491234', to: '4930600000000', call_id: 'd1' });
    const id = row('d1').id;
    expect(row('d1').done).toBe(false);

    const result = await api(fake, 'POST', `/api/v1/cti/done/${id}`, { body: { done: true } });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({});
    expect(row('d1').done).toBe(true);
  });

  it('flags all caller_logs as done via done_bulk (D2)', async () => {
    await cti(fake, { event: 'newCall', direction: 'in', from: '491234', to: '4930600000000', call_id: 'd2-1' });
    await cti(fake, { event: 'newCall', direction: 'in', from: '491234', to: '4930600000000', call_id: 'd2-2' });

    const result = await api(fake, 'POST', '/api/v1/cti/done/bulk', { body: { ids: [row('d2-1').id, row('d2-2').id] } });
    expect(result.status).toBe(200);
    expect(row('d2-1').done).toBe(true);
    expect(row('d2-2').done).toBe(true);
  });
});
