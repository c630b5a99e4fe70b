#!/usr/bin/env node
// npm test: everything a change must pass, from a fresh clone (only Node 20+ and npm needed).
//   install what is missing (npm deps; Debian's Chromium when absent) → prisma generate →
//   type-check (root and emulator) → lint → dependency rules → format check → Vitest (unit,
//   integration on real SQLite files, emulator) → e2e database (reset, seeded) → production build
//   (skipped when up to date) → Playwright (real Chromium against the built storefront, the emulator
//   and the mail sink that catches the shop's mails, all started by playwright.config.ts).
// Every step runs even after an earlier one failed, so one run shows every problem. Reports go
// to reports/; the last line is "N passed, N failed" (tests, plus one failure per failed step),
// and the exit code is 1 when anything failed. Built-ins only.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildIfStale } from './lib/build.mjs';
import { ensureChromium, ensureDependencies } from './lib/install.mjs';
import { bin, root, runNode, seconds } from './lib/process.mjs';

const started = Date.now();
const reports = path.join(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  CHECKPOINT_DISABLE: '1',
  // The generated client and the build are for SQLite: the e2e database (.ci/run covers PostgreSQL).
  DATABASE_URL: process.env.E2E_DATABASE_URL || 'file:./data/e2e.db',
  // Only so that lib/env.ts accepts the production build; the e2e server gets its own (playwright.config.ts).
  NEXTAUTH_SECRET: 'e2e-only-secret-e2e-only-secret-e2e-only',
  // The browser tests' build has its own folder (as in e2e/environment.ts): `npm start`'s .next
  // keeps serving meanwhile.
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR || '.next-test',
  // The production build and servers here talk to the Klarna emulator (lib/env.ts).
  KLARNA_EMULATOR_ALLOWED: '1',
};

const steps = [];

/** Runs one step; a thrown error or a non-zero exit marks it failed, and the run goes on. */
async function step(name, action) {
  console.log(`\n── ${name} ${'─'.repeat(Math.max(0, 60 - name.length))}`);
  const begun = Date.now();
  let ok = false;
  try {
    const result = await action();
    ok = result === undefined || result === true || result === 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  }
  steps.push({ name, ok, ms: Date.now() - begun });
  return ok;
}

async function main() {
  if (!(await step('install dependencies', () => ensureDependencies()))) return false;
  await step('install Chromium', async () => {
    env.CHROME_PATH = await ensureChromium();
  });
  const generated = await step('prisma generate', () => runNode(bin.prisma, ['generate'], { env }));
  await step('type-check', () => runNode(bin.tsc, ['--noEmit'], { env }));
  if (existsSync(path.join(root, 'emulator/tsconfig.json'))) {
    await step('type-check emulator', () => runNode(bin.tsc, ['--noEmit', '-p', 'emulator'], { env }));
  }
  await step('lint', () => runNode(bin.eslint, ['.'], { env }));
  // The layering rules of .dependency-cruiser.mjs (the same command as `npm run lint:deps`).
  await step('dependency rules', () =>
    runNode(bin.depcruise, ['app', 'lib', 'components', '--ignore-known'], { env }),
  );
  await step('format', () => runNode(bin.prettier, ['--check', '.', '--log-level', 'warn'], { env }));
  // Tests report their own counts; the step's exit code only matters when there is no report.
  await step('vitest', () =>
    runNode(
      bin.vitest,
      ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reports}/vitest.json`],
      {
        env,
      },
    ),
  );
  // Pages prerendered by the build read the database, so the e2e database is ready before it
  // (Playwright resets it again before it starts the storefront).
  await step('prepare e2e database', () =>
    runNode(path.join(root, 'scripts/db-reset.mjs'), ['--seed'], { env }),
  );
  const built =
    generated &&
    (await step('build', async () => void (await buildIfStale({ ...env, NODE_ENV: 'production' }))));
  if (!built) return false;
  await step('playwright', () =>
    runNode(bin.playwright, ['test', '--reporter=list,json'], {
      env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/playwright.json` },
    }),
  );
  return true;
}

const ranPlaywright = await main();
process.exit(await finish(ranPlaywright));

/** Prints the step table and the summary line; resolves with the exit code. */
function finish(ranPlaywright) {
  // Test failures are counted from the reports; the steps file adds the steps that have none.
  const counted = new Set(['vitest', 'playwright']);
  const failedSteps = steps.filter((s) => !s.ok && !counted.has(s.name)).map((s) => s.name);
  if (!ranPlaywright) failedSteps.push('playwright (not run)');
  writeFileSync(path.join(reports, 'steps.json'), JSON.stringify({ failedSteps, steps }, null, 2));

  console.log('\n── summary ' + '─'.repeat(52));
  for (const s of steps) console.log(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.name.padEnd(24)} ${seconds(s.ms)}`);
  console.log(`total ${seconds(Date.now() - started)}`);
  const files = ['vitest.json', ...(ranPlaywright ? ['playwright.json'] : []), 'steps.json'];
  return runNode(
    path.join(root, 'scripts/summary.mjs'),
    files.map((file) => path.join(reports, file)),
  );
}
