/**
 * How the shopper's market reaches the shop pages. The market lives in a cookie (set by the market
 * selector); next.config.mjs rewrites each public shop path to an internal path that starts with
 * the market's country code, e.g. `/products/oak-board` with `market=DE` is served by
 * `/DE/products/oak-board`. So every market gets its own cached, statically rendered product page
 * and the server never has to read the cookie to render one. Plain module: next.config.mjs loads it.
 */
import { DEFAULT_MARKET, MARKETS, getMarket, isCountryCode, type Market } from './markets';

/** Holds the chosen country code (SE, DE, GB, US, AU). Not secret, so readable by the browser. */
export const MARKET_COOKIE = 'market';

/** A year: the choice is a preference, not a session. */
export const MARKET_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

/**
 * Public shop paths that depend on the market (next.config path syntax) and the internal path each
 * is served by, after the market segment. A category with ?q= or ?sort= is a search, rendered per
 * request; without them it is the cached listing. The first matching rule wins.
 */
const ROUTES: { source: string; target: string; query?: string }[] = [
  { source: '/', target: '' },
  { source: '/c/:category', target: '/c/:category/search', query: 'q' },
  { source: '/c/:category', target: '/c/:category/search', query: 'sort' },
  { source: '/c/:category', target: '/c/:category' },
  { source: '/products/:slug', target: '/products/:slug' },
  { source: '/cart', target: '/cart' },
];

type Condition = { type: 'cookie' | 'query'; key: string; value?: string };

export interface MarketRewrite {
  source: string;
  destination: string;
  has?: Condition[];
}

/**
 * Rewrites for next.config's `afterFiles` (so public files such as /products/oak-board.svg are
 * served as they are): a valid market cookie picks its market's internal path; anything else (no
 * cookie, a forged value) gets the default market. The cookie value must match a country code
 * exactly, the same rule `marketFromCookie` applies on the server.
 */
export function marketRewrites(): MarketRewrite[] {
  const codes = MARKETS.map((market) => market.country).join('|');
  const cookie: Condition = { type: 'cookie', key: MARKET_COOKIE, value: `(?<market>${codes})` };
  return ROUTES.flatMap(({ source, target, query }) => {
    const has: Condition[] = query ? [{ type: 'query', key: query }] : [];
    return [
      { source, has: [cookie, ...has], destination: `/:market${target}` },
      { source, ...(has.length > 0 ? { has } : {}), destination: `/${DEFAULT_MARKET.country}${target}` },
    ];
  });
}

/** The market for a cookie value; unknown, missing or differently cased values get the default. */
export function marketFromCookie(value: string | undefined): Market {
  return (value !== undefined && isCountryCode(value) && getMarket(value)) || DEFAULT_MARKET;
}

/** The market named by an internal path segment ("DE"), or undefined for anything else. */
export function marketFromSegment(segment: string | undefined): Market | undefined {
  return segment !== undefined && isCountryCode(segment) ? getMarket(segment) : undefined;
}

/**
 * The public path for a request that names an internal market path itself, e.g.
 * `/US/products/oak-board` → `/products/oak-board`; null for every other path. Only the market cookie
 * chooses the market: proxy.ts redirects such a request to the public path, which the cookie's
 * market then serves. Serving the internal path as asked would price a Swedish cart in dollars (and
 * move the cart to that market); a 404 would break a link someone copied from the address bar.
 */
export function publicPathFor(pathname: string): string | null {
  const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match || !marketFromSegment(match[1])) return null;
  const rest = match[2] ?? '/';
  // A search is served by /c/:category/search; its public path is the category's, with the query.
  return rest.replace(/^(\/c\/[^/]+)\/search\/?$/, '$1');
}
