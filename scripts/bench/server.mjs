// A production storefront on its own port and its own seeded SQLite database, for the benchmark
// and Lighthouse scripts. Built-ins and installed packages only.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { buildIfStale } from '../lib/build.mjs';
import { bin, mustRunNode, root } from '../lib/process.mjs';

/**
 * Builds if the last build is stale, creates `data/<name>.db` (migrated and seeded), starts
 * `next start -p <port>` and waits for /api/health. `stop()` ends the server and deletes the database.
 */
export async function startShop({ port, name }) {
  const base = `http://localhost:${port}`;
  const dbFile = path.join(root, `data/${name}.db`);
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    // Benchmarks and Lighthouse build and serve their own folder, never `npm start`'s .next.
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR || '.next-bench',
    NEXT_TELEMETRY_DISABLED: '1',
    CHECKPOINT_DISABLE: '1',
    DATABASE_URL: `file:${dbFile}`,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? 'local-only-secret-local-only-secret-local',
    KLARNA_EMULATOR_ALLOWED: '1',
    NEXTAUTH_URL: base,
    APP_URL: base,
  };
  const removeDatabase = () => {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
  };

  await buildIfStale(env);
  removeDatabase();
  await mustRunNode(bin.prisma, ['migrate', 'deploy'], { env });
  await mustRunNode(bin.tsx, ['--conditions=react-server', 'prisma/seed.ts'], { env });

  const output = [];
  const child = spawn(process.execPath, [bin.next, 'start', '-p', String(port)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => output.push(String(chunk)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    removeDatabase();
  };
  // Ctrl-C during a run still stops the server and removes the database.
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => void stop().then(() => process.exit(130)));

  const shop = { base, dbFile, env, stop, output: () => output.join('') };
  try {
    await waitForHealth(shop, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return shop;
}

async function waitForHealth(shop, child) {
  for (let attempt = 0; attempt < 300 && child.exitCode === null; attempt++) {
    try {
      if ((await fetch(`${shop.base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the storefront did not become healthy on ${shop.base}:\n${shop.output().slice(-3000)}`);
}
