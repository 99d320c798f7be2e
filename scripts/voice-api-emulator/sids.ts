import { randomBytes } from 'node:crypto';

/** Twilio SIDs: a two-letter type prefix and 32 hex digits (the spec's patterns, e.g. ^CA[0-9a-fA-F]{32}$). */
export type SidPrefix = 'AC' | 'AP' | 'CA' | 'QU';

export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}

export function isSid(prefix: SidPrefix, value: string): boolean {
  return new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
}
