// Installs what a fresh clone lacks: npm dependencies, and for the browser tests Debian's Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './process.mjs';

const lockfile = path.join(root, 'package-lock.json');
// npm writes this "hidden lockfile" on every install: its age says when node_modules was last synced.
const installedMarker = path.join(root, 'node_modules/.package-lock.json');

/**
 * `npm ci` when node_modules is missing or older than package-lock.json: it installs exactly what
 * the lockfile lists and never rewrites it, so a fresh clone stays clean.
 */
export async function ensureDependencies() {
  const installed = existsSync(installedMarker) && existsSync(path.join(root, 'node_modules/next'));
  if (installed && statSync(installedMarker).mtimeMs >= statSync(lockfile).mtimeMs) return;
  console.log(installed ? 'package-lock.json changed: npm ci' : 'Installing dependencies: npm ci');
  const code = await run('npm', ['ci', '--no-audit', '--no-fund'], {
    env: { ...process.env, CHECKPOINT_DISABLE: '1', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (code !== 0) throw new Error('npm ci failed');
  const now = new Date();
  utimesSync(installedMarker, now, now);
}

/**
 * Chromium for Playwright: CHROME_PATH if set, else Debian's /usr/bin/chromium, installed with
 * apt-get when it is missing and apt-get can be used (root). Playwright never downloads browsers here.
 */
export async function ensureChromium() {
  if (process.env.CHROME_PATH) {
    if (!existsSync(process.env.CHROME_PATH))
      throw new Error(`CHROME_PATH=${process.env.CHROME_PATH} does not exist`);
    return process.env.CHROME_PATH;
  }
  const chromium = '/usr/bin/chromium';
  if (existsSync(chromium)) return chromium;
  const aptGet = commandPath('apt-get');
  if (!aptGet || process.getuid?.() !== 0) {
    throw new Error(
      'Chromium is missing: run `sudo apt-get install -y chromium`, or set CHROME_PATH to a Chrome/Chromium binary',
    );
  }
  console.log('Installing Chromium from Debian: apt-get install -y chromium');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run(aptGet, ['update'], { env })) !== 0) throw new Error('apt-get update failed');
  if ((await run(aptGet, ['install', '-y', 'chromium'], { env })) !== 0) {
    throw new Error('apt-get install chromium failed');
  }
  return chromium;
}

function commandPath(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
