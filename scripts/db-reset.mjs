#!/usr/bin/env node
// Empties the database and re-applies every migration; `--seed` seeds it afterwards.
//   npm run db:reset [-- --seed]
// SQLite: `prisma migrate reset` only deletes rows there and then fails to re-apply, so the file is
// deleted and `migrate deploy` recreates it. PostgreSQL: `migrate reset` works. Refuses to touch a
// database that is not on this machine.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { databaseUrl, isLocalDatabase, isPostgres, sqliteFile } from './lib/database-url.mjs';

const url = databaseUrl();
if (!isLocalDatabase(url)) {
  console.error(`Refusing to reset a database that is not local: ${url.replace(/\/\/[^@]*@/, '//***@')}`);
  process.exit(1);
}

const prisma = (...args) =>
  execFileSync('npx', ['prisma', ...args], { stdio: 'inherit', env: { ...process.env, DATABASE_URL: url } });

if (isPostgres(url)) {
  prisma('migrate', 'reset', '--force', '--skip-seed', '--skip-generate');
} else {
  const file = sqliteFile(url);
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  prisma('migrate', 'deploy');
}
if (process.argv.includes('--seed')) prisma('db', 'seed');
