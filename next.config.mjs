import { tsImport } from 'tsx/esm/api';

// Validate the environment before anything builds or serves: a bad value stops `next build` and
// `next start` with the list of problems. lib/env.ts is TypeScript, so load it through tsx.
await tsImport('./lib/env.ts', import.meta.url);

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
};

export default nextConfig;
