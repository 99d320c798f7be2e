import { format } from 'node:util';

/**
 * Everything the product logs goes through here, so no log line carries a secret or a whole phone
 * number: logs are read by more people, and kept longer, than the helpdesk that holds the calls.
 */

/** Configured secrets, registered when the configuration is read. */
const secrets = new Set<string>();

/** Shorter values are not searched for: they would blank ordinary words, and no real secret is that short. */
const SHORTEST_SECRET = 8;

export function keepOutOfLogs(values: Iterable<string | undefined>): void {
  for (const value of values) if (value && value.length >= SHORTEST_SECRET) secrets.add(value);
}

/**
 * A phone number as it appears in our logs: E.164 with or without its `+` (Zammad's format), or
 * with the `+` URL-encoded; digits may be grouped by spaces. Digits glued to letters (call ids,
 * hex) are not numbers.
 */
const PHONE_NUMBER = /(?<![\w%])(\+|%2B)?(\d(?: ?\d){7,14})(?![\w])/g;

/** `+254712345678` → `+25471****678`: the country and network stay readable, the subscriber does not. */
export function maskPhoneNumber(plus: string, number: string): string {
  const digits = number.replace(/ /g, '');
  const hidden = Math.max(4, digits.length - 8);
  const shown = digits.length - 3 - hidden;
  return `${plus}${digits.slice(0, shown)}${'*'.repeat(hidden)}${digits.slice(-3)}`;
}

export function maskForLog(text: string): string {
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join('[secret]');
  return masked.replace(PHONE_NUMBER, (_match, plus: string | undefined, number: string) => maskPhoneNumber(plus ?? '', number));
}

const line = (args: unknown[]) => maskForLog(format(...args));

export const log = {
  error: (...args: unknown[]) => console.error(line(args)),
  warn: (...args: unknown[]) => console.warn(line(args)),
  info: (...args: unknown[]) => console.info(line(args)),
};
