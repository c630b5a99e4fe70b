import { describe, expect, test } from 'vitest';
import { CURRENT_PARAMS, hashPassword, needsRehash, verifyPassword } from './password';

// The cost OWASP deems too low today (and this store used before): cheap enough for the tests that
// are about something else than the cost.
const OLD_PARAMS = { N: 2 ** 14, r: 8, p: 1 };

describe('password hashing', () => {
  test("hashes at OWASP's minimum scrypt cost and records it in the hash", async () => {
    expect(CURRENT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });

    const hash = await hashPassword('correct horse battery staple');

    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    // Three derivations at 128 MiB each: about a second apiece on a busy machine.
  }, 60_000);

  test('still verifies a hash made at an older cost, and asks for it to be replaced', async () => {
    const hash = await hashPassword('correct horse battery staple', OLD_PARAMS);

    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(true);
  });

  test('verifies the password it hashed and rejects any other', async () => {
    const hash = await hashPassword('correct horse battery staple', OLD_PARAMS);

    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  test('salts every hash, so equal passwords do not give equal hashes', async () => {
    const [first, second] = await Promise.all([
      hashPassword('same password', OLD_PARAMS),
      hashPassword('same password', OLD_PARAMS),
    ]);

    expect(first).not.toBe(second);
    expect(await verifyPassword('same password', second)).toBe(true);
  });

  test('treats a unicode password the same in composed and decomposed form', async () => {
    const hash = await hashPassword('k\u00e4ffchen', OLD_PARAMS);

    expect(await verifyPassword('ka\u0308ffchen', hash)).toBe(true);
  });

  test.each([
    ['an empty string', ''],
    ['a bcrypt hash', '$2b$10$abcdefghijklmnopqrstuuJ8dcyYcXvJkG2bO5D9X0TzT2rM8lL1K'],
    ['a truncated scrypt hash', 'scrypt$16384$8$1$c2FsdA=='],
    ['impossible scrypt parameters', `scrypt$3$8$1$c2FsdA==$${Buffer.alloc(64).toString('base64')}`],
    // A planted hash must not make a sign-in allocate 16 GiB.
    [
      'a cost beyond any we would store',
      `scrypt$16777216$8$1$c2FsdA==$${Buffer.alloc(64).toString('base64')}`,
    ],
  ])('never matches %s, and asks for it to be replaced', async (_label, stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });
});
