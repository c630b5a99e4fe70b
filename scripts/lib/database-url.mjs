// DATABASE_URL helpers for the Node-only scripts (they cannot import lib/env.ts).
import path from 'node:path';

export const DEFAULT_DATABASE_URL = 'file:./data/dev.db';

/** DATABASE_URL from the environment or .env, else the SQLite default. */
export function databaseUrl() {
  try {
    process.loadEnvFile();
  } catch {
    // no .env
  }
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

export function isPostgres(url) {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Absolute path of a `file:` URL, resolved against the project root like lib/db.ts does. */
export function sqliteFile(url, root = process.cwd()) {
  return path.resolve(root, url.replace(/^file:/, ''));
}

/** A SQLite file, or PostgreSQL on loopback: the only databases scripts may wipe. */
export function isLocalDatabase(url) {
  if (!isPostgres(url)) return true;
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}
