import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy, klarnaSources, securityHeaders } from './security-headers';

const production = {
  NODE_ENV: 'production' as const,
  APP_URL: 'https://shop.example',
  NEXTAUTH_URL: 'https://shop.example',
  KLARNA_SDK_URL: 'https://x.klarnacdn.net/kp/lib/v1/api.js',
  KLARNA_EMULATOR_ALLOWED: false,
};

const local = {
  NODE_ENV: 'production' as const,
  APP_URL: 'http://localhost:3000',
  NEXTAUTH_URL: 'http://localhost:3000',
  KLARNA_SDK_URL: 'http://127.0.0.1:4100/kp/lib/v1/api.js',
  KLARNA_EMULATOR_ALLOWED: true,
};

function header(env: typeof production | typeof local, key: string): string | undefined {
  return securityHeaders(env).find((entry) => entry.key === key)?.value;
}

describe('securityHeaders', () => {
  test('an https shop gets HSTS and upgrades insecure requests', () => {
    expect(header(production, 'Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains');
    expect(contentSecurityPolicy(production)).toContain('upgrade-insecure-requests');
  });

  test('a shop on plain http gets no HSTS (browsers ignore it there) and no upgrade', () => {
    expect(header(local, 'Strict-Transport-Security')).toBeUndefined();
    expect(contentSecurityPolicy(local)).not.toContain('upgrade-insecure-requests');
  });

  test('HSTS follows either public URL', () => {
    expect(
      header({ ...local, NEXTAUTH_URL: 'https://shop.example' }, 'Strict-Transport-Security'),
    ).toBeDefined();
  });

  test('every response forbids framing, sniffing and leaking the full referrer', () => {
    for (const env of [production, local]) {
      expect(contentSecurityPolicy(env)).toContain("frame-ancestors 'none'");
      expect(header(env, 'X-Frame-Options')).toBe('DENY');
      expect(header(env, 'X-Content-Type-Options')).toBe('nosniff');
      expect(header(env, 'Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    }
  });

  test('next dev may evaluate code; a production build may not', () => {
    expect(contentSecurityPolicy({ ...local, NODE_ENV: 'development' })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(local)).not.toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(production)).not.toContain("'unsafe-eval'");
  });
});

describe('klarnaSources', () => {
  test('Klarna’s SDK: its origin and Klarna’s hosts, nothing local', () => {
    expect(klarnaSources(production)).toEqual([
      'https://x.klarnacdn.net',
      'https://*.klarna.com',
      'https://*.klarnacdn.net',
    ]);
  });

  test('the emulator: its host on any port (test servers pick the port after the build)', () => {
    expect(klarnaSources(local)).toEqual(['http://127.0.0.1:*']);
    expect(klarnaSources({ ...local, NODE_ENV: 'development', KLARNA_EMULATOR_ALLOWED: false })).toEqual([
      'http://127.0.0.1:*',
    ]);
  });

  test('another SDK host is allowed exactly, port included', () => {
    expect(klarnaSources({ ...production, KLARNA_SDK_URL: 'https://sdk.example:8443/api.js' })).toEqual([
      'https://sdk.example:8443',
    ]);
  });

  test('the policy names the Klarna sources for scripts, frames and calls only', () => {
    const policy = contentSecurityPolicy(production);
    const sources = (name: string) =>
      policy
        .split('; ')
        .find((part) => part.startsWith(`${name} `))
        ?.split(' ')
        .slice(1);
    expect(sources('script-src')).toEqual(["'self'", "'unsafe-inline'", ...klarnaSources(production)]);
    expect(sources('frame-src')).toEqual(klarnaSources(production));
    expect(sources('connect-src')).toEqual(["'self'", ...klarnaSources(production)]);
    expect(sources('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });
});
