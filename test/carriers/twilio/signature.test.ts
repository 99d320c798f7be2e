import { isValidSignature, publicUrl, signatureFor } from '../../../src/carriers/twilio/signature';
import { withQuery } from '../../../src/carriers/twilio/webhook-url';

describe('the URL Twilio signed', () => {
  const base = { path: '/voice/whisper', query: { b: '2', a: '1' } };

  it('uses PUBLIC_BASE_URL when set (tunnels)', () => {
    expect(publicUrl({ ...base, publicBaseUrl: 'https://abc.ngrok.app', domainName: 'localhost:3000', host: 'localhost:3000' })).toBe(
      'https://abc.ngrok.app/voice/whisper?a=1&b=2',
    );
  });

  it('uses https://DOMAIN_NAME once deployed', () => {
    expect(publicUrl({ ...base, domainName: 'helpdesk-voice-1234-dev.twil.io', host: 'ignored' })).toBe(
      'https://helpdesk-voice-1234-dev.twil.io/voice/whisper?a=1&b=2',
    );
  });

  it('uses the request\'s own URL locally', () => {
    expect(publicUrl({ ...base, domainName: 'localhost:3000', host: '127.0.0.1:3999' })).toBe('http://127.0.0.1:3999/voice/whisper?a=1&b=2');
    expect(publicUrl({ path: '/x', query: {}, domainName: 'localhost:3000' })).toBe('http://localhost:3000/x');
  });

  it('builds query strings in one canonical order, skipping undefined', () => {
    expect(withQuery('/p', { z: 'last', a: 'first & more', m: undefined })).toBe('/p?a=first+%26+more&z=last');
    expect(withQuery('/p')).toBe('/p');
  });
});

describe('signature check', () => {
  const url = 'https://example.twil.io/voice/incoming';
  const params = { CallSid: 'CA123', From: '+14155550100' };

  it('accepts what Twilio would send and rejects anything else', () => {
    const signature = signatureFor('token-123', url, params);
    expect(isValidSignature('token-123', signature, url, params)).toBe(true);
    expect(isValidSignature('other-token', signature, url, params)).toBe(false);
    expect(isValidSignature('token-123', signature, url, { ...params, From: '+14155550101' })).toBe(false);
    expect(isValidSignature('token-123', signature, url + '?x=1', params)).toBe(false);
    expect(isValidSignature('token-123', undefined, url, params)).toBe(false);
  });
});
