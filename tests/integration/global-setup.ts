/**
 * Migrates one template database per run; every test file then gets a fresh copy of it
 * (helpers/database.ts), so files never see each other's rows and nothing is mocked.
 * SQLite by default; PostgreSQL when DATABASE_URL is a postgres URL (see .ci/run).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { assertLocal, isPostgresUrl, withDatabase } from './helpers/database-url';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty database to copy: a SQLite file path or a PostgreSQL database URL. */
    templateDatabase: string;
  }
}

const root = path.resolve(import.meta.dirname, '../..');
// One folder per run, so two runs in one checkout (or a run and an editor's test watcher) never
// delete each other's databases.
const SQLITE_DIR = path.join(root, 'data/test', `run-${process.pid}`);

function migrate(databaseUrl: string): void {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/prisma/build/index.js'), 'migrate', 'deploy'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
      stdio: 'pipe',
    },
  );
}

export default async function setup(project: TestProject): Promise<() => void | Promise<void>> {
  const serverUrl = process.env.DATABASE_URL ?? '';
  assertLocal(serverUrl);

  if (!isPostgresUrl(serverUrl)) {
    mkdirSync(SQLITE_DIR, { recursive: true });
    const template = path.join(SQLITE_DIR, 'template.db');
    migrate(`file:${template}`);
    project.provide('templateDatabase', template);
    return () => rmSync(SQLITE_DIR, { recursive: true, force: true });
  }

  const name = `integration_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  migrate(withDatabase(serverUrl, name));
  project.provide('templateDatabase', withDatabase(serverUrl, name));
  return async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  };
}
