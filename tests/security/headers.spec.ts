import { expect, test } from '@playwright/test';
import { EMULATOR_URL, STOREFRONT_URL } from '../../e2e/environment';
import { checkoutPage, personaEmail } from '../../e2e/pages/checkout';
import { expectSecurityHeaders } from './attack';

// Every kind of response the storefront sends carries the security headers: a clickjacking,
// MIME-sniffing or referrer leak must not be possible through any one of them.

/** One directive's sources from a Content-Security-Policy header. */
function directive(csp: string, name: string): string[] {
  const found = csp
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([key]) => key === name);
  return found?.slice(1) ?? [];
}

test('shop pages, a product page and the checkout carry the security headers', async ({ request }) => {
  for (const path of ['/', '/c/home', '/products/brass-reading-lamp', '/cart', '/checkout', '/login']) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBeLessThan(400);
    expectSecurityHeaders(path, response.headers());
    expect(response.headers()['x-frame-options'], path).toBe('DENY');
  }
});

test('route handlers, public files and built scripts carry the security headers', async ({ request }) => {
  const home = await request.get('/');
  const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(await home.text())?.[1];
  expect(script, 'the home page loads a built script').toBeDefined();
  for (const path of ['/api/health', '/api/auth/session', '/favicon.svg', script!]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expectSecurityHeaders(path, response.headers());
  }
});

test('not-found pages, refused callbacks and admin redirects carry the security headers', async ({
  request,
}) => {
  const responses = [
    [await request.get('/products/no-such-product'), 404],
    [await request.get('/_next/static/no-such-chunk.js'), 404],
    [await request.post('/api/klarna/authorization?secret=wrong', { data: {} }), 400],
    [await request.get('/admin/orders', { maxRedirects: 0 }), 307],
  ] as const;
  for (const [response, status] of responses) {
    expect(response.status(), response.url()).toBe(status);
    expectSecurityHeaders(response.url(), response.headers());
  }
});

test('scripts, frames and calls are limited to the shop and the Klarna SDK’s origin', async ({ request }) => {
  const csp = (await request.get('/checkout')).headers()['content-security-policy'] ?? '';
  const emulatorHost = `http://${new URL(EMULATOR_URL).hostname}:*`;
  expect(directive(csp, 'default-src')).toEqual(["'self'"]);
  // This production build runs against the emulator (KLARNA_EMULATOR_ALLOWED=1): its host, any port.
  expect(directive(csp, 'script-src')).toEqual(expect.arrayContaining(["'self'", emulatorHost]));
  expect(directive(csp, 'frame-src')).toContain(emulatorHost);
  expect(directive(csp, 'connect-src')).toEqual(expect.arrayContaining(["'self'", emulatorHost]));
  for (const name of ['default-src', 'script-src', 'frame-src', 'connect-src', 'form-action']) {
    expect(directive(csp, name), `${name} allows any host`).not.toContain('*');
    expect(directive(csp, name), name).not.toContain('http:');
    expect(directive(csp, name), name).not.toContain('https:');
  }
  expect(directive(csp, 'script-src')).not.toContain("'unsafe-eval'");
  expect(directive(csp, 'form-action')).toEqual(["'self'"]);
  // Served over plain http here: HSTS would be ignored, so it is not sent (https is unit-tested).
  expect((await request.get('/')).headers()['strict-transport-security']).toBeUndefined();
});

test('another site cannot frame the shop or the admin’s order pages (capture and refund dialogs)', async ({
  page,
}) => {
  // The emulator's origin plays the other site. It frames the sign-in page, the admin's orders and
  // an order's page, and, as a control, a page that allows framing (the emulator's health check
  // on another origin), which shows framing itself works here.
  const emulator = new URL(EMULATOR_URL);
  const frames = [
    ['control', `http://localhost:${emulator.port}/_emulator/health`],
    ['sign-in', `${STOREFRONT_URL}/login`],
    ['admin', `${STOREFRONT_URL}/admin/orders`],
    ['order', `${STOREFRONT_URL}/admin/orders/any-order-id`],
  ];
  await page.goto(`${EMULATOR_URL}/_emulator/health`);
  await page.evaluate((frames) => {
    for (const [title, src] of frames) {
      const frame = document.createElement('iframe');
      frame.title = title!;
      frame.src = src!;
      frame.onload = () => (frame.dataset.loaded = 'yes');
      document.body.append(frame);
    }
  }, frames);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('iframe')].every((frame) => frame.dataset.loaded),
  );

  await expect(page.frameLocator('iframe[title="control"]').locator('body')).toContainText('"ok":true');
  // Every storefront frame was refused: none holds a storefront document.
  expect(page.frames().map((frame) => frame.url())).not.toContainEqual(
    expect.stringContaining(STOREFRONT_URL),
  );
  await expect(
    page.frameLocator('iframe[title="sign-in"]').getByRole('button', { name: 'Sign in' }),
  ).toHaveCount(0);
});

test('the policy blocks nothing the shop needs: a whole checkout through the Klarna widget', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const checkout = checkoutPage(page);
  await page.goto('/');
  await page.goto('/c/home');
  await checkout.addToCart('brass-reading-lamp');
  await page.goto('/cart');
  await checkout.fillDetails('SE', personaEmail('SE', ['csp']));
  await checkout.continueToPayment();
  await checkout.buy();
  await checkout.confirmInKlarna();
  await checkout.expectOrderPage();
  expect(violations).toEqual([]);
});
