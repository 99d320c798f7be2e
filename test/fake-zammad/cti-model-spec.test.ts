/**
 * Replays Zammad's model specs over HTTP: spec/models/cti/log_spec.rb (Cti::Log.process and .log, research 2.3) and
 * spec/models/cti/driver/base_spec.rb (direction check, block list, answering agent, research 2.4). A raised error
 * in the model is the HTTP answer Zammad's controller gives for it.
 */
import { OPAQUE_ERROR, startFakeZammad, ZAMMAD_MESSAGES, type FakeZammad, type FakeZammadOptions, type FakeZammadUser } from '../../scripts/fake-zammad';
import { API_TOKEN, CTI_TOKEN, api, asObject, clock, cti } from './helpers';

const agent = (id: number, extra: Partial<FakeZammadUser> = {}): FakeZammadUser => ({
  id,
  login: `agent${id}@example.com`,
  firstname: 'Agent',
  lastname: String(id),
  email: `agent${id}@example.com`,
  active: true,
  permissions: ['ticket.agent', 'cti.agent'],
  ...extra,
});

const customer = (id: number, extra: Partial<FakeZammadUser> = {}): FakeZammadUser => ({
  id,
  login: `customer${id}@example.com`,
  firstname: 'Customer',
  lastname: String(id),
  email: `customer${id}@example.com`,
  active: true,
  permissions: ['ticket.customer'],
  ...extra,
});

