import { twilioAccessToken } from '../../src/softphone/twilio-access-token';
import { verifyHs256 } from '../support/jwt';

const settings = {
  accountSid: 'AC' + 'a'.repeat(32),
  apiKey: 'SK' + 'b'.repeat(32),
  apiSecret: 'api-secret-123',
  twimlAppSid: 'AP' + 'c'.repeat(32),
  ttlSeconds: 3600,
};

describe('the Twilio Voice SDK access token', () => {
  const token = twilioAccessToken(settings, 'alice');

  it('is signed with the API secret and names the key it was signed with', () => {
    const { header } = verifyHs256(token, settings.apiSecret);
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(() => verifyHs256(token, 'another-secret')).toThrow(/signature/);
  });

  it('is issued by the API key for the account, to the agent, with a Voice grant for incoming calls and the TwiML App', () => {
    const { payload } = verifyHs256(token, settings.apiSecret);
    expect(payload).toMatchObject({ iss: settings.apiKey, sub: settings.accountSid });
    expect(payload.grants).toEqual({
      identity: 'alice',
      voice: { incoming: { allow: true }, outgoing: { application_sid: settings.twimlAppSid } },
    });
  });

  it('expires after the configured lifetime', () => {
    const before = Math.floor(Date.now() / 1000);
    const { payload } = verifyHs256(twilioAccessToken({ ...settings, ttlSeconds: 900 }, 'bob'), settings.apiSecret);
    const after = Math.floor(Date.now() / 1000);
    expect((payload.exp as number) - (payload.iat as number)).toBe(900);
    expect(payload.iat as number).toBeGreaterThanOrEqual(before);
    expect(payload.iat as number).toBeLessThanOrEqual(after);
  });
});
