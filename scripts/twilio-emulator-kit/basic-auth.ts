import { createHash, timingSafeEqual } from 'node:crypto';
import { authenticationRequired } from './twilio-error';

export interface BasicCredentials {
  username: string;
  password: string;
}

/**
 * Twilio's REST APIs take HTTP Basic auth (account sid or API key : secret). Without configured
 * credentials the emulator accepts any pair, but still demands one, so a client that forgets to send
 * auth fails here as it would against Twilio.
 */
export function authenticate(header: string | undefined, expected: BasicCredentials | undefined): BasicCredentials {
  const given = parseBasicAuth(header);
  if (!given) throw authenticationRequired();
  if (expected && !(sameSecret(given.username, expected.username) && sameSecret(given.password, expected.password))) {
    throw authenticationRequired();
  }
  return given;
}

function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Hashing first gives equal-length inputs, which timingSafeEqual requires. */
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
