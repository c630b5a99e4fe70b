/**
 * Guards the writes that must carry a `Klarna-Idempotency-Key`. A missing key is a programming
 * error (the caller forgot to derive one), so it fails loudly before anything is sent.
 */
export function requireIdempotencyKey(key: string): string {
  if (typeof key !== 'string' || key.trim() === '') {
    throw new TypeError('A Klarna-Idempotency-Key is required for this request');
  }
  return key;
}
