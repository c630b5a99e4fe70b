import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a secret someone sent with the one we hold, in constant time. Hashing first gives both
 * sides the same length, so the comparison leaks neither content nor length.
 */
export function secretMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
