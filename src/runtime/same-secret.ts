import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of secrets of any length (hashing first evens the lengths out). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
