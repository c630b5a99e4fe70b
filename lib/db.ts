import 'server-only';

import { env } from '@/lib/env';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** True when DATABASE_URL points at PostgreSQL rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

function createClient(url: string): PrismaClient {
  if (isPostgresUrl(url)) return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  // better-sqlite3 resolves relative paths against the working directory (the project root),
  // not the schema folder. The comment keeps Turbopack from tracing the whole project.
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), url.replace(/^file:/, ''));
  // SQLite creates the file on first use but not its folder (data/ on a fresh clone).
  mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file }) });
}

// One client per process; kept on globalThis in development so hot reloads do not open a new
// connection pool each time.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma = globalForPrisma.prisma ?? createClient(env.DATABASE_URL);

if (env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;

/** A cheap round trip used by /api/health: true when the database answers. */
export async function pingDatabase(): Promise<boolean> {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return true;
  } catch (error) {
    console.error('database ping failed', error);
    return false;
  }
}
