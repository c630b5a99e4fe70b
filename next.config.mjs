import { tsImport } from 'tsx/esm/api';

// Validate the environment before anything builds or serves: a bad value stops `next build` and
// `next start` with the list of problems. lib/env.ts is TypeScript, so load it through tsx.
const { env } = await tsImport('./lib/env.ts', import.meta.url);
// The shopper's market (a cookie) picks the cached variant of each shop page; see lib/market-routing.ts.
const { marketRewrites } = await tsImport('./lib/market-routing.ts', import.meta.url);
const { securityHeaders } = await tsImport('./lib/security-headers.ts', import.meta.url);

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests, benchmarks and Lighthouse build into folders of their own (NEXT_DIST_DIR), so they never
  // replace the build that a running `npm start` serves from .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // Pages cached at runtime stay in memory only. On disk they would outlive the process while
  // revalidated tags do not, and one .next is shared by servers on different databases (dev, e2e, bench).
  experimental: { isrFlushToDisk: false },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders(env) }];
  },
  async rewrites() {
    return { afterFiles: marketRewrites() };
  },
};

export default nextConfig;
