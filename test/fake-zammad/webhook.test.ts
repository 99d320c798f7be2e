/**
 * sendWebhook: a Zammad trigger's webhook as it arrives, and railsJson, the body serialisation it uses. The receiver
 * checks the signature with node:crypto over the exact bytes it received.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_TRIGGER_NAME, railsJson, startFakeZammad, type FakeZammad } from '../../scripts/fake-zammad';
import { API_TOKEN, CTI_TOKEN } from './helpers';

interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

describe('fake Zammad: sendWebhook', () => {
  let fake: FakeZammad;
  let receiver: Server;
  let receiverUrl: string;
  let received: Received[];

  beforeEach(async () => {
    fake = await startFakeZammad({ ctiToken: CTI_TOKEN, apiToken: API_TOKEN });
    received = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(202, { 'Content-Type': 'text/plain' });
        res.end('accepted');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/zammad/click-to-call`;
  });

  afterEach(async () => {
    await fake.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  /** What a receiver must do: HMAC-SHA1 of the raw bytes, compared in constant time. */
  const verify = (body: Buffer, header: string | string[] | undefined, secret: string): boolean => {
    if (typeof header !== 'string' || !header.startsWith('sha1=')) return false;
    const expected = Buffer.from(`sha1=${createHmac('sha1', secret).update(body).digest('hex')}`);
    const actual = Buffer.from(header);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  };

  const payload = {
    ticket: { id: 42, number: '31001', title: 'Call <me> back & soon', customer: { phone: '+49 30 1234567', firstname: 'Jörg' } },
    article: { body: 'line\u2028separator', internal: false, created_at: '2026-01-05T10:00:00.000Z' },
    agent: null,
  };

  it('posts the Rails JSON body with a signature a receiver can verify over the exact bytes', async () => {
    const response = await fake.sendWebhook(receiverUrl, payload, 's3cret', 'Click to call');
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('accepted');

    expect(received).toHaveLength(1);
    const [hook] = received;
    if (!hook) throw new Error('nothing received');
    expect(hook.method).toBe('POST');
    expect(hook.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(hook.headers['user-agent']).toBe('Zammad User Agent');
    expect(hook.headers['x-zammad-trigger']).toBe('Click to call');
    expect(hook.headers['x-zammad-delivery']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    expect(verify(hook.body, hook.headers['x-hub-signature'], 's3cret')).toBe(true);
    expect(verify(hook.body, hook.headers['x-hub-signature'], 'other')).toBe(false);

    const text = hook.body.toString('utf8');
    expect(text).toBe(railsJson(payload));
    expect(text).toContain('Call \\u003cme\\u003e back \\u0026 soon');
    expect(text).toContain('line\\u2028separator');
    expect(text).toContain('Jörg');
    expect(JSON.parse(text)).toEqual(payload);
  });

  it('sends a fresh delivery id each time and a default trigger name', async () => {
    await fake.sendWebhook(receiverUrl, { a: 1 }, 's3cret');
    await fake.sendWebhook(receiverUrl, { a: 1 }, 's3cret');
    expect(received.map((hook) => hook.headers['x-zammad-trigger'])).toEqual([DEFAULT_TRIGGER_NAME, DEFAULT_TRIGGER_NAME]);
    expect(received[0]?.headers['x-zammad-delivery']).not.toBe(received[1]?.headers['x-zammad-delivery']);
  });

  it('signs nothing without a secret, and sends no body for an empty payload', async () => {
    await fake.sendWebhook(receiverUrl, { a: 1 }, '');
    await fake.sendWebhook(receiverUrl, {}, 's3cret');
    expect(received[0]?.headers['x-hub-signature']).toBeUndefined();
    expect(received[1]?.body.length).toBe(0);
    expect(received[1]?.headers['x-hub-signature']).toBeUndefined();
  });
});

describe('railsJson', () => {
  it('writes compact JSON with <, >, & and U+2028/U+2029 escaped', () => {
    expect(railsJson({ html: '<a href="x">&</a>', ls: '\u2028\u2029', n: [1, 2.5, null, true] })).toBe(
      '{"html":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e","ls":"\\u2028\\u2029","n":[1,2.5,null,true]}',
    );
  });

  it('writes nil for undefined, drops undefined members, and keeps non-ASCII text as is', () => {
    expect(railsJson(undefined)).toBe('null');
    expect(railsJson({ a: undefined, b: 'Ünïcødé' })).toBe('{"b":"Ünïcødé"}');
    expect(railsJson(new Date('2026-01-05T10:00:00Z'))).toBe('"2026-01-05T10:00:00.000Z"');
  });
});
