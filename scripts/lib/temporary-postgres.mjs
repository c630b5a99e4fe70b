// A throw-away PostgreSQL cluster on loopback, from the Debian packages (postgresql-NN).
// Used where Prisma's Postgres schema engine needs a live server, e.g. for `migrate diff`.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function findBinDir() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const version = versions.find((v) => existsSync(path.join(base, v, 'bin/initdb')));
  if (!version) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
  return path.join(base, version, 'bin');
}

/** Starts a cluster with trust auth on 127.0.0.1:port; returns its URL and a stop(). */
export function startTemporaryPostgres({ port = 55433, database = 'app' } = {}) {
  const bin = findBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-'));
  chmodSync(dir, 0o777);
  // initdb refuses to run as root, so run the server tools as the Debian postgres user.
  const asPostgres = (command, args) =>
    process.getuid?.() === 0
      ? execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [command, ...args].map(quote).join(' ')], {
          stdio: 'pipe',
        })
      : execFileSync(command, args, { stdio: 'pipe' });
  asPostgres(path.join(bin, 'initdb'), [
    '-D',
    `${dir}/data`,
    '-U',
    'postgres',
    '-A',
    'trust',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  asPostgres(path.join(bin, 'pg_ctl'), [
    '-D',
    `${dir}/data`,
    '-l',
    `${dir}/log`,
    '-w',
    'start',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
  ]);
  asPostgres(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop() {
      try {
        asPostgres(path.join(bin, 'pg_ctl'), ['-D', `${dir}/data`, '-m', 'fast', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function quote(arg) {
  return `'${String(arg).replaceAll("'", "'\\''")}'`;
}
