import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  MARKET_COOKIE,
  marketFromCookie,
  marketFromSegment,
  marketRewrites,
  publicPathFor,
} from './market-routing';
import { MARKETS } from './markets';

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
    const cookie = { type: 'cookie', key: MARKET_COOKIE, value: '(?<market>SE|DE|GB|US|AU)' };

    expect(forPath('/products/:slug')).toEqual([
      { source: '/products/:slug', has: [cookie], destination: '/:market/products/:slug' },
      { source: '/products/:slug', destination: '/SE/products/:slug' },
    ]);
    expect(forPath('/').map((rewrite) => rewrite.destination)).toEqual(['/:market', '/SE']);
    expect(forPath('/cart').map((rewrite) => rewrite.destination)).toEqual(['/:market/cart', '/SE/cart']);
  });

  test('a category with ?q or ?sort goes to the search page, without them to the cached listing', () => {
    const category = marketRewrites().filter((rewrite) => rewrite.source === '/c/:category');
    const cookie = { type: 'cookie', key: MARKET_COOKIE, value: '(?<market>SE|DE|GB|US|AU)' };

    expect(category).toEqual([
      {
        source: '/c/:category',
        has: [cookie, { type: 'query', key: 'q' }],
        destination: '/:market/c/:category/search',
      },
      { source: '/c/:category', has: [{ type: 'query', key: 'q' }], destination: '/SE/c/:category/search' },
      {
        source: '/c/:category',
        has: [cookie, { type: 'query', key: 'sort' }],
        destination: '/:market/c/:category/search',
      },
      {
        source: '/c/:category',
        has: [{ type: 'query', key: 'sort' }],
        destination: '/SE/c/:category/search',
      },
      { source: '/c/:category', has: [cookie], destination: '/:market/c/:category' },
      { source: '/c/:category', destination: '/SE/c/:category' },
    ]);
  });
});

describe('an internal market path asked for directly', () => {
  test.each([
    ['/US/products/oak-board', '/products/oak-board'],
    ['/SE', '/'],
    ['/AU/', '/'],
    ['/DE/cart', '/cart'],
    ['/GB/c/kitchen', '/c/kitchen'],
    ['/US/c/kitchen/search', '/c/kitchen'],
  ])('%s goes to the public path %s, which the cookie prices', (internal, publicPath) => {
    expect(publicPathFor(internal)).toBe(publicPath);
  });

  test.each(['/products/oak-board', '/cart', '/', '/us/products/oak-board', '/XX/cart', '/admin', '/USA/x'])(
    '%s is not an internal market path',
    (path) => {
      expect(publicPathFor(path)).toBeNull();
    },
  );

  test('the proxy is asked about every market’s internal paths', () => {
    const proxySource = readFileSync(new URL('../proxy.ts', import.meta.url), 'utf8');
    const codes = MARKETS.map((market) => market.country).join('|');
    expect(proxySource).toContain(`'/:market(${codes})'`);
    expect(proxySource).toContain(`'/:market(${codes})/:path*'`);
  });
});
