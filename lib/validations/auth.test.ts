import { describe, expect, test } from 'vitest';
import { safeCallbackUrl } from './auth';

const ORIGIN = 'https://shop.example';

describe('the page to return to after signing in', () => {
  test.each([
    ['a path', '/admin/orders', '/admin/orders'],
    [
      'a path with a query and a fragment',
      '/admin/orders?status=authorized#top',
      '/admin/orders?status=authorized#top',
    ],
    ['an absolute URL on the same origin', 'https://shop.example/checkout', '/checkout'],
    ['a relative path', 'cart', '/cart'],
    ['a percent-encoded tab, left encoded', '/%09/evil.example/x', '/%09/evil.example/x'],
    [
      'a same-origin URL whose path starts with two slashes',
      'https://shop.example//evil.example/x',
      '/evil.example/x',
    ],
  ])('keeps %s on the site', (_label, value, expected) => {
    expect(safeCallbackUrl(value, ORIGIN)).toBe(expected);
  });

  test.each([
    ['another origin', 'https://evil.example/x'],
    ['the same host over another scheme', 'http://shop.example/x'],
    ['the same host on another port', 'https://shop.example:8443/x'],
    ['a protocol-relative URL', '//evil.example/x'],
    ['a backslash the browser reads as a slash', '/\\evil.example/x'],
    // What the query string `callbackUrl=/%09/evil.example/x` decodes to: the browser drops the tab.
    ['a tab between the slashes', '/\t/evil.example/x'],
    ['a newline between the slashes', '/\n/evil.example'],
    ['a carriage return between the slashes', '/\r/evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['user info that hides another host', 'https://shop.example@evil.example/'],
    ['an empty string', ''],
    ['an array of values', ['/admin', 'https://evil.example']],
    ['nothing', undefined],
  ])('replaces %s with the fallback', (_label, value) => {
    expect(safeCallbackUrl(value, ORIGIN)).toBe('/');
    expect(safeCallbackUrl(value, ORIGIN, '/account')).toBe('/account');
  });
});
