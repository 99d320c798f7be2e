import { signLink, softphonePath, verifyLink } from '../../src/softphone/link-signature';
import { UnauthenticatedError } from '../../src/runtime/request-errors';

const KEY = 'dashboard-token-1';
const now = new Date('2026-12-06T12:00:00Z');
const inTwelveHours = new Date(now.getTime() + 12 * 3600 * 1000);

describe('softphone links', () => {
  const link = signLink(KEY, { agentId: 'alice', expiresAt: inTwelveHours });

  it('signs the agent in until the link expires', () => {
    expect(verifyLink(KEY, link, now)).toEqual({ agentId: 'alice', expiresAt: inTwelveHours });
    expect(verifyLink(KEY, link, new Date(inTwelveHours.getTime() - 1000)).agentId).toBe('alice');
  });

  it.each([
    ['another agent', { ...link, agent: 'bob' }, /signature is wrong/],
    ['a later expiry', { ...link, exp: String(Number(link.exp) + 3600) }, /signature is wrong/],
    ['another key', signLink('another-token', { agentId: 'alice', expiresAt: inTwelveHours }), /signature is wrong/],
    ['a truncated signature', { ...link, sig: link.sig.slice(0, 10) }, /signature is wrong/],
    ['no signature', { agent: 'alice', exp: link.exp }, /missing or malformed/],
    ['an expiry that is not a number', { ...link, exp: 'soon' }, /missing or malformed/],
  ])('refuses a link with %s', (_label, params, message) => {
    const attempt = () => verifyLink(KEY, params, now);
    expect(attempt).toThrow(UnauthenticatedError);
    expect(attempt).toThrow(message);
  });

  it('refuses an expired link, saying when it expired', () => {
    expect(() => verifyLink(KEY, link, inTwelveHours)).toThrow(/expired at 2026-12-07T00:00:00.000Z/);
  });

  it('puts agent, expiry and signature in the softphone page\'s query', () => {
    const url = new URL(softphonePath(link), 'https://example.test');
    expect(url.pathname).toBe('/softphone.html');
    expect(verifyLink(KEY, Object.fromEntries(url.searchParams), now).agentId).toBe('alice');
  });
});
