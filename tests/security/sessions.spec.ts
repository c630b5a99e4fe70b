import type { APIRequestContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { E2E_DATABASE_URL, STOREFRONT_URL } from '../../e2e/environment';
import { expect, sessionEmail, test } from '../../e2e/fixtures';
import { authPage } from '../../e2e/pages/auth';

// Attacks on admin sessions, against the built server: a cookie copied before signing out, and a
// demoted admin who keeps their browser open.

/** `npm run users -- …` against the e2e database: how the shop owner appoints or demotes an admin. */
function usersCommand(...args: string[]): string {
  return execFileSync('npm', ['run', '--silent', 'users', '--', ...args], {
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
    encoding: 'utf8',
  });
}

async function expectSentToSignIn(request: APIRequestContext, path: string) {
  const response = await request.get(path, { maxRedirects: 0 });
  expect(response.status(), path).toBe(307);
  expect(response.headers().location, path).toContain(`/login?callbackUrl=${encodeURIComponent(path)}`);
}

test.describe('an admin session can be taken away', () => {
  test("a copy of the admin's cookie made before signing out no longer opens the admin", async ({
    adminPage: page,
    playwright,
  }) => {
    await page.goto('/admin/orders');
    await expect(page.getByRole('heading', { name: 'Orders' })).toBeVisible();
    const copy = await playwright.request.newContext({
      baseURL: STOREFRONT_URL,
      storageState: await page.context().storageState(),
    });
    try {
      expect((await copy.get('/admin/orders', { maxRedirects: 0 })).status()).toBe(200);

      await page.getByRole('button', { name: 'Sign out' }).first().click();
      await expect(page).toHaveURL('/');

      await expectSentToSignIn(copy, '/admin/orders');
      expect(await sessionEmail(copy)).toBeUndefined();
    } finally {
      await copy.dispose();
    }
  });

  test('an admin who is demoted loses the admin at the next request', async ({ page, newAccount }) => {
    test.setTimeout(120_000);
    const auth = authPage(page);
    await auth.gotoSignUp();
    await auth.signUp(newAccount);
    await expect(page).toHaveURL('/');
    expect(usersCommand('role', newAccount.email, 'admin')).toContain(`${newAccount.email} is now ADMIN`);
    // Appointing signs the account out everywhere: it signs in again, as an admin.
    await page.goto('/admin');
    await expect(page).toHaveURL('/login?callbackUrl=%2Fadmin');
    await auth.signIn(newAccount);
    await expect(page).toHaveURL('/admin');
    await expect(page.getByText(`Signed in as ${newAccount.email}`)).toBeVisible();

    expect(usersCommand('role', newAccount.email, 'customer')).toContain(
      `${newAccount.email} is now CUSTOMER`,
    );

    await page.goto('/admin/orders');
    await expect(page).toHaveURL('/login?callbackUrl=%2Fadmin%2Forders');
    await expect(page.getByRole('heading', { name: 'Orders' })).toHaveCount(0);
    expect(await sessionEmail(page.request)).toBeUndefined();
  });
});
