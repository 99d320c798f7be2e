import type { BasicCredentials } from '../twilio-emulator-kit/basic-auth';
import { notFound } from './errors';
import { isSid } from './sids';

/**
 * The AccountSid in the path must be an account sid, and the authenticated one when the username is an
 * account sid (an API key, SK…, belongs to an account we cannot know, so any account path is allowed).
 * Twilio answers a foreign or malformed account path with 404 / 20404, not 401.
 */
export function assertAccount(pathAccountSid: string, credentials: BasicCredentials, path: string): void {
  if (!isSid('AC', pathAccountSid)) throw notFound(path);
  if (isSid('AC', credentials.username) && credentials.username !== pathAccountSid) throw notFound(path);
}
