import type { BasicCredentials } from '../twilio-emulator-kit/basic-auth';
import { isSid } from './sids';

/** Resources report the caller's account when it authenticated as one, else the emulator's own. */
export function accountSidFor(credentials: BasicCredentials, fallback: string): string {
  return isSid('AC', credentials.username) ? credentials.username : fallback;
}
