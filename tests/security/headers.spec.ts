import { expect, test, type APIResponse } from '@playwright/test';

// Every kind of response the storefront sends carries the security headers: a clickjacking,
// MIME-sniffing or referrer leak must not be possible through any one of them.

function expectSecurityHeaders(response: APIResponse) {
  const headers = response.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp, `${response.url()} Content-Security-Policy`).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
}

test('shop pages, a product page and the checkout carry the security headers', async ({ request }) => {
  for (const path of ['/', '/c/home', '/products/brass-reading-lamp', '/cart', '/checkout', '/login']) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBeLessThan(400);
    expectSecurityHeaders(response);
  }
});

test('route handlers, public files and built scripts carry the security headers', async ({ request }) => {
  const home = await request.get('/');
  const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(await home.text())?.[1];
  expect(script, 'the home page loads a built script').toBeDefined();
  for (const path of ['/api/health', '/api/auth/session', '/favicon.svg', script!]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expectSecurityHeaders(response);
  }
});

test('not-found pages and admin redirects carry the security headers', async ({ request }) => {
  const missing = await request.get('/products/no-such-product');
  expect(missing.status()).toBe(404);
  expectSecurityHeaders(missing);

  const missingFile = await request.get('/_next/static/no-such-chunk.js');
  expect(missingFile.status()).toBe(404);
  expectSecurityHeaders(missingFile);

  const admin = await request.get('/admin/orders', { maxRedirects: 0 });
  expect(admin.status()).toBe(307);
  expectSecurityHeaders(admin);
});
