import { createHmac } from 'node:crypto';
import { clickToCallRequest } from '../../../src/helpdesks/zammad/click-to-call';
import { isValidHubSignature, railsJson } from '../../../src/helpdesks/zammad/webhook-signature';
import { startOfDay } from '../../../src/helpdesks/zammad/zoned-day';

describe('out-of-office days in Zammad\'s time zone', () => {
  it.each([
    ['2026-11-23', 'UTC', 0, '2026-11-23T00:00:00.000Z'],
    ['2026-11-23', 'Europe/Berlin', 0, '2026-11-22T23:00:00.000Z'],
    ['2026-07-01', 'Europe/Berlin', 0, '2026-06-30T22:00:00.000Z'],
    ['2026-03-29', 'Europe/Berlin', 1, '2026-03-29T22:00:00.000Z'],
    ['2026-11-23', 'Africa/Nairobi', 1, '2026-11-23T21:00:00.000Z'],
    ['2026-11-23', 'America/New_York', 0, '2026-11-23T05:00:00.000Z'],
  ])('%s in %s (+%i days) starts at %s', (date, zone, add, expected) => {
    expect(startOfDay(date, zone, add)?.toISOString()).toBe(expected);
  });

  it('refuses what is not a date', () => {
    expect(startOfDay('soon', 'UTC')).toBeNull();
  });
});

describe('Zammad webhook signatures', () => {
  const payload = { ticket: { number: '31001', title: 'Tea & <biscuits>' }, phone: '+49 30 123' };

  it('rebuilds the body as Rails wrote it and checks the HMAC', () => {
    const body = railsJson(payload);
    expect(body).toBe('{"ticket":{"number":"31001","title":"Tea \\u0026 \\u003cbiscuits\\u003e"},"phone":"+49 30 123"}');
    const signature = 'sha1=' + createHmac('sha1', 'webhook-secret').update(body).digest('hex');
    expect(isValidHubSignature('webhook-secret', signature, payload)).toBe(true);
    expect(isValidHubSignature('other-secret', signature, payload)).toBe(false);
    expect(isValidHubSignature('webhook-secret', signature, { ...payload, phone: '+49 30 124' })).toBe(false);
    expect(isValidHubSignature('webhook-secret', undefined, payload)).toBe(false);
    expect(isValidHubSignature('webhook-secret', 'sha1=zz', payload)).toBe(false);
  });
});

describe('click-to-call payloads', () => {
  it('reads Zammad\'s default ticket payload: the customer\'s phone and the agent who ran the macro', () => {
    const request = clickToCallRequest({ ticket: { number: '31001', customer: { phone: '030 1234567', mobile: '' }, updated_by: { id: 7, login: 'anna' } } }, 'DE');
    expect(request).toEqual({ agentId: 'zammad-7', customerNumber: '+49301234567', ticketNumber: '31001' });
  });

  it('reads the small custom payload', () => {
    expect(clickToCallRequest({ phone: '+14155550177', ticket: '31002', agent: '9' }, 'US')).toEqual({
      agentId: 'zammad-9',
      customerNumber: '+14155550177',
      ticketNumber: '31002',
    });
  });

  it.each([
    [{ ticket: { customer: {} }, agent: '9' }, /no number/],
    [{ phone: '+14155550177' }, /no agent/],
    [{ phone: '12', agent: '9' }, /not a valid phone number/],
  ])('rejects %o', (payload, message) => {
    expect(() => clickToCallRequest(payload, 'US')).toThrow(message);
  });
});