describe('Cti::Log (log_spec.rb)', () => {
  let fake: FakeZammad;
  const start = async (options: Partial<FakeZammadOptions> = {}): Promise<FakeZammad> => {
    fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, ...options });
    return fake;
  };

  afterEach(async () => {
    await fake.close();
  });

  /** The spec's `attributes`: in, user 'user 1', from 49123456, to 49123457, call_id 1, cause ''. */
  const attributes = (event: string, extra: Record<string, string> = {}) => ({
    cause: '',
    event,
    user: 'user 1',
    from: '49123456',
    to: '49123457',
    call_id: '1',
    direction: 'in',
    ...extra,
  });

  describe('.process for event "newCall"', () => {
    it('with unrecognized "call_id" creates a new Log record', async () => {
      await start();
      const result = await cti(fake, attributes('newCall'));
      expect(result.status).toBe(200);
      expect(fake.logs()).toHaveLength(1);
      expect(fake.log('1')).toMatchObject({
        call_id: '1',
        state: 'newCall',
        done: false,
        queue: '49123457',
        from: '49123456',
        from_comment: null,
        start_at: null,
        end_at: null,
        to: '49123457',
        to_comment: 'user 1',
        comment: '',
      });
    });

    it('for direction "in", with a CallerId record matching the "from" number, saves it in preferences[:from]', async () => {
      await start({ users: [customer(7, { phone: '49123456' })] });
      await cti(fake, attributes('newCall', { direction: 'in' }));
      expect(fake.log('1')?.preferences.from?.[0]).toMatchObject({ caller_id: '49123456', level: 'known', object: 'User', o_id: 7, user_id: 7 });
    });

    it('for direction "out", with a CallerId record matching the "to" number, saves it in preferences[:to]', async () => {
      await start({ users: [customer(7, { phone: '49123457' })] });
      await cti(fake, attributes('newCall', { direction: 'out' }));
      expect(fake.log('1')?.preferences.to?.[0]).toMatchObject({ caller_id: '49123457', level: 'known', user_id: 7 });
    });

    it('with recognized "call_id" raises "already exists" (HTTP 500)', async () => {
      await start();
      await cti(fake, attributes('newCall'));
      const before = fake.logs();
      const result = await cti(fake, attributes('newCall'));
      expect(result.status).toBe(500);
      expect(result.json).toEqual({ error: ZAMMAD_MESSAGES.alreadyExists, error_human: ZAMMAD_MESSAGES.alreadyExists });
      expect(fake.logs()).toEqual(before);
    });
  });

  describe('.process for event "answer"', () => {
    it('with unrecognized "call_id" raises "No such call_id" (HTTP 500, opaque)', async () => {
      await start();
      const result = await cti(fake, attributes('answer'));
      expect(result.status).toBe(500);
      expect(asObject(result.json).error).toMatch(OPAQUE_ERROR);
      expect(fake.logs()).toEqual([]);
    });

    it('for Log with #state "newCall" changes state to answer and done to true', async () => {
      await start();
      await cti(fake, attributes('newCall'));
      expect(fake.log('1')).toMatchObject({ state: 'newCall', done: false });
      await cti(fake, attributes('answer'));
      expect(fake.log('1')).toMatchObject({ state: 'answer', done: true });
    });

    it('for Log with #state "hangup" returns early with no changes', async () => {
      await start();
      await cti(fake, attributes('newCall'));
      await cti(fake, attributes('hangup'));
      const before = fake.log('1');
      expect(before).toMatchObject({ state: 'hangup', done: false });
      const result = await cti(fake, attributes('answer'));
      expect(result.status).toBe(200);
      expect(fake.log('1')).toEqual(before);
    });
  });

  describe('.process for event "hangup"', () => {
    it('with unrecognized "call_id" raises "No such call_id" (HTTP 500, opaque)', async () => {
      await start();
      const result = await cti(fake, attributes('hangup'));
      expect(result.status).toBe(500);
      expect(asObject(result.json).error).toMatch(OPAQUE_ERROR);
    });

    it('for Log with #state "newCall" sets #state: "hangup" and leaves #done false', async () => {
      await start();
      await cti(fake, attributes('newCall'));
      await cti(fake, attributes('hangup'));
      expect(fake.log('1')).toMatchObject({ state: 'hangup', done: false });
    });

    it('for Log with #state "newCall", when call is forwarded, sets #done: true', async () => {
      await start();
      await cti(fake, attributes('newCall'));
      await cti(fake, attributes('hangup', { cause: 'forwarded' }));
      expect(fake.log('1')).toMatchObject({ state: 'hangup', done: true, comment: 'forwarded' });
    });

    it('for Log with #state "answer" sets #state: "hangup" and leaves #done true', async () => {
      await start();
      await cti(fake, attributes('newCall'));
      await cti(fake, attributes('answer'));
      await cti(fake, attributes('hangup'));
      expect(fake.log('1')).toMatchObject({ state: 'hangup', done: true });
    });

    it('for Log with #state "answer", when call is sent to voicemail, sets #done: false', async () => {
      await start();
      await cti(fake, attributes('newCall'));
      await cti(fake, attributes('answer', { user: 'voicemail' }));
      expect(fake.log('1')).toMatchObject({ state: 'answer', done: true, to_comment: 'voicemail' });
      await cti(fake, attributes('hangup'));
      expect(fake.log('1')).toMatchObject({ state: 'hangup', done: false });
    });
  });

  describe('.process for preferences.from verification', () => {
    const call = { cause: '', event: 'newCall', user: 'user 1', from: '0123456', to: '49123450', call_id: '1', direction: 'in' };

    it('with no related customer gives no caller information', async () => {
      await start();
      await cti(fake, call);
      expect(fake.log('1')?.preferences.from).toBeUndefined();
      expect(fake.log('1')?.from_comment).toBeNull();
    });

    it('with related known customer gives caller information', async () => {
      await start({ users: [customer(7, { phone: '0123456' })] });
      await cti(fake, call);
      expect(fake.log('1')?.preferences.from).toHaveLength(1);
      expect(fake.log('1')?.preferences.from?.[0]).toMatchObject({ level: 'known', user_id: 7 });
      expect(fake.log('1')?.from_comment).toBe('Customer 7');
    });

    it('with related known customers gives both, the newer first', async () => {
      await start({ users: [customer(7, { phone: '0123456' }), customer(8, { phone: '0123456' })] });
      await cti(fake, call);
      expect(fake.log('1')?.preferences.from).toHaveLength(2);
      expect(fake.log('1')?.preferences.from?.[0]).toMatchObject({ level: 'known', user_id: 8 });
      expect(fake.log('1')?.from_comment).toBe('Customer 8,Customer 7');
    });
  });

  describe('.log', () => {
    it('when over 60 Log records exist returns the 60 latest ones in the :list key', async () => {
      const time = clock();
      await start({ now: time.now });
      for (let index = 1; index <= 61; index += 1) {
        time.travel(1);
        await cti(fake, { event: 'newCall', direction: 'in', from: '491000', to: '492000', call_id: `call-${index}` });
      }
      const result = await api(fake, 'GET', '/api/v1/cti/log');
      const list = asObject(result.json).list as Array<{ call_id: string }>;
      expect(list).toHaveLength(60);
      expect(list[0]?.call_id).toBe('call-61');
      expect(list.map((entry) => entry.call_id)).not.toContain('call-1');
    });

    it('returns a hash with :list and :assets keys', async () => {
      await start();
      const result = await api(fake, 'GET', '/api/v1/cti/log');
      expect(result.status).toBe(200);
      expect(result.json).toMatchObject({ list: [], assets: {} });
    });
  });
});

