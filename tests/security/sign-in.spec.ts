import type { APIRequestContext } from '@playwright/test';
import { STOREFRONT_URL } from '../../e2e/environment';
import { expect, sessionEmail, test } from '../../e2e/fixtures';

// Attacks on signing in, against the built server: a callbackUrl that leads to another site, and
// password guessing past the throttle.

/** One sign-in through next-auth's endpoint, as the login form sends it; returns the raw answer. */
async function attemptSignIn(
  request: APIRequestContext,
  credentials: { email: string; password: string },
  callbackUrl = '/',
) {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  return request.post('/api/auth/callback/credentials', {
    form: { ...credentials, csrfToken, callbackUrl, json: 'true' },
  });
}

test.describe('the page to return to after signing in', () => {
  // What `callbackUrl` decodes to hides `//evil.example` behind a tab or a newline, which the
  // browser drops when it resolves the URL.
  for (const [label, attack] of [
    ['a tab', '/%09/evil.example/x'],
    ['a newline', '/%0A/evil.example'],
  ]) {
    test(`another site hidden behind ${label} in callbackUrl: the shopper stays on this site`, async ({
      page,
      auth,
      shopper,
    }) => {
      // Had the sign-in gone there, the page would show this instead of failing to resolve a host.
      await page.route(
        (url) => url.hostname === 'evil.example',
        (route) => route.fulfill({ contentType: 'text/html', body: '<h1>evil.example</h1>' }),
      );
      await page.goto(`/login?callbackUrl=${attack}`);
      await expect(auth.heading('Sign in')).toBeVisible();

      await auth.signIn(shopper);

      await expect(page).toHaveURL('/');
      expect(new URL(page.url()).origin).toBe(new URL(STOREFRONT_URL).origin);
      expect(await sessionEmail(page.request)).toBe(shopper.email);
    });
  }

  test('next-auth itself only ever redirects to this site', async ({ request, shopper }) => {
    for (const callbackUrl of [
      '/\t/evil.example/x',
      '/\n/evil.example',
      'https://evil.example/',
      '//evil.example',
    ]) {
      const response = await attemptSignIn(request, shopper, callbackUrl);

      expect(response.status(), JSON.stringify(callbackUrl)).toBe(200);
      const { url } = (await response.json()) as { url: string };
      expect(new URL(url).origin, JSON.stringify(callbackUrl)).toBe(new URL(STOREFRONT_URL).origin);
    }
  });
});

test.describe('too many attempts', () => {
  // The e2e storefront trusts one proxy hop (playwright.config.ts), so each request below can come
  // from its own address and no other test's sign-ins are throttled.
  test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '203.0.113.50' } });

  test('after 10 wrong passwords for an account, the 11th attempt is refused with how long to wait, even with the right password', async ({
    page,
    auth,
    newAccount,
    playwright,
  }) => {
    test.setTimeout(180_000);
    await auth.gotoSignUp();
    await auth.signUp(newAccount);
    await expect(page).toHaveURL('/');
    await page.context().clearCookies();

    // Ten wrong guesses at once, each from another address: the account's own count stops them.
    const guesses = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const request = await playwright.request.newContext({
          baseURL: STOREFRONT_URL,
          extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${i + 1}` },
        });
        try {
          return (await attemptSignIn(request, { email: newAccount.email, password: `guess-${i}` })).status();
        } finally {
          await request.dispose();
        }
      }),
    );
    expect(guesses).toEqual(Array(10).fill(401));

    await auth.gotoLogin();
    await auth.signIn(newAccount);

    await expect(page.getByText('Too many attempts, try again in 15 minutes.')).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    expect(await sessionEmail(page.request)).toBeUndefined();

    // The route itself answers 429 with Retry-After.
    const refused = await attemptSignIn(page.request, newAccount);
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(14 * 60);
    expect(await refused.json()).toMatchObject({ error: 'Too many attempts, try again in 15 minutes.' });
    expect(await sessionEmail(page.request)).toBeUndefined();
  });
});
