import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/*
 * Password hashing with node:crypto scrypt (no native bcrypt build needed). The stored format
 * carries its parameters, so the cost can be raised without breaking existing hashes:
 *   scrypt$N$r$p$<salt base64>$<key base64>
 * A hash made with other parameters still verifies, and needsRehash() tells the sign-in to store
 * a new one.
 */

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's minimum for scrypt (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1. */
export const CURRENT_PARAMS: Readonly<ScryptParams> = { N: 2 ** 17, r: 8, p: 1 };

const KEY_LENGTH = 64;
// Caps what a stored hash may ask for, so a corrupted or planted one cannot make a sign-in
// allocate gigabytes (N = 2^20 with r = 8 is 1 GiB).
const MAX_N = 2 ** 20;
const MAX_R = 16;
const MAX_P = 16;

function deriveKey(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs about 128 * N * r bytes; Node refuses more than 32 MiB unless told, and the
  // current parameters need 128 MiB.
  const maxmem = 128 * N * r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key || rest.length > 0) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const withinBounds =
    Number.isSafeInteger(params.N) &&
    Number.isSafeInteger(params.r) &&
    Number.isSafeInteger(params.p) &&
    params.N > 1 &&
    params.N <= MAX_N &&
    params.r >= 1 &&
    params.r <= MAX_R &&
    params.p >= 1 &&
    params.p <= MAX_P;
  const keyBytes = Buffer.from(key, 'base64');
  if (!withinBounds || keyBytes.length !== KEY_LENGTH) return null;
  return { params, salt: Buffer.from(salt, 'base64'), key: keyBytes };
}

/** Hashes a password with a fresh random salt, at the current cost unless `params` says otherwise. */
export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await deriveKey(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches `stored`; compares in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  try {
    const actual = await deriveKey(password, parsed.salt, parsed.params);
    return timingSafeEqual(actual, parsed.key);
  } catch {
    // Parameters scrypt rejects (a corrupted hash): treat as a mismatch, not a crash.
    return false;
  }
}

/** True when `stored` was made with other parameters than the current ones (or cannot be read). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return (
    parsed === null ||
    parsed.params.N !== CURRENT_PARAMS.N ||
    parsed.params.r !== CURRENT_PARAMS.r ||
    parsed.params.p !== CURRENT_PARAMS.p
  );
}
