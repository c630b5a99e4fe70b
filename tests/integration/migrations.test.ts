import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isPostgresUrl } from './helpers/database-url';

const root = path.resolve(import.meta.dirname, '../..');

function migrationFolders(provider: 'sqlite' | 'postgres'): string[] {
  return readdirSync(path.join(root, 'prisma', provider, 'migrations'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe('migrations', () => {
  test('exist under the same names for SQLite and PostgreSQL', () => {
    expect(migrationFolders('sqlite').length).toBeGreaterThan(0);
    expect(migrationFolders('postgres')).toEqual(migrationFolders('sqlite'));
  });

  test('replayed in order produce exactly the schema in models.prisma', () => {
    // The run's provider: SQLite by default (a :memory: shadow database), PostgreSQL under .ci/run.
    const url = process.env.DATABASE_URL ?? '';
    const provider = isPostgresUrl(url) ? 'postgres' : 'sqlite';
    const diff = () =>
      execFileSync(
        process.execPath,
        [
          path.join(root, 'node_modules/prisma/build/index.js'),
          'migrate',
          'diff',
          '--from-migrations',
          `prisma/${provider}/migrations`,
          '--to-schema-datamodel',
          `prisma/${provider}`,
          '--exit-code',
        ],
        {
          cwd: root,
          env: {
            ...process.env,
            // SQLite: the diff replays on an in-memory shadow; the URL only has to name a scratch file.
            DATABASE_URL: provider === 'postgres' ? url : `file:${path.join(tmpdir(), 'migrations-diff.db')}`,
            CHECKPOINT_DISABLE: '1',
          },
          encoding: 'utf8',
          stdio: 'pipe',
        },
      );

    // --exit-code: 0 = no difference, 2 = the migrations lack a change (execFileSync throws).
    expect(diff).not.toThrow();
  }, 60_000);
});
