import path from 'node:path';

/*
 * DATABASE_URL helpers shared by the app (lib/db.ts), the e2e set-up and the integration tests.
 * Pure: no Prisma, no I/O. (scripts/lib/database-url.mjs is the same for the Node-only scripts.)
 */

/** True for `postgres://` and `postgresql://` URLs; anything else is a SQLite `file:` URL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * Absolute path of a SQLite `file:` URL. Relative paths are resolved against the working
 * directory (the project root), as better-sqlite3 does, not against the schema folder.
 */
export function sqliteFilePath(url: string): string {
  // The comment keeps Turbopack from tracing the whole project through process.cwd().
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), url.replace(/^file:/, ''));
}

/** A SQLite file or PostgreSQL on loopback: the only databases a test set-up may wipe. */
export function isLocalDatabaseUrl(url: string): boolean {
  if (!isPostgresUrl(url)) return true;
  return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
}
