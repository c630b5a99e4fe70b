/**
 * Headers every response carries (pages, route handlers, static files, errors); next.config.mjs
 * applies them to every path. Plain module: next.config.mjs loads it.
 */

export interface Header {
  key: string;
  value: string;
}

/** The Content-Security-Policy: nothing may frame the shop, no plugins, no foreign <base>. */
export function contentSecurityPolicy(): string {
  const directives: Record<string, string[]> = {
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export function securityHeaders(): Header[] {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy() },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  ];
}
