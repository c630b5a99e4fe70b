import { expect, test } from '@playwright/test';
import { callAction, chunkedUpload, expectSecurityHeaders, findActionId, rowCounts } from './attack';

// Bad input to pages, routes and server actions gets a 4xx (or the action's own refusal) with a
// clear message, never a 500, and writes nothing.

const NOT_A_FORM_MESSAGE = 'Send the form to do this.';

/** Every storefront action that takes a form, a page that uses it and its answer to anything else. */
const FORM_ACTIONS = [
  { name: 'addToCart', path: '/products/brass-reading-lamp', refusal: NOT_A_FORM_MESSAGE },
  { name: 'updateCartItem', path: '/cart', refusal: NOT_A_FORM_MESSAGE },
  { name: 'removeFromCart', path: '/cart', refusal: NOT_A_FORM_MESSAGE },
  // It answers nothing: the market must simply stay as it was.
  { name: 'setMarket', path: '/', refusal: undefined },
  { name: 'signUp', path: '/signup', refusal: 'Send the sign-up form to create an account.' },
  { name: 'startCheckout', path: '/checkout', refusal: NOT_A_FORM_MESSAGE },
];

/** Arguments that are not a form, as React encodes them on the wire. */
const NOT_A_FORM = ['[null,"x"]', '[{}]', '[]'];

test('actions called with arguments that are not a form refuse them and write nothing', async ({
  request,
}) => {
  const before = rowCounts();
  for (const { name, path, refusal } of FORM_ACTIONS) {
    const id = await findActionId(request, path, name);
    for (const args of NOT_A_FORM) {
      const response = await callAction(request, path, id, args);
      expect(response.status(), `${name}(${args})`).toBe(200);
      if (refusal) expect(await response.text(), `${name}(${args})`).toContain(refusal);
      else expect(response.headers()['set-cookie'] ?? '', `${name}(${args})`).not.toContain('market=');
    }
  }
  expect(rowCounts()).toEqual(before);
});

test('paths with broken percent-escapes get a 400 with a message', async ({ request }) => {
  for (const path of ['/products/%E0%A4%A', '/%E0%A4%A', '/c/%zz', '/orders/%E0%A4%A?key=x', '/cart%C0']) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(await response.text(), path).toContain('This address is not valid');
    expectSecurityHeaders(path, response.headers());
  }
  // A valid escape still reaches its page.
  expect((await request.get('/products/brass%2Dreading%2Dlamp')).status()).toBe(200);
});

test('an action call from another site’s page gets a 403 and runs nothing', async ({ request }) => {
  const path = '/products/brass-reading-lamp';
  const id = await findActionId(request, path, 'addToCart');
  const before = rowCounts();
  for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
    const response = await callAction(request, path, id, '[null,"x"]', { origin });
    expect(response.status(), origin).toBe(403);
    expect(await response.text()).toContain('can only be sent from the shop’s own pages');
  }
  // The same form posted without JavaScript (multipart, no Next-Action header) is refused too.
  const form = await request.post(path, {
    headers: { origin: 'https://evil.example' },
    multipart: { [`$ACTION_ID_${id}`]: '', productId: 'x', quantity: '1' },
    maxRedirects: 0,
  });
  expect(form.status()).toBe(403);
  expect(rowCounts()).toEqual(before);
});

test('an action body over 1 MB gets a 413, and one without a length a 411', async ({ request }) => {
  const path = '/products/brass-reading-lamp';
  const id = await findActionId(request, path, 'addToCart');
  const before = rowCounts();
  const big = await callAction(request, path, id, `[null,"${'x'.repeat(2 * 1024 * 1024)}"]`);
  expect(big.status()).toBe(413);
  expect(await big.text()).toContain('at most 1 MB');

  const bigForm = await request.post(path, {
    multipart: { [`$ACTION_ID_${id}`]: '', productId: 'x'.repeat(2 * 1024 * 1024), quantity: '1' },
    maxRedirects: 0,
  });
  expect(bigForm.status()).toBe(413);

  const chunked = await chunkedUpload(path, 2 * 1024 * 1024, {
    'next-action': id,
    'content-type': 'text/plain;charset=UTF-8',
  });
  expect(chunked.status).toBe(411);
  expect(chunked.body).toContain('Content-Length');

  // Claiming to be Next's own forwarding of a call does not excuse a missing length.
  const claimsForwarded = await chunkedUpload(path, 2 * 1024 * 1024, {
    'next-action': id,
    'content-type': 'text/plain;charset=UTF-8',
    'x-action-forwarded': '1',
  });
  expect(claimsForwarded.status).toBe(411);
  expect(rowCounts()).toEqual(before);
});

test('an action called on a page that does not hold it is still forwarded to one that does', async ({
  request,
}) => {
  const id = await findActionId(request, '/signup', 'signUp');
  // Next streams the body on to /signup without a length; that forwarded call must get through.
  const response = await callAction(request, '/accessibility', id, '[null,"x"]');
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain('Send the sign-up form to create an account.');
});

test('a 50 MB chunked body to the authorization callback is refused at 16 KB, not read whole', async () => {
  const total = 50 * 1024 * 1024;
  const before = rowCounts();
  const upload = await chunkedUpload('/api/klarna/authorization?secret=x', total);
  expect(upload.status).toBe(413);
  expect(JSON.parse(upload.body)).toEqual({ status: 'invalid', message: 'The body is larger than 16 KB.' });
  // The answer came while the upload was still going: the server stopped reading at its cap.
  expect(upload.bytesSent).toBeLessThan(total);
  expect(rowCounts()).toEqual(before);
});

test('callbacks with a body that is not JSON get a 400 with a message', async ({ request }) => {
  for (const path of ['/api/klarna/authorization?secret=x', '/api/klarna/notification?secret=x']) {
    const response = await request.post(path, {
      headers: { 'content-type': 'application/json' },
      data: Buffer.from('{"session_id":'),
    });
    expect(response.status(), path).toBe(400);
    expect(await response.json()).toEqual({ status: 'invalid', message: 'The body is not JSON.' });
  }
});
