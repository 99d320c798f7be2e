/**
 * setOutage: Zammad (or the proxy in front of it) answering a fixed status, resetting connections, hanging before
 * it answers normally, or applying an event and losing its reply. Assertions are on outcomes only, never on elapsed time.
 */
import { startFakeZammad, type FakeZammad } from '../../scripts/fake-zammad';
import { API_TOKEN, CTI_TOKEN, api, cti, formBody } from './helpers';

/** A CTI push by plain fetch, for outages where no reply is read (the connection is reset, hangs or is given up). */
function postCti(fake: FakeZammad, params: Parameters<typeof formBody>[0], signal?: AbortSignal): Promise<Response> {
  return fetch(`${fake.url}/api/v1/cti/${CTI_TOKEN}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: formBody(params),
    signal,
  });
}

describe('fake Zammad: outages', () => {
  let fake: FakeZammad;

  beforeEach(async () => {
    fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN });
  });

  afterEach(async () => {
    await fake.close();
  });

  const newCall = (call_id: string) => ({ event: 'newCall', direction: 'in', from: '4912347114711', to: '4930600000000', call_id });

  /** Waits (bounded) until the fake has answered every recorded CTI request. */
  async function settled(): Promise<void> {
    for (let attempt = 0; attempt < 500; attempt += 1) {
      if (fake.requests().every((entry) => entry.status !== 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the fake never answered');
  }

  it('status: answers every endpoint with that status and processes nothing', async () => {
    fake.setOutage({ kind: 'status', status: 503 });
    const result = await cti(fake, newCall('c1'));
    expect(result.status).toBe(503);
    expect(result.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(result.text).toContain('503 Service Temporarily Unavailable');
    expect((await api(fake, 'GET', '/api/v1/users/search?query=*')).status).toBe(503);
    expect((await api(fake, 'GET', '/api/v1/cti/log')).status).toBe(503);
    expect(fake.logs()).toEqual([]);
    expect(fake.requests()).toEqual([expect.objectContaining({ status: 503, params: expect.objectContaining({ call_id: 'c1' }) as unknown })]);

    fake.setOutage(false);
    expect((await cti(fake, newCall('c1'))).status).toBe(200);
    expect(fake.log('c1')?.state).toBe('newCall');
  });

  it('reset: the connection is reset and nothing is processed', async () => {
    fake.setOutage({ kind: 'reset' });
    await expect(postCti(fake, newCall('c1'))).rejects.toThrow();
    await expect(fetch(`${fake.url}/api/v1/users/search?query=*`, { headers: { Authorization: `Token token=${API_TOKEN}` } })).rejects.toThrow();
    expect(fake.logs()).toEqual([]);
    expect(fake.requests()).toEqual([expect.objectContaining({ status: 0, body: undefined })]);

    fake.setOutage(false);
    expect((await cti(fake, newCall('c1'))).status).toBe(200);
  });

  it('hang: answers normally after the pause', async () => {
    fake.setOutage({ kind: 'hang', ms: 50 });
    const result = await cti(fake, newCall('c1'));
    expect(result.status).toBe(200);
    expect(fake.log('c1')?.state).toBe('newCall');
    expect((await api(fake, 'GET', '/api/v1/cti/log')).status).toBe(200);
  });

  it('hang: a client that gives up still gets its event applied, so its retry meets "already exists"', async () => {
    fake.setOutage({ kind: 'hang', ms: 300 });
    await expect(postCti(fake, newCall('c1'), AbortSignal.timeout(20))).rejects.toThrow();
    await settled();
    expect(fake.log('c1')?.state).toBe('newCall');

    fake.setOutage(false);
    const retry = await cti(fake, newCall('c1'));
    expect(retry.status).toBe(500);
    expect(fake.requests().map((entry) => entry.status)).toEqual([200, 500]);
  });

  it('lost-reply: the event is applied, the connection is reset instead of answered, and the caller log shows it', async () => {
    expect((await cti(fake, newCall('c1'))).status).toBe(200);
    fake.setOutage({ kind: 'lost-reply', events: ['answer'] });
    await expect(postCti(fake, { event: 'answer', direction: 'in', from: '4912347114711', to: '4930600000000', call_id: 'c1', user: 'Anna' })).rejects.toThrow();
    expect(fake.log('c1')).toMatchObject({ state: 'answer', to_comment: 'Anna' });
    const log = await api(fake, 'GET', '/api/v1/cti/log');
    expect(log.status).toBe(200);
    expect((log.json as { list: Array<{ call_id: string; state: string }> }).list).toEqual([expect.objectContaining({ call_id: 'c1', state: 'answer' })]);
    // Events not named are answered as usual.
    expect((await cti(fake, { event: 'hangup', direction: 'in', from: '4912347114711', to: '4930600000000', call_id: 'c1', cause: 'normalClearing' })).status).toBe(200);
    expect(fake.requests().map((entry) => [entry.params.event, entry.status, entry.replyLost])).toEqual([
      ['newCall', 200, undefined],
      ['answer', 200, true],
      ['hangup', 200, undefined],
    ]);
  });

  it('lost-reply without events: every CTI push is applied and its reply lost', async () => {
    fake.setOutage({ kind: 'lost-reply' });
    await expect(postCti(fake, newCall('c1'))).rejects.toThrow();
    expect(fake.log('c1')?.state).toBe('newCall');
    expect(fake.requests()).toEqual([expect.objectContaining({ status: 200, replyLost: true })]);
  });

  it('close() ends hanging requests without answering them', async () => {
    fake.setOutage({ kind: 'hang', ms: 600_000 });
    const pending = postCti(fake, newCall('c1'));
    for (let attempt = 0; attempt < 500 && fake.requests().length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await fake.close();
    await expect(pending).rejects.toThrow();
    expect(fake.logs()).toEqual([]);
  });
});
