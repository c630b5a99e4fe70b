// A throw-away PostgreSQL cluster on loopback, from the Debian packages (postgresql-NN).
// Used where Prisma's Postgres schema engine needs a live server, e.g. for `migrate diff`.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

function findBinDir() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const version = versions.find((v) => existsSync(path.join(base, v, 'bin/initdb')));
  if (!version) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
  return path.join(base, version, 'bin');
}

/** A TCP port nothing listens on right now, so parallel runs never collide. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function quote(arg) {
  return `'${String(arg).replaceAll("'", "'\\''")}'`;
}

/**
 * Starts a cluster with trust auth on 127.0.0.1 and a free port; resolves with its URL and a
 * stop() that shuts it down and deletes its files. Cleans up after itself if starting fails.
 */
export async function startTemporaryPostgres({ database = 'app' } = {}) {
  const bin = findBinDir();
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-'));
  chmodSync(dir, 0o777);
  // initdb refuses to run as root, so run the server tools as the Debian postgres user.
  const asPostgres = (command, args) =>
    process.getuid?.() === 0
      ? execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [command, ...args].map(quote).join(' ')], {
          stdio: 'pipe',
        })
      : execFileSync(command, args, { stdio: 'pipe' });
  const stop = () => {
    try {
      if (existsSync(`${dir}/data/postmaster.pid`)) {
        asPostgres(path.join(bin, 'pg_ctl'), ['-D', `${dir}/data`, '-m', 'fast', 'stop']);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
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
    asPostgres(path.join(bin, 'createdb'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      database,
    ]);
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/${database}`, stop };
}
