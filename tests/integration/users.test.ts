import { describe, expect, test } from 'vitest';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

/** The sign-up action's logic, as a request from one address would run it. */
async function signUpAction() {
  const { signUpFrom } = await import('@/lib/sign-up');
  return { signUp: (data: FormData) => signUpFrom(data, '192.0.2.1') };
}

async function userCount(): Promise<number> {
  return (await db.prisma()).user.count();
}

describe('signing up', () => {
  test('creates a customer whose password is stored only as a scrypt hash', async () => {
    const { signUp } = await signUpAction();

    const result = await signUp(form({ email: ' Ada@Example.com ', name: 'Ada', password: 'correct horse' }));

    expect(result).toEqual({ ok: true });
    const user = await (await db.prisma()).user.findUniqueOrThrow({ where: { email: 'ada@example.com' } });
    expect(user).toMatchObject({ name: 'Ada', role: 'CUSTOMER' });
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passwordHash).not.toContain('correct horse');
  });

  test('refuses a password shorter than 8 characters and writes nothing', async () => {
    const { signUp } = await signUpAction();
    const before = await userCount();

    const result = await signUp(form({ email: 'short@example.com', name: 'Short', password: 'seven77' }));

    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { password: 'Use at least 8 characters for your password.' },
    });
    expect(await userCount()).toBe(before);
  });

  test.each(['password', '12345678', 'qwertyuiop'])(
    'refuses the common password %s next to the field and writes nothing',
    async (password) => {
      const { signUp } = await signUpAction();
      const before = await userCount();

      const result = await signUp(
        form({ email: `common-${password}@example.com`, name: 'Common', password }),
      );

      expect(result).toMatchObject({
        ok: false,
        fieldErrors: { password: expect.stringContaining('Choose one that is harder to guess') },
      });
      expect(await userCount()).toBe(before);
    },
  );

  test('refuses an email that already has an account, whatever its case, and writes nothing', async () => {
    const { signUp } = await signUpAction();
    await signUp(form({ email: 'taken@example.com', name: 'First', password: 'first-password' }));
    const before = await userCount();

    const result = await signUp(
      form({ email: 'TAKEN@example.com', name: 'Second', password: 'second-password' }),
    );

    expect(result).toMatchObject({ ok: false, message: 'An account with this email already exists.' });
    expect(await userCount()).toBe(before);
    const kept = await (await db.prisma()).user.findUniqueOrThrow({ where: { email: 'taken@example.com' } });
    expect(kept.name).toBe('First');
  });

  test.each([
    ['nothing', undefined],
    ['null', null],
    ['an empty object', {}],
    ['an array', [null, 'x']],
  ])('answers %s instead of a form with a message, writing nothing', async (_label, argument) => {
    const { signUpFrom } = await import('@/lib/sign-up');
    const before = await userCount();

    expect(await signUpFrom(argument, '192.0.2.1')).toEqual({
      ok: false,
      message: 'Send the sign-up form to create an account.',
      fieldErrors: {},
    });
    expect(await userCount()).toBe(before);
  });

  test('answers missing and malformed fields with a message per field instead of throwing', async () => {
    const { signUp } = await signUpAction();
    const before = await userCount();

    const result = await signUp(form({ email: 'not-an-email' }));

    expect(result).toEqual({
      ok: false,
      message: 'Please correct the highlighted fields.',
      fieldErrors: {
        email: 'Enter a valid email address, like name@example.com.',
        name: 'Enter your name.',
        password: 'Choose a password.',
      },
    });
    expect(await userCount()).toBe(before);
  });
});

describe('verifying credentials', () => {
  test('returns the account for the right password and never its hash', async () => {
    const { createUser, verifyCredentials } = await import('@/lib/data/users');
    await createUser({ email: 'grace@example.com', name: 'Grace', password: 'hopper-1906' });

    const user = await verifyCredentials('grace@example.com', 'hopper-1906');

    expect(user).toMatchObject({ email: 'grace@example.com', name: 'Grace', role: 'CUSTOMER' });
    expect(Object.keys(user ?? {}).sort()).toEqual(['email', 'id', 'name', 'role']);
  });

  test('returns null for a wrong password or an unknown email', async () => {
    const { createUser, verifyCredentials } = await import('@/lib/data/users');
    await createUser({ email: 'linus@example.com', name: 'Linus', password: 'penguin-1991' });

    expect(await verifyCredentials('linus@example.com', 'penguin-1992')).toBeNull();
    expect(await verifyCredentials('nobody@example.com', 'penguin-1991')).toBeNull();
  });

  test('re-hashes a password stored at an older cost at the next successful sign-in only', async () => {
    const { verifyCredentials } = await import('@/lib/data/users');
    const { hashPassword, verifyPassword } = await import('@/lib/password');
    const prisma = await db.prisma();
    const oldHash = await hashPassword('turing-1936', { N: 2 ** 14, r: 8, p: 1 });
    await prisma.user.create({ data: { email: 'alan@example.com', name: 'Alan', passwordHash: oldHash } });
    const storedHash = async () =>
      (await prisma.user.findUniqueOrThrow({ where: { email: 'alan@example.com' } })).passwordHash;

    expect(await verifyCredentials('alan@example.com', 'turing-1937')).toBeNull();
    expect(await storedHash()).toBe(oldHash);

    expect(await verifyCredentials('alan@example.com', 'turing-1936')).toMatchObject({
      email: 'alan@example.com',
    });
    const upgraded = await storedHash();
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword('turing-1936', upgraded)).toBe(true);
    expect(await verifyCredentials('alan@example.com', 'turing-1936')).toMatchObject({
      email: 'alan@example.com',
    });
    expect(await storedHash()).toBe(upgraded);
  }, 60_000);

  test('createUser reports a duplicate email as DuplicateEmailError', async () => {
    const { createUser, DuplicateEmailError } = await import('@/lib/data/users');
    await createUser({ email: 'dup@example.com', name: 'One', password: 'password-one' });

    await expect(
      createUser({ email: 'dup@example.com', name: 'Two', password: 'password-two' }),
    ).rejects.toBeInstanceOf(DuplicateEmailError);
  });
});

describe('the Credentials provider', () => {
  async function authorize(credentials: unknown) {
    const { authOptions } = await import('@/lib/auth');
    const provider = authOptions.providers[0] as unknown as {
      options: { authorize: (credentials: unknown, request: unknown) => Promise<unknown> };
    };
    return provider.options.authorize(credentials, {});
  }

  test('signs in with the role the JWT and session carry', async () => {
    const { createUser } = await import('@/lib/data/users');
    await createUser({ email: 'margaret@example.com', name: 'Margaret', password: 'apollo-1969' });

    expect(await authorize({ email: 'Margaret@example.com', password: 'apollo-1969' })).toMatchObject({
      email: 'margaret@example.com',
      role: 'CUSTOMER',
    });
  });

  test.each([
    ['no credentials at all', undefined],
    ['an empty object', {}],
    ['an email that is not an email', { email: 'margaret', password: 'apollo-1969' }],
    ['an empty password', { email: 'margaret@example.com', password: '' }],
    ['a megabyte password', { email: 'margaret@example.com', password: 'x'.repeat(1_000_000) }],
    ['fields of the wrong type', { email: ['margaret@example.com'], password: { $ne: null } }],
  ])('refuses %s without throwing', async (_label, credentials) => {
    await expect(authorize(credentials)).resolves.toBeNull();
  });
});
