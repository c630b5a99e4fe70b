/**
 * Resets and seeds the e2e database. Playwright starts the web servers before this runs, so the
 * storefront already holds the SQLite file open: the tables are dropped and re-created in place
 * (deleting the file would leave the server on the old, unlinked one).
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { E2E_DATABASE_URL, isLocalDatabaseUrl, isPostgresUrl, sqlitePath } from './environment';

const root = path.resolve(import.meta.dirname, '..');

function prisma(...args: string[]): void {
  execFileSync(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL, CHECKPOINT_DISABLE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function dropSqliteTables(file: string): void {
  const db = new Database(file);
  try {
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .all();
    db.pragma('foreign_keys = OFF');
    db.transaction(() => {
      for (const { name } of tables) db.exec(`DROP TABLE "${name.replaceAll('"', '""')}"`);
    })();
  } finally {
    db.close();
  }
}

export default function globalSetup(): void {
  if (!isLocalDatabaseUrl(E2E_DATABASE_URL)) {
    throw new Error(
      `Refusing to reset ${new URL(E2E_DATABASE_URL).host}: the e2e suite only runs against a local database.`,
    );
  }
  if (isPostgresUrl(E2E_DATABASE_URL)) {
    prisma('migrate', 'reset', '--force', '--skip-seed', '--skip-generate');
  } else {
    dropSqliteTables(sqlitePath(E2E_DATABASE_URL));
    prisma('migrate', 'deploy');
  }
  prisma('db', 'seed');
}
