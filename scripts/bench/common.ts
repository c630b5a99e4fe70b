/** What the API-level benchmarks (checkout, renewals) share: their own database, the emulator, percentiles. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

/** Deletes `file` (and its journal and WAL files) and migrates a new one. */
export function freshSqliteDatabase(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/prisma/build/index.js'), 'migrate', 'deploy'],
    { cwd: root, env: { ...process.env, CHECKPOINT_DISABLE: '1' }, stdio: 'ignore' },
  );
}

/**
 * Starts the Klarna emulator in its own process (so it does not share the benchmark's event loop)
 * and resolves once it answers. `fetchImpl` is the unpatched fetch, when the caller times its own.
 */
export async function startEmulatorProcess(
  port: number,
  fetchImpl: typeof fetch = fetch,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/src/server.ts'], {
    cwd: root,
    env: { ...process.env, KLARNA_EMULATOR_PORT: String(port) },
    stdio: 'ignore',
  });
  const health = `http://127.0.0.1:${port}/_emulator/health`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetchImpl(health)).ok) return child;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${health} did not come up`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The p-th percentile of an ascending list (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
