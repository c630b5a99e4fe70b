import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../lib/password';
import { E2E_DATABASE_URL, sqlitePath } from './environment';
import { expect, ownAddress, sessionEmail, test } from './fixtures';

test.describe('signing in', () => {
  test('a shopper signs in with email and password and is returned to the page they came from', async ({
    page,
    auth,
    shopper,
  }) => {
    await auth.gotoLogin('/signup');

    await auth.signIn(shopper);

    await expect(page).toHaveURL('/signup');
    expect(await sessionEmail(page.request)).toBe(shopper.email);
  });

  test('a wrong password is refused with a clear message and no session', async ({ page, auth, shopper }) => {
    await auth.gotoLogin();

    await auth.signIn({ email: shopper.email, password: 'not-the-password' });

    await expect(page.getByText('Wrong email or password.')).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    expect(await sessionEmail(page.request)).toBeUndefined();
  });

  test("before the page's script has run, a password cannot be sent in the address", async ({
    page,
    auth,
    shopper,
  }) => {
    // The page never hydrates: its scripts do not arrive.
    await page.route('**/_next/static/chunks/**', (route) => route.abort());
    await auth.gotoLogin();
    await auth.email.fill(shopper.email);
    await auth.password.fill(shopper.password);
    await auth.password.press('Enter');

    await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
    expect(new URL(page.url()).search).toBe('');
    expect(await sessionEmail(page.request)).toBeUndefined();
  });

  test('a malformed sign-in request is refused without a server error', async ({ page, request }) => {
    const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };

    const malformed: Record<string, string>[] = [
      { csrfToken, email: 'not-an-email', password: 'whatever' },
      { csrfToken, email: '', password: '' },
      { csrfToken },
      { email: 'shopper@example.com', password: 'shopper-password' }, // no CSRF token
    ];
    for (const form of malformed) {
      const response = await request.post('/api/auth/callback/credentials', { form, maxRedirects: 0 });
      expect(response.status(), JSON.stringify(form)).toBeLessThan(500);
    }
    expect(await sessionEmail(request)).toBeUndefined();
    expect(await sessionEmail(page.request)).toBeUndefined();
  });
});

test.describe('password hashes', () => {
  test('an account hashed at the old scrypt cost signs in, and its hash is raised to the current cost', async ({
    page,
    auth,
  }) => {
    test.setTimeout(90_000);
    // An account from before the cost was raised: its row is written as that version left it.
    const legacy = { email: `legacy-${randomUUID().slice(0, 8)}@example.com`, password: 'legacy-password' };
    const oldHash = await hashPassword(legacy.password, { N: 2 ** 14, r: 8, p: 1 });
    const database = new Database(sqlitePath(E2E_DATABASE_URL), { fileMustExist: true });
    const storedHash = () =>
      database
        .prepare<[string], { passwordHash: string }>('SELECT passwordHash FROM "User" WHERE email = ?')
        .get(legacy.email)?.passwordHash;
    try {
      database
        .prepare(
          'INSERT INTO "User" (id, email, name, passwordHash, role, createdAt) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          `legacy-${randomUUID()}`,
          legacy.email,
          'Old Timer',
          oldHash,
          'CUSTOMER',
          new Date().toISOString(),
        );

      await auth.gotoLogin();
      await auth.signIn(legacy);

      await expect(page).toHaveURL('/');
      expect(await sessionEmail(page.request)).toBe(legacy.email);
      expect(storedHash()).toMatch(/^scrypt\$131072\$8\$1\$/);

      // The new hash is the same password: signing in again works.
      await page.context().clearCookies();
      await auth.gotoLogin();
      await auth.signIn(legacy);
      await expect(page).toHaveURL('/');
      expect(await sessionEmail(page.request)).toBe(legacy.email);
    } finally {
      database.close();
    }
  });
});

test.describe('signing up', () => {
  test.use({ extraHTTPHeaders: ownAddress(22) });
  test('a new shopper creates an account and is signed in straight away', async ({
    page,
    auth,
    db,
    newAccount,
  }) => {
    await auth.gotoSignUp();

    await auth.signUp(newAccount);

    await expect(page).toHaveURL('/');
    expect(await sessionEmail(page.request)).toBe(newAccount.email);
    expect(db.userByEmail(newAccount.email)).toMatchObject({ name: newAccount.name, role: 'CUSTOMER' });
  });

  test('a password shorter than 8 characters is explained and nothing is created', async ({
    page,
    auth,
    db,
    newAccount,
  }) => {
    await auth.gotoSignUp();

    await auth.signUp({ ...newAccount, password: 'short' });

    await expect(page.getByText('Use at least 8 characters for your password.')).toBeVisible();
    await expect(auth.password).toHaveAttribute('aria-invalid', 'true');
    expect(db.userByEmail(newAccount.email)).toBeUndefined();
    expect(await sessionEmail(page.request)).toBeUndefined();
  });

  test('an email that already has an account is explained and nothing changes', async ({
    page,
    auth,
    db,
    shopper,
  }) => {
    const before = db.userByEmail(shopper.email);
    await auth.gotoSignUp();

    await auth.signUp({ name: 'Someone Else', email: shopper.email, password: 'another-password' });

    await expect(page.getByText('An account with this email already exists. Sign in instead.')).toBeVisible();
    expect(db.userByEmail(shopper.email)).toEqual(before);
    expect(await sessionEmail(page.request)).toBeUndefined();
  });
});

test.describe('the admin area', () => {
  test('a signed-out visitor is sent to sign in, and an admin signing in there lands on it', async ({
    page,
    auth,
    admin,
  }) => {
    await page.goto('/admin');

    await expect(page).toHaveURL('/login?callbackUrl=%2Fadmin');
    await auth.signIn(admin);
    await expect(page).toHaveURL('/admin');
    await expect(page.getByRole('heading', { name: 'Store admin' })).toBeVisible();
    await expect(page.getByText(`Signed in as ${admin.email}`)).toBeVisible();
  });

  test('a signed-in shopper is refused and told why', async ({ shopperPage: page, shopper }) => {
    await page.goto('/admin');

    await expect(page).toHaveURL('/login?callbackUrl=%2Fadmin');
    await expect(
      page.getByText(`You are signed in as ${shopper.email}, which cannot open the admin area.`),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Store admin' })).toHaveCount(0);
  });

  test('an admin reaches the admin home and can sign out', async ({ adminPage: page, admin }) => {
    await page.goto('/admin');

    await expect(page.getByRole('heading', { name: 'Store admin' })).toBeVisible();
    await expect(page.getByText(`Signed in as ${admin.email}`)).toBeVisible();

    // The admin page and the site header may both offer it; either signs out.
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await expect(page).toHaveURL('/');
    expect(await sessionEmail(page.request)).toBeUndefined();
    await page.goto('/admin');
    await expect(page).toHaveURL('/login?callbackUrl=%2Fadmin');
  });
});
