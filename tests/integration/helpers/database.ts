/**
 * A fresh, migrated database for one test file: a copy of the run's template (global-setup.ts).
 *
 *   const db = setUpTestDatabase();
 *   test('…', async () => { const { createUser } = await import('@/lib/data/users'); … });
 *
 * Call it at the top of the file, before anything imports lib/db: it points DATABASE_URL at the
 * copy in beforeAll, and disconnects and deletes the copy in afterAll.
 */
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { randomUUID } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { isPostgresUrl, withDatabase } from './database-url';

export interface TestDatabase {
  /** The DATABASE_URL of this file's database (set once beforeAll has run). */
  url: string;
  /** The app's own Prisma client (lib/db), bound to this database. */
  prisma(): Promise<PrismaClient>;
}

async function createCopy(template: string): Promise<{ url: string; drop: () => void | Promise<void> }> {
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  if (!isPostgresUrl(template)) {
    const file = path.join(path.dirname(template), `${name}.db`);
    copyFileSync(template, file);
    return {
      url: `file:${file}`,
      // lib/db opens SQLite in WAL mode; a clean close removes -wal and -shm, a crashed one may not.
      drop: () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  const templateName = new URL(template).pathname.slice(1);
  // Connected to the template itself would block CREATE … TEMPLATE, so use the server's default DB.
  const maintenance = withDatabase(template, 'postgres');
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: maintenance });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
  return {
    url: withDatabase(template, name),
    drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export function setUpTestDatabase(): TestDatabase {
  let drop: (() => void | Promise<void>) | undefined;
  const database: TestDatabase = {
    url: '',
    prisma: async () => (await import('@/lib/db')).prisma,
  };

  beforeAll(async () => {
    const copy = await createCopy(inject('templateDatabase'));
    database.url = copy.url;
    drop = copy.drop;
    process.env.DATABASE_URL = copy.url;
  });

  afterAll(async () => {
    const { prisma } = await import('@/lib/db');
    await prisma.$disconnect();
    // lib/db keeps its client on globalThis outside production; the next file needs a new one.
    delete (globalThis as { prisma?: unknown }).prisma;
    await drop?.();
  });

  return database;
}
