import { describe, expect, test } from 'vitest';
import { MARKET_COOKIE, marketFromCookie, marketFromSegment, marketRewrites } from './market-routing';

describe('market routing', () => {
  test.each([
    ['DE', 'DE'],
    ['US', 'US'],
    [undefined, 'SE'],
    ['de', 'SE'],
    ['XX', 'SE'],
    ['SE; admin=1', 'SE'],
  ])('the cookie %j selects the %s market', (cookie, country) => {
    expect(marketFromCookie(cookie).country).toBe(country);
  });

  test('only exact country codes name an internal shop path', () => {
    expect(marketFromSegment('GB')?.currency).toBe('GBP');
    expect(marketFromSegment('gb')).toBeUndefined();
    expect(marketFromSegment('about')).toBeUndefined();
  });

  test('each public shop path is rewritten by a valid cookie, else to the default market', () => {
    const rewrites = marketRewrites();
    const forPath = (source: string) => rewrites.filter((rewrite) => rewrite.source === source);

    expect(forPath('/products/:slug')).toEqual([
      {
        source: '/products/:slug',
        has: [{ type: 'cookie', key: MARKET_COOKIE, value: '(?<market>SE|DE|GB|US|AU)' }],
        destination: '/:market/products/:slug',
      },
      { source: '/products/:slug', destination: '/SE/products/:slug' },
    ]);
    expect(forPath('/').map((rewrite) => rewrite.destination)).toEqual(['/:market', '/SE']);
    expect(rewrites.map((rewrite) => rewrite.source)).toEqual([
      '/',
      '/',
      '/c/:category',
      '/c/:category',
      '/products/:slug',
      '/products/:slug',
      '/cart',
      '/cart',
    ]);
  });
});
