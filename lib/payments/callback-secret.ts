import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares the secret in a callback URL with the session's, in constant time. Hashing first gives
 * both sides the same length, so the comparison leaks neither content nor length.
 */
export function callbackSecretMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
