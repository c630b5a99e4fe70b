import { describe, expect, test } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  test('verifies the password it hashed and rejects any other', async () => {
    const hash = await hashPassword('correct horse battery staple');

    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  test('salts every hash, so equal passwords do not give equal hashes', async () => {
    const [first, second] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);

    expect(first).not.toBe(second);
    expect(await verifyPassword('same password', second)).toBe(true);
  });

  test('treats a unicode password the same in composed and decomposed form', async () => {
    const hash = await hashPassword('k\u00e4ffchen');

    expect(await verifyPassword('ka\u0308ffchen', hash)).toBe(true);
  });

  test.each([
    ['an empty string', ''],
    ['a bcrypt hash', '$2b$10$abcdefghijklmnopqrstuuJ8dcyYcXvJkG2bO5D9X0TzT2rM8lL1K'],
    ['a truncated scrypt hash', 'scrypt$16384$8$1$c2FsdA=='],
    ['impossible scrypt parameters', `scrypt$3$8$1$c2FsdA==$${Buffer.alloc(64).toString('base64')}`],
  ])('never matches %s', async (_label, stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });
});
