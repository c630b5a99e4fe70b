import type { PrismaClient } from '@/lib/generated/prisma/client';
import { afterAll, describe, expect, test } from 'vitest';
import { setUpTestDatabase } from './helpers/database';

/*
 * The sign-in and sign-up throttle on a real database: 10 failed attempts per account and per
 * client address in 15 minutes, counted atomically and shared by every storefront instance.
 */

const db = setUpTestDatabase();
let secondInstance: PrismaClient | undefined;

afterAll(async () => {
  await secondInstance?.$disconnect();
});

let counter = 0;
/** A fresh account and address per test, so tests never share counters. */
function fresh(): { account: string; address: string } {
  counter += 1;
  return { account: `guess-${counter}@example.com`, address: `203.0.113.${counter}` };
}

async function throttles() {
  const { signInThrottle, signUpThrottle, createAuthThrottles } = await import('@/lib/data/auth-throttle');
  return { signInThrottle, signUpThrottle, createAuthThrottles };
}

describe('signing in', () => {
  test('allows 10 failed attempts on an account, then refuses with how long to wait', async () => {
    const { signInThrottle } = await throttles();
    const { account } = fresh();

    for (let attempt = 1; attempt <= 10; attempt += 1) {
      // From a new address each time: only the account's count can refuse.
      expect(await signInThrottle.begin({ account, address: `198.51.100.${attempt}` })).toEqual({
        allowed: true,
      });
    }
    const eleventh = await signInThrottle.begin({ account, address: '198.51.100.200' });

    expect(eleventh).toMatchObject({
      allowed: false,
      message: 'Too many attempts, try again in 15 minutes.',
    });
    expect(eleventh.allowed || eleventh.retryAfterSeconds).toBeGreaterThan(14 * 60);
  });

  test('allows 10 failed attempts from an address across accounts, then refuses the 11th on any account', async () => {
    const { signInThrottle } = await throttles();
    const { address } = fresh();

    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expect(await signInThrottle.begin({ account: `someone-${attempt}@example.com`, address })).toEqual({
        allowed: true,
      });
    }

    expect(await signInThrottle.begin({ account: 'never-tried@example.com', address })).toMatchObject({
      allowed: false,
    });
    // An attempt that names no valid account is still counted against the address.
    expect(await signInThrottle.begin({ address })).toMatchObject({ allowed: false });
    // Another address, another account: unaffected.
    expect(await signInThrottle.begin(fresh())).toEqual({ allowed: true });
  });

  test('40 simultaneous guesses are all counted, and no more than 10 get through', async () => {
    const { signInThrottle } = await throttles();
    const attempt = fresh();

    const verdicts = await Promise.all(Array.from({ length: 40 }, () => signInThrottle.begin(attempt)));

    // SQLite lets exactly 10 through. On PostgreSQL each count is read back after its increment and
    // may already include a simultaneous guess, so a burst can be cut short before the 10th; it is
    // never let past it.
    const allowed = verdicts.filter((verdict) => verdict.allowed).length;
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThanOrEqual(10);
    const counts = await (await db.prisma()).rateLimit.findMany({ where: { points: 40 } });
    expect(counts).toHaveLength(2); // the account's and the address's
    expect(await signInThrottle.begin(attempt)).toMatchObject({ allowed: false });
  });

  test('two storefront instances on one database count the same attempts', async () => {
    const { signInThrottle, createAuthThrottles } = await throttles();
    const { createClient } = await import('@/lib/db');
    secondInstance = createClient(db.url);
    const other = createAuthThrottles(secondInstance).signIn;
    const attempt = fresh();

    for (let i = 0; i < 10; i += 1) {
      const instance = i % 2 === 0 ? signInThrottle : other;
      expect(await instance.begin(attempt)).toEqual({ allowed: true });
    }

    expect(await signInThrottle.begin(attempt)).toMatchObject({ allowed: false });
    expect(await other.begin(attempt)).toMatchObject({ allowed: false });
  });

  test('a successful sign-in is not a failure: it clears the account and gives the address its attempt back', async () => {
    const { signInThrottle } = await throttles();
    const attempt = fresh();
    for (let i = 0; i < 9; i += 1) await signInThrottle.begin(attempt);

    expect(await signInThrottle.begin(attempt)).toEqual({ allowed: true });
    await signInThrottle.succeeded(attempt);

    // The address has used 9 of its 10 attempts; the account starts afresh.
    expect(await signInThrottle.begin(attempt)).toEqual({ allowed: true });
    expect(await signInThrottle.begin(attempt)).toMatchObject({ allowed: false });
    expect(await signInThrottle.begin({ account: attempt.account, address: '192.0.2.250' })).toEqual({
      allowed: true,
    });
  });

  test('allows attempts again once the 15 minutes have passed', async () => {
    const { signInThrottle } = await throttles();
    const attempt = fresh();
    for (let i = 0; i < 10; i += 1) await signInThrottle.begin(attempt);
    expect(await signInThrottle.begin(attempt)).toMatchObject({ allowed: false });

    // The window's end, moved into the past: as if 15 minutes had gone by.
    await (await db.prisma()).rateLimit.updateMany({ data: { expire: new Date(Date.now() - 1000) } });

    expect(await signInThrottle.begin(attempt)).toEqual({ allowed: true });
  });

  test('stores no email or address in the clear', async () => {
    const { signInThrottle } = await throttles();
    await signInThrottle.begin({ account: 'private@example.com', address: '192.0.2.77' });

    const keys = (await (await db.prisma()).rateLimit.findMany({ select: { key: true } })).map(
      (row) => row.key,
    );

    expect(keys.join(' ')).not.toMatch(/private@example\.com|192\.0\.2\.77/);
  });
});

describe('signing up', () => {
  function form(fields: Record<string, string>): FormData {
    const data = new FormData();
    for (const [key, value] of Object.entries(fields)) data.set(key, value);
    return data;
  }

  test('10 failed sign-ups from an address, then the 11th is refused with a message and writes nothing', async () => {
    const { signUpFrom } = await import('@/lib/sign-up');
    const { address } = fresh();
    const prisma = await db.prisma();

    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const result = await signUpFrom(
        form({ email: `bad-${attempt}@example.com`, name: '', password: 'x' }),
        address,
      );
      expect(result).toMatchObject({ ok: false, message: 'Please correct the highlighted fields.' });
    }
    const before = await prisma.user.count();
    const eleventh = await signUpFrom(
      form({ email: 'valid@example.com', name: 'Valid', password: 'a-fine-password' }),
      address,
    );

    expect(eleventh).toEqual({
      ok: false,
      message: 'Too many attempts, try again in 15 minutes.',
      fieldErrors: {},
    });
    expect(await prisma.user.count()).toBe(before);
  });

  test('probing one email for an account is limited to 10 tries, from any address', async () => {
    const { signUpFrom } = await import('@/lib/sign-up');
    const { createUser } = await import('@/lib/data/users');
    await createUser({ email: 'probed@example.com', name: 'Probed', password: 'probed-password' });

    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const result = await signUpFrom(
        form({ email: 'probed@example.com', name: 'Prober', password: 'whatever-password' }),
        `198.18.0.${attempt}`,
      );
      expect(result).toMatchObject({ ok: false, message: 'An account with this email already exists.' });
    }

    expect(
      await signUpFrom(
        form({ email: 'PROBED@example.com', name: 'Prober', password: 'whatever-password' }),
        '198.18.0.200',
      ),
    ).toMatchObject({ ok: false, message: 'Too many attempts, try again in 15 minutes.' });
  });
});
