import { allowedNumber, NumberNotAllowedError, type OutboundPolicy } from '../../src/phone/outbound-policy';

const KENYA: OutboundPolicy = { allowedCountries: ['KE'], blockedPrefixes: [] };

function refusal(number: string, policy: OutboundPolicy): string {
  try {
    allowedNumber(number, policy);
  } catch (error) {
    if (error instanceof NumberNotAllowedError) return error.reason;
    throw error;
  }
  throw new Error(`${number} was allowed`);
}

describe('the numbers the softphone may call', () => {
  it('allows a valid number of an allowed country, as E.164', () => {
    expect(allowedNumber(' +254711082001 ', KENYA)).toBe('+254711082001');
    expect(allowedNumber('+14155550100', { allowedCountries: ['US', 'KE'], blockedPrefixes: [] })).toBe('+14155550100');
  });

  it.each([
    ['0711082001', /international form/],
    ['+2547', /international form/],
    ['+25471108200112345', /international form/],
    ['+447700900123', /not a valid phone number/],
    ['tel:+254711082001', /international form/],
  ])('refuses %s', (number, reason) => {
    expect(refusal(number, KENYA)).toMatch(reason);
  });

  it('refuses countries not on the list, naming the ones that are', () => {
    expect(refusal('+14155550100', KENYA)).toBe('calls to US are not allowed (allowed: KE)');
  });

  it('refuses premium-rate and shared-cost numbers even in an allowed country', () => {
    const anywhere: OutboundPolicy = { allowedCountries: ['US', 'GB', 'FR'], blockedPrefixes: [] };
    expect(refusal('+19005550100', anywhere)).toBe('it is a premium-rate number');
    expect(refusal('+448712345678', anywhere)).toBe('it is a premium-rate number');
    expect(refusal('+33899123456', anywhere)).toBe('it is a premium-rate number');
    expect(refusal('+33810123456', anywhere)).toBe('it is a shared-cost number');
  });

  it('refuses blocked prefixes', () => {
    const policy: OutboundPolicy = { allowedCountries: ['KE'], blockedPrefixes: ['+25420'] };
    expect(refusal('+254202222222', policy)).toBe('numbers starting +25420 are blocked');
    expect(allowedNumber('+254711082001', policy)).toBe('+254711082001');
  });

  it('is a 400 with the number and the reason', () => {
    expect(() => allowedNumber('+14155550100', KENYA)).toThrow('"+14155550100" may not be called from the softphone: calls to US are not allowed (allowed: KE)');
  });
});