describe('Cti::Driver::Base (base_spec.rb)', () => {
  let fake: FakeZammad;

  afterEach(async () => {
    await fake.close();
  });

  describe('.direction_check', () => {
    beforeEach(async () => {
      fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN });
    });

    it.each(['in', 'out'])('for %s direction passes', async (direction) => {
      const result = await cti(fake, { event: 'newCall', direction, from: '491', to: '492', call_id: direction });
      expect(result.status).toBe(200);
    });

    it('for not existing direction returns invalid_direction (HTTP 422)', async () => {
      const result = await cti(fake, { event: 'newCall', direction: 'not existing', from: '491', to: '492', call_id: 'x' });
      expect(result.status).toBe(422);
      expect(result.json).toEqual({ error: ZAMMAD_MESSAGES.invalidDirection });
      expect(fake.logs()).toEqual([]);
    });
  });

  describe('.reject_check', () => {
    beforeEach(async () => {
      fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, blockCallerIds: ['1234'] });
    });

    it('with reject number in from param and matching caller_id returns reject', async () => {
      const result = await cti(fake, { event: 'newCall', direction: 'in', from: '1234', to: '49', call_id: 'a' });
      expect(result.json).toEqual({ action: 'reject', reason: 'busy' });
    });

    it('with reject number in from param and matching caller_id but wrong direction returns nothing', async () => {
      const result = await cti(fake, { event: 'newCall', direction: 'out', from: '1234', to: '49', call_id: 'b' });
      expect(result.json).toEqual({});
    });

    it('with reject number in from param but not matching caller_id returns nothing', async () => {
      const result = await cti(fake, { event: 'newCall', direction: 'in', from: '12345', to: '49', call_id: 'c' });
      expect(result.json).toEqual({});
    });
  });

  describe('.push_open_ticket_screen_recipient (the agent of an inbound answer)', () => {
    const answeringUserOf = async (users: FakeZammadUser[], answer: Record<string, string>): Promise<number | null | undefined> => {
      fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, users });
      await cti(fake, { event: 'newCall', direction: 'in', from: '4930111', to: '4930222', call_id: 'r' });
      const result = await cti(fake, { event: 'answer', direction: 'in', call_id: 'r', ...answer });
      expect(result.status).toBe(200);
      return fake.requests()[1]?.answering_user_id;
    };

    it('with direct number in answeringNumber params returns related user', async () => {
      expect(await answeringUserOf([agent(10, { phone: '1234567' })], { answeringNumber: '1234567' })).toBe(10);
    });

    it('with not existing direct number in answeringNumber params returns nil', async () => {
      expect(await answeringUserOf([agent(10, { phone: '1234567' })], { answeringNumber: '98765421' })).toBeNull();
    });

    it('with real phone number in answeringNumber params returns related user (0171 → 49171)', async () => {
      expect(await answeringUserOf([agent(10, { phone: '0171 1000001' })], { answeringNumber: '491711000001' })).toBe(10);
    });

    it('with user in upcase in params returns related user', async () => {
      expect(await answeringUserOf([agent(10)], { user: 'AGENT10@EXAMPLE.COM' })).toBe(10);
    });

    it('with user_id in params returns related user', async () => {
      expect(await answeringUserOf([agent(10)], { user_id: '10' })).toBe(10);
    });
  });
});
