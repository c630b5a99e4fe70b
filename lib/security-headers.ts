/**
 * Headers every response carries (pages, route handlers, static files, redirects, errors).
 * next.config.mjs applies them to every path, so they are fixed when the storefront is built, from
 * the build's environment: pages stay static (a per-request nonce would make every page dynamic).
 * Plain module: next.config.mjs loads it.
 */
import { isEmulatorUrl, type Env } from './env';

export interface Header {
  key: string;
  value: string;
}

type SecurityEnv = Pick<
  Env,
  'NODE_ENV' | 'APP_URL' | 'NEXTAUTH_URL' | 'KLARNA_SDK_URL' | 'KLARNA_EMULATOR_ALLOWED'
>;

/** Klarna's own SDK (on klarnacdn.net) renders its widget in frames on Klarna's hosts, which its code also calls. */
const KLARNA_HOSTS = ['https://*.klarna.com', 'https://*.klarnacdn.net'];

/**
 * Where the Klarna widget's script, frames and calls come from: the SDK's origin. Against the
 * emulator, its host on any port, because the test and benchmark servers run it on a port of their
 * own, chosen after the build.
 */
export function klarnaSources(env: SecurityEnv): string[] {
  const sdk = new URL(env.KLARNA_SDK_URL);
  const againstEmulator = env.NODE_ENV !== 'production' || env.KLARNA_EMULATOR_ALLOWED;
  if (againstEmulator && isEmulatorUrl(sdk.href)) return [`${sdk.protocol}//${sdk.hostname}:*`];
  const klarnaCdn = sdk.protocol === 'https:' && sdk.hostname.endsWith('.klarnacdn.net');
  return [sdk.origin, ...(klarnaCdn ? KLARNA_HOSTS : [])];
}

/** True when the shop is served over https (its public URLs say so). */
function servedOverHttps(env: SecurityEnv): boolean {
  return [env.APP_URL, env.NEXTAUTH_URL].some((url) => new URL(url).protocol === 'https:');
}

/**
 * The Content-Security-Policy. Scripts: the shop's own files and the Klarna SDK. Inline scripts
 * are allowed because Next streams each page's data in inline <script> tags whose content differs
 * per page and per render: hashes cannot be known when the headers are, and nonces would force
 * every page to render per request. What the policy does stop: framing of any page (checkout,
 * admin capture and refund dialogs), plugins, a foreign <base>, forms posting elsewhere, and
 * frames, calls or scripts from anywhere but the shop and Klarna.
 */
export function contentSecurityPolicy(env: SecurityEnv): string {
  const klarna = klarnaSources(env);
  // next dev evaluates code for its error overlay and fast refresh.
  const devEval = env.NODE_ENV === 'development' ? ["'unsafe-eval'"] : [];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-inline'", ...devEval, ...klarna],
    'connect-src': ["'self'", ...klarna],
    'frame-src': klarna,
    'img-src': ["'self'", 'data:', 'blob:'],
    'style-src': ["'self'", "'unsafe-inline'"],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(' ')}`);
  if (servedOverHttps(env)) policy.push('upgrade-insecure-requests');
  return policy.join('; ');
}

export function securityHeaders(env: SecurityEnv): Header[] {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy(env) },
    // For browsers that predate frame-ancestors.
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    ...(servedOverHttps(env)
      ? [{ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }]
      : []),
  ];
}
