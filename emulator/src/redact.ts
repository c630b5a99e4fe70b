/**
 * What the control API and the request log show of stored data. Merchants put a per-session
 * secret in their callback URLs (`…/authorization?secret=…`) so that nobody else can forge a
 * callback; anyone who can read the control API must not learn it. So every query value of a
 * merchant URL is shown as `***`, and the request log renders bodies only so deep.
 */

export const REDACTED = '***';

/** `https://shop/cb?secret=abc&sid={session.id}` → `https://shop/cb?secret=***&sid=***`. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const hash = url.indexOf('#', query);
  const end = hash === -1 ? url.length : hash;
  const params = url
    .slice(query + 1, end)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals === -1 || equals === pair.length - 1 ? pair : `${pair.slice(0, equals + 1)}${REDACTED}`;
    });
  return `${url.slice(0, query + 1)}${params.join('&')}${hash === -1 ? '' : url.slice(hash)}`;
}

/** A `merchant_urls` object (or the stored `merchantUrls`) with every URL redacted. */
export function redactMerchantUrls(urls: unknown): unknown {
  if (typeof urls !== 'object' || urls === null || Array.isArray(urls)) return urls;
  return Object.fromEntries(
    Object.entries(urls).map(([name, value]) => [name, typeof value === 'string' ? redactUrl(value) : value]),
  );
}

/** Nesting shown in the request log; anything deeper is replaced by a note. */
export const MAX_RENDERED_DEPTH = 32;
const TOO_DEEP = `[nested deeper than ${MAX_RENDERED_DEPTH} levels: not shown]`;
const MERCHANT_URL_KEYS: ReadonlySet<string> = new Set(['merchant_urls', 'merchantUrls']);

/**
 * A request body as the log shows it: merchant URLs redacted wherever they appear, and nesting cut
 * at MAX_RENDERED_DEPTH, so that any body JSON.parse accepted (50 000 levels deep included) can be
 * rendered again. Recursion is bounded by the cut.
 */
export function renderBody(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_RENDERED_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((element) => renderBody(element, depth + 1));
  // fromEntries defines own properties: a `__proto__` key is shown as the field it was.
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      renderBody(MERCHANT_URL_KEYS.has(key) ? redactMerchantUrls(field) : field, depth + 1),
    ]),
  );
}
