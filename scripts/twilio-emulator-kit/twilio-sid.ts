import { randomBytes } from 'node:crypto';

/**
 * Twilio SIDs: a two-letter type prefix and 32 hex digits (the specs' patterns, e.g. ^CA[0-9a-fA-F]{32}$).
 * Each emulator narrows `prefix` to the types it serves, so a typo in a prefix fails to compile.
 */
export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

export function isSid(prefix: string, value: string): boolean {
  return new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
}
