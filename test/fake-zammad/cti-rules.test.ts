/**
 * The Generic CTI rules our sink has to live with (research 1.2–1.5), beyond Zammad's own specs: the check order,
 * the 500s for out-of-order events, ignored and repeated events, the block list, the routing table, params handling
 * and the requests() record.
 */
import { OPAQUE_ERROR, startFakeZammad, ZAMMAD_MESSAGES, type FakeZammad, type FakeZammadOptions } from '../../scripts/fake-zammad';
import { API_TOKEN, CTI_TOKEN, SPEC_CTI_CONFIG, api, asObject, clock, cti, request, type Clock } from './helpers';

describe('fake Zammad: Generic CTI rules', () => {
  let fake: FakeZammad;
  let time: Clock;

  const start = async (options: Partial<FakeZammadOptions> = {}): Promise<FakeZammad> => {
    time = clock();
    fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, now: time.now, ...options });
    return fake;
  };

  afterEach(async () => {
    await fake.close();
  });

  const inbound = { direction: 'in', from: '4912347114711', to: '4930600000000' };

  describe('check order', () => {
    it('answers 422 "Feature is disabled" when the integration is off, before looking at the token', async () => {
      await start({ integrationEnabled: false });
      const wrongToken = await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' }, { token: 'wrong' });
      expect(wrongToken.status).toBe(422);
      expect(wrongToken.json).toEqual({ error: 'Feature is disabled, please contact your administrator!' });
      const rightToken = await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' });
      expect(rightToken.status).toBe(422);
      expect(fake.logs()).toEqual([]);

      fake.setIntegrationEnabled(true);
      expect((await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' }, { token: 'wrong' })).status).toBe(401);
      expect((await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' })).status).toBe(200);
    });

    it('answers 422 "Feature not configured" before the token check too', async () => {
      await start({ ctiConfigured: false });
      const result = await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' }, { token: 'wrong' });
      expect(result.status).toBe(422);
      expect(result.json).toEqual({ error: ZAMMAD_MESSAGES.featureNotConfigured });
    });

    it('checks the direction on every event, whatever the stored row says', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' });
      const missing = await cti(fake, { event: 'hangup', call_id: 'c1', cause: 'cancel' });
      expect(missing.status).toBe(422);
      expect(missing.json).toEqual({ error: "Invalid 'direction'!" });
      expect(fake.log('c1')?.state).toBe('newCall');
    });

    it('answers an unknown event with 422 and an opaque error id', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' });
      const result = await cti(fake, { event: 'ringing', ...inbound, call_id: 'c1' });
      expect(result.status).toBe(422);
      expect(asObject(result.json).error).toMatch(OPAQUE_ERROR);
      expect(Object.keys(asObject(result.json))).toEqual(['error']);
    });
  });

  describe('out-of-order and repeated events', () => {
    it('answers a duplicate newCall with 500 "already exists" and leaves the row alone', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1', user: 'Ann' });
      const before = fake.log('c1');
      time.travel(5);
      const retry = await cti(fake, { event: 'newCall', ...inbound, callId: 'c1', user: 'Bob' }, { as: 'json' });
      expect(retry.status).toBe(500);
      expect(retry.json).toEqual({ error: 'This object already exists.', error_human: 'This object already exists.' });
      expect(asObject(retry.json).error).toMatch(/already exists/i);
      expect(fake.log('c1')).toEqual(before);
    });

    it('answers answer or hangup for an unknown call id with 500 and an opaque error id', async () => {
      await start();
      for (const event of ['answer', 'hangup']) {
        const result = await cti(fake, { event, ...inbound, call_id: 'never-announced', cause: 'normalClearing' });
        expect(result.status).toBe(500);
        expect(asObject(result.json).error).toMatch(OPAQUE_ERROR);
      }
      expect(fake.logs()).toEqual([]);
    });

    it('renders exception errors as an HTML page unless the client accepts JSON or */*', async () => {
      await start();
      const params = { event: 'hangup', ...inbound, call_id: 'unknown' };
      const json = await cti(fake, params, { accept: 'application/json' });
      expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const anything = await cti(fake, params, { accept: '*/*' });
      expect(anything.headers.get('content-type')).toBe('application/json; charset=utf-8');
      for (const accept of ['text/html', 'application/json, text/plain, */*']) {
        const html = await cti(fake, params, { accept });
        expect(html.status).toBe(500);
        expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(html.text).toMatch(/Error ID [A-Za-z0-9_-]{8}: Please contact your administrator\./);
      }
      // render json: answers (401, 422, 200) are JSON whatever the client accepts.
      const unauthorized = await cti(fake, params, { token: 'wrong', accept: 'text/html' });
      expect(unauthorized.headers.get('content-type')).toBe('application/json; charset=utf-8');
    });

    it('ignores an answer after the hangup (200 {})', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' });
      await cti(fake, { event: 'hangup', ...inbound, call_id: 'c1', cause: 'cancel' });
      const before = fake.log('c1');
      time.travel(3);
      const late = await cti(fake, { event: 'answer', ...inbound, call_id: 'c1', user: 'Ann' });
      expect(late.status).toBe(200);
      expect(late.json).toEqual({});
      expect(fake.log('c1')).toEqual(before);
    });

    it('processes a second answer again: start_at and the waiting time are reset', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' });
      time.travel(4);
      await cti(fake, { event: 'answer', ...inbound, call_id: 'c1', user: 'Ann' });
      const first = fake.log('c1');
      expect(first?.duration_waiting_time).toBe(4);
      time.travel(10);
      const again = await cti(fake, { event: 'answer', ...inbound, call_id: 'c1' });
      expect(again.status).toBe(200);
      expect(fake.log('c1')?.duration_waiting_time).toBe(14);
      expect(fake.log('c1')?.start_at).not.toBe(first?.start_at);
      expect(fake.log('c1')?.to_comment).toBe('Ann');
    });

    it('processes a second hangup again, which flips a missed call to done (what our sink must never cause)', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'missed' });
      time.travel(20);
      await cti(fake, { event: 'hangup', ...inbound, call_id: 'missed', cause: 'cancel' });
      expect(fake.log('missed')).toMatchObject({ state: 'hangup', done: false, comment: 'cancel', duration_waiting_time: 20 });

      time.travel(1);
      const second = await cti(fake, { event: 'hangup', ...inbound, call_id: 'missed', cause: 'normalClearing' });
      expect(second.status).toBe(200);
      expect(fake.log('missed')).toMatchObject({ state: 'hangup', done: true, comment: 'normalClearing', duration_waiting_time: 20 });
    });

    it('also overrides an agent’s own done flag on a repeated hangup', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' });
      await cti(fake, { event: 'answer', ...inbound, call_id: 'c1', user: 'voicemail' });
      await cti(fake, { event: 'hangup', ...inbound, call_id: 'c1', cause: 'normalClearing' });
      const id = fake.log('c1')?.id;
      await api(fake, 'POST', `/api/v1/cti/done/${id}`, { body: { done: true } });
      expect(fake.log('c1')?.done).toBe(true);
      await cti(fake, { event: 'hangup', ...inbound, call_id: 'c1', cause: 'normalClearing' });
      expect(fake.log('c1')?.done).toBe(false);
    });

    it('keeps a voicemail call unhandled: answer with user "voicemail", then hangup → done=false', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'vm', user: 'Ann' });
      time.travel(25);
      await cti(fake, { event: 'answer', ...inbound, call_id: 'vm', user: 'voicemail' });
      expect(fake.log('vm')).toMatchObject({ state: 'answer', done: true, to_comment: 'voicemail' });
      time.travel(30);
      await cti(fake, { event: 'hangup', ...inbound, call_id: 'vm', cause: 'normalClearing' });
      expect(fake.log('vm')).toMatchObject({
        state: 'hangup',
        done: false,
        to_comment: 'voicemail',
        duration_waiting_time: 25,
        duration_talking_time: 30,
      });
    });

    it('marks a missed call forwarded elsewhere as done, and a hangup sent as "out" as done', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'fw' });
      await cti(fake, { event: 'hangup', ...inbound, call_id: 'fw', cause: 'forwarded' });
      expect(fake.log('fw')?.done).toBe(true);
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'wrong-dir' });
      await cti(fake, { event: 'hangup', direction: 'out', call_id: 'wrong-dir', cause: 'cancel' });
      expect(fake.log('wrong-dir')?.done).toBe(true);
    });

    it('answers an inbound answer whose user is an array with 500, after updating the row', async () => {
      await start({ users: [] });
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' });
      const result = await cti(fake, { event: 'answer', ...inbound, call_id: 'c1', user: ['Ann', 'Bob'] });
      expect(result.status).toBe(500);
      expect(asObject(result.json).error).toMatch(OPAQUE_ERROR);
      expect(fake.log('c1')).toMatchObject({ state: 'answer', done: true, to_comment: 'Ann, Bob' });
    });

    it('does not fail on an array user when answeringNumber finds the agent first', async () => {
      await start({
        users: [{ id: 9, login: 'ann', firstname: 'Ann', lastname: 'A', email: 'ann@example.com', phone: '+49 30 1234567', active: true, permissions: ['cti.agent'] }],
      });
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1' });
      const result = await cti(fake, { event: 'answer', ...inbound, call_id: 'c1', user: ['Ann'], answeringNumber: '49301234567' });
      expect(result.status).toBe(200);
      expect(fake.requests()[1]?.answering_user_id).toBe(9);
    });
  });

  describe('params', () => {
    it('accepts callId or call_id, form or JSON, and stores cause as comment (the latest event wins)', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, callId: 'camel' }, { as: 'json' });
      await cti(fake, { event: 'answer', ...inbound, call_id: 'camel', cause: 'picked' });
      expect(fake.log('camel')?.comment).toBe('picked');
      await cti(fake, { event: 'hangup', ...inbound, callId: 'camel' }, { as: 'json' });
      expect(fake.log('camel')).toMatchObject({ state: 'hangup', comment: null });
    });

    it('defaults the queue to `to` inbound and to `from` outbound', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'in' });
      await cti(fake, { event: 'newCall', direction: 'out', from: '4930600000000', to: '4912347114711', call_id: 'out' });
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'q', queue: 'support' });
      expect(fake.log('in')?.queue).toBe('4930600000000');
      expect(fake.log('out')).toMatchObject({ queue: '4930600000000', from: '4930600000000', from_comment: null, done: true });
      expect(fake.log('q')).toMatchObject({ queue: 'support', to_comment: 'support' });
    });

    it('joins a user array with ", " and takes a user string verbatim', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'a', user: ['Ann Agent', 'Bob Agent'] }, { as: 'json' });
      await cti(fake, { event: 'newCall', ...inbound, call_id: 's', user: 'Ann Agent,Bob Agent' });
      expect(fake.log('a')?.to_comment).toBe('Ann Agent, Bob Agent');
      expect(fake.log('s')?.to_comment).toBe('Ann Agent,Bob Agent');
    });

    it('answers a newCall without `from` with 422, as the NOT NULL violation reads on Postgres ≥ 13', async () => {
      await start();
      const result = await cti(fake, { event: 'newCall', direction: 'in', to: '4930600000000', call_id: 'c1' });
      expect(result.status).toBe(422);
      expect(asObject(result.json).error).toBe('Attribute \'from" of relation "cti_logs\' required!');
      expect(fake.logs()).toEqual([]);
    });

    it('answers values longer than the column with 422', async () => {
      await start();
      const result = await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1', user: 'x'.repeat(251) });
      expect(result.status).toBe(422);
      expect(asObject(result.json).error).toMatch(OPAQUE_ERROR);
      expect(fake.logs()).toEqual([]);
    });

    it('answers malformed JSON with 400 before any check', async () => {
      await start({ integrationEnabled: false });
      const result = await request(fake, 'POST', `/api/v1/cti/${CTI_TOKEN}`, { headers: { 'Content-Type': 'application/json' }, body: '{"event":' });
      expect(result.status).toBe(400);
      expect(result.json).toEqual({ status: 400, error: 'Bad Request' });
    });

    it('answers unknown routes with 404 "No route matches"', async () => {
      await start();
      const result = await request(fake, 'GET', `/api/v1/cti/${CTI_TOKEN}`);
      expect(result.status).toBe(404);
      expect(asObject(result.json).error).toBe(`No route matches [GET] /api/v1/cti/${CTI_TOKEN}`);
    });
  });

  describe('block list (cti_config.inbound.block_caller_ids)', () => {
    it('rejects an inbound newCall from a blocked number with busy, and still writes the row', async () => {
      await start(SPEC_CTI_CONFIG);
      const result = await cti(fake, { event: 'newCall', direction: 'in', from: '491715000000', to: '4930600000000', call_id: 'blocked', user: 'Ann' });
      expect(result.json).toEqual({ action: 'reject', reason: 'busy' });
      expect(fake.log('blocked')).toMatchObject({ state: 'newCall', done: false, comment: null, to_comment: 'Ann' });
      // The PBX must still send the hangup, or the call stays "ringing".
      await cti(fake, { event: 'hangup', direction: 'in', call_id: 'blocked', cause: 'busy' });
      expect(fake.log('blocked')).toMatchObject({ state: 'hangup', done: false, comment: 'busy' });
    });

    it('compares exact strings: +491715000000 is not 491715000000', async () => {
      await start(SPEC_CTI_CONFIG);
      const result = await cti(fake, { event: 'newCall', direction: 'in', from: '+491715000000', to: '4930600000000', call_id: 'plus' });
      expect(result.json).toEqual({});
    });

    it('rejects only newCall: a later event from the number is processed normally', async () => {
      await start({ blockCallerIds: ['491715000000'] });
      await cti(fake, { event: 'newCall', direction: 'in', from: '491715000000', to: '4930600000000', call_id: 'b' });
      const answer = await cti(fake, { event: 'answer', direction: 'in', from: '491715000000', call_id: 'b' });
      expect(answer.json).toEqual({});
      expect(fake.log('b')?.state).toBe('answer');
    });
  });

  describe('routing table (cti_config.outbound)', () => {
    const outbound = (to: string, call_id: string) => ({ event: 'newCall', direction: 'out', from: '4930600000000', to, call_id });

    it('takes the first matching row, with * as one or more characters, anchored at both ends', async () => {
      await start({
        routingTable: [
          { dest: '49301*', caller_id: 'first' },
          { dest: '4930*', caller_id: 'second' },
          { dest: '4930', caller_id: 'exact' },
        ],
      });
      expect((await cti(fake, outbound('493012345', 'a'))).json).toEqual({ action: 'dial', caller_id: 'first', number: '493012345' });
      expect((await cti(fake, outbound('493099999', 'b'))).json).toEqual({ action: 'dial', caller_id: 'second', number: '493099999' });
      expect((await cti(fake, outbound('4930', 'c'))).json).toEqual({ action: 'dial', caller_id: 'exact', number: '4930' });
      // Anchored: a prefix does not match; no row and no default caller id: nothing to say, `from` kept.
      expect((await cti(fake, outbound('004930123', 'd'))).json).toEqual({});
      expect(fake.log('d')).toMatchObject({ from: '4930600000000', queue: '4930600000000' });
      expect(fake.log('a')).toMatchObject({ from: 'first', queue: 'first' });
    });

    it('falls back to the default caller id', async () => {
      await start({ routingTable: [{ dest: '41*', caller_id: '41715880339000' }], defaultCallerId: '4930777000000' });
      expect((await cti(fake, outbound('4912347114711', 'a'))).json).toEqual({ action: 'dial', caller_id: '4930777000000', number: '4912347114711' });
    });

    it('inserts dest into the regex unescaped: a leading + is an invalid regex and a 500', async () => {
      await start({ routingTable: [{ dest: '+41*', caller_id: 'x' }] });
      const result = await cti(fake, outbound('+4171', 'a'));
      expect(result.status).toBe(500);
      expect(fake.logs()).toEqual([]);
    });

    it('does not touch inbound calls, nor outbound answer and hangup', async () => {
      await start({ defaultCallerId: '4930777000000' });
      expect((await cti(fake, { event: 'newCall', ...inbound, call_id: 'in' })).json).toEqual({});
      await cti(fake, outbound('4912347114711', 'out'));
      expect((await cti(fake, { event: 'answer', direction: 'out', to: '4912347114711', call_id: 'out' })).json).toEqual({});
      expect((await cti(fake, { event: 'hangup', direction: 'out', to: '4912347114711', call_id: 'out' })).json).toEqual({});
    });

    it('reads changes to the config on the next request', async () => {
      await start();
      expect((await cti(fake, outbound('4912347114711', 'a'))).json).toEqual({});
      fake.setCtiConfig({ defaultCallerId: '4930777000000' });
      expect((await cti(fake, outbound('4912347114711', 'b'))).json).toMatchObject({ caller_id: '4930777000000' });
    });
  });

  describe('requests()', () => {
    it('records every CTI POST in arrival order, rejected ones included, with params, status and body', async () => {
      await start();
      await cti(fake, { event: 'newCall', ...inbound, call_id: 'c1', user: ['Ann', 'Bob'] });
      time.travel(1);
      await cti(fake, { event: 'hangup', ...inbound, call_id: 'c1' }, { token: 'stale-token' });
      time.travel(1);
      await cti(fake, { event: 'hangup', ...inbound, callId: 'c1', cause: 'cancel' }, { as: 'json' });
      await api(fake, 'GET', '/api/v1/cti/log');

      const log = fake.requests();
      expect(log).toHaveLength(3);
      expect(log[0]).toMatchObject({
        status: 200,
        body: {},
        token: CTI_TOKEN,
        contentType: 'application/x-www-form-urlencoded',
        params: { event: 'newCall', direction: 'in', call_id: 'c1', user: ['Ann', 'Bob'] },
      });
      expect(log[1]).toMatchObject({ status: 401, body: { error: ZAMMAD_MESSAGES.invalidToken }, token: 'stale-token' });
      expect(log[2]).toMatchObject({ status: 200, contentType: 'application/json', params: { callId: 'c1', cause: 'cancel' } });
      expect(log.map((entry) => entry.at)).toEqual([time.now() - 2000, time.now() - 1000, time.now()]);
    });
  });
});
