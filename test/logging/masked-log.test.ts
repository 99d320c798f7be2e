import { runtimeSchema, SECRET_SETTINGS } from '../../src/config';
import { keepOutOfLogs, log, maskForLog } from '../../src/logging/masked-log';

describe('maskForLog', () => {
  it.each([
    ['+254712345678', '+25471****678'],
    ['254712345678', '25471****678'],
    ['+14155550100', '+1415****100'],
    ['+4930600000000', '+49306*****000'],
    ['+254 712 345 678', '+25471****678'],
    ['phone=%2B14155561017&x=1', 'phone=%2B1415****017&x=1'],
    ['from +254712345678 to 4930600000000.', 'from +25471****678 to 49306*****000.'],
  ])('masks the subscriber part of %s', (raw, masked) => {
    expect(maskForLog(raw)).toBe(masked);
  });

  it.each([
    'call CA0123456789abcdef0123456789abcdef',
    'ATVId_1234567890abcdef',
    'at 2026-12-07T03:34:24.205Z on 127.0.0.1:42171',
    'event 3 of 12, 600 ms',
    'agent zammad-12',
  ])('leaves what is no phone number alone: %s', (text) => {
    expect(maskForLog(text)).toBe(text);
  });

  it('blanks every configured secret wherever it appears, and not short values that would blank ordinary words', () => {
    keepOutOfLogs(['s3cret-token-value', 'cti', undefined]);
    expect(maskForLog('GET /api/v1/cti/s3cret-token-value?x=s3cret-token-value')).toBe('GET /api/v1/cti/[secret]?x=[secret]');
  });

  it('is what log lines go through, whole objects and stacks included', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      log.error('refused:', new Error('no agent at +254712345678'), { to: '+254712345678' });
      const line = String(spy.mock.calls[0][0]);
      expect(line).toContain('+25471****678');
      expect(line).not.toContain('712345');
      expect(line).toContain('masked-log.test.ts'); // the stack is still there
    } finally {
      spy.mockRestore();
    }
  });
});

describe('SECRET_SETTINGS', () => {
  it('names every credential among the settings (the API key SID is an identifier, the token TTL a duration)', () => {
    const credentials = Object.keys(runtimeSchema.shape).filter((name) => /TOKEN|SECRET|_KEY$/.test(name) && !['TWILIO_API_KEY', 'SOFTPHONE_TOKEN_TTL'].includes(name));
    expect([...SECRET_SETTINGS].sort()).toEqual(credentials.sort());
  });
});
