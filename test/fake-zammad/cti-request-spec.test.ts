/**
 * Replays spec/requests/integration/cti_spec.rb ("Integration CTI" → "request handling"): 'does token check' and
 * 'does basic call', request by request, with Zammad's fixture (research section 2, cases T1 and B1–B6).
 */
import { startFakeZammad, ZAMMAD_MESSAGES, type FakeZammad } from '../../scripts/fake-zammad';
import { API_TOKEN, CTI_TOKEN, SPEC_AGENT, SPEC_CTI_CONFIG, SPEC_CUSTOMERS, cti } from './helpers';

describe('Integration CTI request handling (cti_spec.rb)', () => {
  let fake: FakeZammad;

  beforeEach(async () => {
    fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN, ...SPEC_CTI_CONFIG, users: [SPEC_AGENT, ...SPEC_CUSTOMERS] });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('does token check (T1): a wrong token is 401 with Zammad’s message', async () => {
    const result = await cti(
      fake,
      { event: 'newCall', direction: 'in', from: '4912347114711', to: '4930600000000', call_id: '4991155921769858278-1', user: 'user 1' },
      { token: 'not_existing_token' },
    );
    expect(result.status).toBe(401);
    expect(result.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(result.json).toEqual({ error: 'Invalid token, please contact your admin!' });
    expect(fake.logs()).toEqual([]);
  });

  it('does basic call (B1–B6)', async () => {
    // inbound - I
    const b1 = await cti(fake, {
      event: 'newCall',
      direction: 'in',
      from: '4912347114711',
      to: '4930600000000',
      call_id: '4991155921769858278-1',
      user: ['user+1', 'user+2'],
    });
    expect(b1.status).toBe(200);
    expect(b1.json).toEqual({});

    // inbound - II - block caller
    const b2 = await cti(fake, {
      event: 'newCall',
      direction: 'in',
      from: '491715000000',
      to: '4930600000000',
      call_id: '4991155921769858278-2',
      user: ['user+1', 'user+2'],
    });
    expect(b2.status).toBe(200);
    expect(b2.json).toEqual({ action: 'reject', reason: 'busy' });

    // outbound - I - set default_caller_id
    const b3 = await cti(fake, {
      event: 'newCall',
      direction: 'out',
      from: '4930600000000',
      to: '4912347114711',
      call_id: '8621106404543334274-3',
      user: 'user 1',
    });
    expect(b3.status).toBe(200);
    expect(b3.json).toEqual({ action: 'dial', number: '4912347114711', caller_id: '4930777000000' });

    // outbound - II - set caller_id based on routing_table by explicit number
    const b4 = await cti(fake, {
      event: 'newCall',
      direction: 'out',
      from: '4930600000000',
      to: '491714000000',
      call_id: '8621106404543334274-4',
      user: 'user 1',
    });
    expect(b4.status).toBe(200);
    expect(b4.json).toEqual({ action: 'dial', number: '491714000000', caller_id: '41715880339000' });

    // outbound - III - set caller_id based on routing_table by 41*
    const b5 = await cti(fake, {
      event: 'newCall',
      direction: 'out',
      from: '4930600000000',
      to: '4147110000000',
      call_id: '8621106404543334274-5',
      user: 'user 1',
    });
    expect(b5.status).toBe(200);
    expect(b5.json).toEqual({ action: 'dial', number: '4147110000000', caller_id: '41715880339000' });

    // no config
    fake.setCtiConfig({ ctiConfigured: false });
    const b6 = await cti(fake, {
      event: 'newCall',
      direction: 'in',
      from: '4912347114711',
      to: '4930600000000',
      call_id: '4991155921769858278-6',
      user: ['user+1', 'user+2'],
    });
    expect(b6.status).toBe(422);
    expect(b6.json).toEqual({ error: ZAMMAD_MESSAGES.featureNotConfigured });
    expect(b6.json).toEqual({ error: 'Feature not configured, please contact your admin!' });

    // Every accepted newCall wrote its row, the blocked one included; the one after the config was cleared did not.
    expect(fake.logs().map((row) => row.call_id)).toEqual([
      '4991155921769858278-1',
      '4991155921769858278-2',
      '8621106404543334274-3',
      '8621106404543334274-4',
      '8621106404543334274-5',
    ]);
    expect(fake.log('4991155921769858278-1')?.to_comment).toBe('user+1, user+2');
    // The outbound rows carry the caller id Zammad told the PBX to use.
    expect(fake.log('8621106404543334274-4')).toMatchObject({ from: '41715880339000', queue: '41715880339000', done: true });
  });
});
