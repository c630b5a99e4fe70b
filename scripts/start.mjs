#!/usr/bin/env node
// npm start: from a fresh clone (only Node 20+ and npm needed) to the storefront on
// http://localhost:3000 with the Klarna emulator on http://127.0.0.1:4100 beside it, and a local
// mail sink (scripts/mail-sink.ts) that receives the shop's mails, readable on http://127.0.0.1:8025.
//   1. npm ci when node_modules is missing or older than package-lock.json
//   2. prisma generate, migrate deploy, seed (only an empty database)
//   3. next build, skipped when the last build has exactly the same inputs
//   4. next start + the emulator + the mail sink; Ctrl-C (or SIGTERM) stops them all, and if one dies
//      the others stop too (with SMTP_URL set, mail goes there and no sink is started)
// Built-ins only: nothing is installed when this starts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildIfStale } from './lib/build.mjs';
import { DEFAULT_DATABASE_URL } from './lib/database-url.mjs';
import { ensureDependencies } from './lib/install.mjs';
import { bin, mustRunNode, root, seconds } from './lib/process.mjs';

const started = Date.now();

try {
  process.loadEnvFile(path.join(root, '.env'));
} catch {
  // no .env: the defaults below apply
}

const port = process.env.PORT || '3000';
const emulatorPort = process.env.KLARNA_EMULATOR_PORT || '4100';
const appUrl = `http://localhost:${port}`;
const mailSinkSmtpPort = process.env.MAIL_SINK_SMTP_PORT || '1025';
const mailSinkHttpPort = process.env.MAIL_SINK_HTTP_PORT || '8025';
// The shop's own SMTP server, if one is configured; otherwise the local sink catches every mail.
const mailSink = !process.env.SMTP_URL;

const env = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  CHECKPOINT_DISABLE: '1',
  PORT: port,
  KLARNA_EMULATOR_PORT: emulatorPort,
  // The emulator keeps its orders across restarts, like Klarna would.
  EMULATOR_DATA_DIR: process.env.EMULATOR_DATA_DIR || path.join(root, 'data/emulator'),
  DATABASE_URL: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL || appUrl,
  APP_URL: process.env.APP_URL || appUrl,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || localSecret(),
  // This production build talks to the emulator started beside it; lib/env.ts refuses that
  // without the opt-in. Set KLARNA_EMULATOR_ALLOWED=0 (and Klarna's URLs) to run against Klarna.
  KLARNA_EMULATOR_ALLOWED: process.env.KLARNA_EMULATOR_ALLOWED || '1',
  SMTP_URL: process.env.SMTP_URL || `smtp://127.0.0.1:${mailSinkSmtpPort}`,
  MAIL_SINK_SMTP_PORT: mailSinkSmtpPort,
  MAIL_SINK_HTTP_PORT: mailSinkHttpPort,
};
if (env.KLARNA_EMULATOR_ALLOWED === '1') {
  console.log(
    'KLARNA_EMULATOR_ALLOWED=1: this production build may use the Klarna emulator and its test credentials',
  );
}

/**
 * A random secret kept in data/ (git-ignored) so sessions survive restarts on this machine.
 * Only for running locally: a deployment sets NEXTAUTH_SECRET itself.
 */
function localSecret() {
  const file = path.join(root, 'data/.nextauth-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  console.log('NEXTAUTH_SECRET is not set: using the local one in data/.nextauth-secret');
  return readFileSync(file, 'utf8').trim();
}

async function prepare() {
  await ensureDependencies();
  await mustRunNode(bin.prisma, ['generate'], { env });
  await mustRunNode(bin.prisma, ['migrate', 'deploy'], { env });
  await mustRunNode(bin.tsx, ['--conditions=react-server', 'prisma/seed.ts', '--if-empty'], { env });
  await buildIfStale(env);
}

async function waitFor(url, child) {
  for (let attempt = 0; attempt < 600 && child.exitCode === null; attempt++) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function serve() {
  const children = [
    { name: 'Klarna emulator', args: ['--import', 'tsx', 'emulator/src/server.ts'] },
    { name: 'storefront', args: [bin.next, 'start', '-p', port] },
    ...(mailSink ? [{ name: 'mail sink', args: ['--import', 'tsx', 'scripts/mail-sink.ts'] }] : []),
  ].map(({ name, args }) => ({
    name,
    process: spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' }),
  }));

  let exitCode = 0;
  let stopping = false;
  const stopAll = (code) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGTERM');
    // Anything still running after 10 s is killed so `npm start` never hangs on exit.
    setTimeout(() => children.forEach((child) => child.process.kill('SIGKILL')), 10_000).unref();
  };

  for (const child of children) {
    child.process.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`${child.name} exited (${signal ?? `code ${code}`}): stopping`);
        stopAll(code || 1);
      }
      if (children.every((c) => c.process.exitCode !== null || c.process.signalCode !== null))
        process.exit(exitCode);
    });
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(0));

  const [emulator, storefront, sink] = children;
  const mailReader = `http://127.0.0.1:${mailSinkHttpPort}`;
  void Promise.all([
    waitFor(`http://127.0.0.1:${emulatorPort}/_emulator/health`, emulator.process),
    waitFor(`${appUrl}/api/health`, storefront.process),
    sink ? waitFor(`${mailReader}/health`, sink.process) : true,
  ]).then((up) => {
    if (up.every(Boolean)) {
      console.log(
        `\nStorefront ready on ${appUrl} (Klarna emulator on http://127.0.0.1:${emulatorPort}) ` +
          `after ${seconds(Date.now() - started)}.\n` +
          (sink ? `The shop's mails are caught, not delivered: read them on ${mailReader}\n` : '') +
          'Press Ctrl-C to stop.\n',
      );
    }
  });
}

try {
  await prepare();
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
serve();
