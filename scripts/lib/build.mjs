// `next build` only when something that goes into the build changed since the last one.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bin, root, runNode } from './process.mjs';

/** The folder a build goes to and is served from: `.next`, or NEXT_DIST_DIR (next.config.mjs). */
export function distDir(env) {
  return path.join(root, env.NEXT_DIST_DIR || '.next');
}

// Folders whose files never reach the Next build. Everything else under the root is hashed, so a
// new source folder is picked up without touching this list.
const notBuildInputs = new Set([
  '.git',
  'node_modules',
  'data',
  'reports',
  'test-results',
  'playwright-report',
  'e2e',
  'tests',
  'emulator',
  'scripts',
  '.ci',
  '.tmp',
  'lh',
]);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // .next and every other build folder (.next-test, .next-bench) are outputs.
      if (dir === root && (notBuildInputs.has(entry.name) || entry.name.startsWith('.next'))) continue;
      if (full === path.join(root, 'lib/generated')) continue; // derived from prisma/, hashed there
      yield* files(full);
    } else if (!/\.test\.tsx?$|\.md$|\.tsbuildinfo$|^next-env\.d\.ts$/.test(entry.name)) {
      yield full;
    }
  }
}

/** Content hash of every build input, plus the env that is baked into the build. */
function buildFingerprint(env) {
  const hash = createHash('sha256');
  for (const file of [...files(root)].sort()) {
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  // The generated Prisma client is provider-specific, and pages prerendered at build time hold
  // that database's rows: a build is only reused against the database it was built from.
  hash.update(`DATABASE_URL=${env.DATABASE_URL ?? ''}\0`);
  // next.config.mjs writes the security headers from these (lib/security-headers.ts).
  const headerInputs = new Set(['APP_URL', 'NEXTAUTH_URL', 'KLARNA_SDK_URL', 'KLARNA_EMULATOR_ALLOWED']);
  for (const [key, value] of Object.entries(env).sort()) {
    if (key.startsWith('NEXT_PUBLIC_') || headerInputs.has(key)) hash.update(`${key}=${value}\0`);
  }
  return hash.digest('hex');
}

/** Builds unless the build folder holds a build of exactly these inputs. Returns true when it built. */
export async function buildIfStale(env) {
  const fingerprint = buildFingerprint(env);
  const stampFile = path.join(distDir(env), 'build-fingerprint');
  const built = existsSync(path.join(distDir(env), 'BUILD_ID')) && existsSync(stampFile);
  if (built && readFileSync(stampFile, 'utf8') === fingerprint) {
    console.log('Production build is up to date: skipping next build');
    return false;
  }
  const code = await runNode(bin.next, ['build'], { env });
  if (code !== 0) throw new Error(`next build exited with ${code}`);
  writeFileSync(stampFile, fingerprint);
  return true;
}
