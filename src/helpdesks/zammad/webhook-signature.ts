import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Zammad signs a webhook's body with HMAC-SHA1 (`X-Hub-Signature: sha1=<hex>`). Twilio Functions
 * hand us the parsed JSON, not the bytes, so the body is rebuilt the way Zammad (Rails' to_json)
 * wrote it: compact, keys in order, and <, >, &, U+2028, U+2029 escaped.
 */
export function railsJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function isValidHubSignature(secret: string, header: string | undefined, payload: unknown): boolean {
  const match = /^sha1=([0-9a-f]{40})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const expected = createHmac('sha1', secret).update(railsJson(payload)).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}
