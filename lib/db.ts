import 'server-only';

import { isPostgresUrl, sqliteFilePath } from '@/lib/database-url';
import { env } from '@/lib/env';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export { isPostgresUrl };

/** A new client for `url`; the app uses the one `prisma` below (tests also open a second one). */
export function createClient(url: string): PrismaClient {
  if (isPostgresUrl(url)) return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  const file = sqliteFilePath(url);
  // SQLite creates the file on first use but not its folder (data/ on a fresh clone).
  mkdirSync(path.dirname(file), { recursive: true });
  // Write-ahead logging: a commit appends to the log instead of rewriting a rollback journal (several
  // times fewer disk flushes per checkout), and readers no longer wait for writers. The mode is
  // stored in the file, so setting it once per process is enough.
  const setup = new Database(file);
  setup.pragma('journal_mode = WAL');
  setup.close();
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file }) });
}

// One client per process; kept on globalThis in development so hot reloads do not open a new
// connection pool each time.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma = globalForPrisma.prisma ?? createClient(env.DATABASE_URL);

if (env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;
