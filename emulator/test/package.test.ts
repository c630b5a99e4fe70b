import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/**
 * The package as an outsider gets it: `npm pack` (which builds dist/), the tarball installed
 * offline into an empty folder, and run there with plain Node: no TypeScript, no workspace.
 */

const run = promisify(execFile);
const packageDir = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'klarna-emulator-package-'));
const app = path.join(work, 'app');
const children: ChildProcess[] = [];
// Only Node and npm on the PATH; none of this repository's settings.
const cleanEnv = {
  PATH: [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
  HOME: work,
  npm_config_cache: path.join(work, 'npm-cache'),
};
const SESSION = {
  purchase_country: 'SE',
  purchase_currency: 'SEK',
  locale: 'sv-SE',
  order_amount: 10000,
  order_tax_amount: 2000,
  order_lines: [
    {
      name: 'Shirt',
      quantity: 1,
      unit_price: 10000,
      tax_rate: 2500,
      total_amount: 10000,
      total_tax_amount: 2000,
    },
  ],
  intent: 'buy',
  client_reference: 'A-1',
};
const EU_AUTH = `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}`;

let tarball: string;

beforeAll(async () => {
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: packageDir,
    env: { ...process.env, npm_config_cache: cleanEnv.npm_config_cache },
    maxBuffer: 16 * 1024 * 1024,
  });
  const [result] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, result!.filename);
  await run('mkdir', ['-p', app]);
  writeFileSync(path.join(app, 'package.json'), '{"name":"probe","private":true}\n');
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app, env: cleanEnv });
}, 300_000);

afterAll(() => {
  for (const child of children) child.kill();
  rmSync(work, { recursive: true, force: true });
});

/** Starts the installed bin and resolves with the URL it reports. */
async function startBin(args: string[]): Promise<string> {
  const child = spawn(path.join(app, 'node_modules/.bin/klarna-emulator'), args, { cwd: app, env: cleanEnv });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`klarna-emulator exited with ${code}: ${output}`)));
  });
}

describe('the packed tarball', () => {
  test('holds the build, the README and the licence, and no TypeScript source', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n');
    expect(files).toEqual(
      expect.arrayContaining([
        'package/package.json',
        'package/README.md',
        'package/LICENSE',
        'package/dist/index.js',
        'package/dist/index.d.ts',
        'package/dist/server.js',
        'package/dist/sdk/api.js',
      ]),
    );
    expect(
      files.filter((file) => file.startsWith('package/src/') || /\.ts$/.test(file.replace(/\.d\.ts$/, ''))),
    ).toEqual([]);
    const manifest = JSON.parse(
      readFileSync(path.join(app, 'node_modules/klarna-emulator/package.json'), 'utf8'),
    );
    expect(manifest).toMatchObject({ license: 'MIT', bin: { 'klarna-emulator': './dist/server.js' } });
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(readFileSync(path.join(app, 'node_modules/klarna-emulator/dist/index.d.ts'), 'utf8')).toMatch(
      /export declare function startEmulator/,
    );
  });

  test('npx klarna-emulator --help lists every flag', async () => {
    const { stdout } = await run(path.join(app, 'node_modules/.bin/klarna-emulator'), ['--help'], {
      env: cleanEnv,
    });
    for (const flag of [
      '--port',
      '--host',
      '--strict',
      '--data-dir',
      '--clock',
      '--credentials',
      '--no-control',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  test('a bad flag is refused with a clear message and exit code 2', async () => {
    const failed = await run(path.join(app, 'node_modules/.bin/klarna-emulator'), ['--port', 'eighty'], {
      env: cleanEnv,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toMatch(/port must be a number/);
  });

  test('the bin runs with plain Node: health, a Payments call, the control API description', async () => {
    const url = await startBin(['--port', '0', '--clock', '2030-01-01T09:00:00Z']);
    expect(await (await fetch(`${url}/_emulator/health`)).json()).toEqual({ ok: true });

    const created = await fetch(`${url}/eu/payments/v1/sessions`, {
      method: 'POST',
      headers: { authorization: EU_AUTH, 'content-type': 'application/json' },
      body: JSON.stringify(SESSION),
    });
    expect(created.status).toBe(200);
    expect(created.headers.get('klarna-emulator-warning')).toBe('unknown field client_reference');
    const { session_id: sessionId } = (await created.json()) as { session_id: string };
    const read = await fetch(`${url}/eu/payments/v1/sessions/${sessionId}`, {
      headers: { authorization: EU_AUTH },
    });
    // The clock started at the --clock time: the session lives 48 h from (about) then.
    expect(await read.json()).toMatchObject({
      status: 'incomplete',
      expires_at: expect.stringMatching(/^2030-01-03T09:0\d:/),
    });

    const openapi = await fetch(`${url}/_emulator/openapi.json`);
    expect(((await openapi.json()) as { paths: object }).paths).toHaveProperty(['/_emulator/clock']);
  });

  test('flags reach the emulator: --strict refuses unknown fields, --credentials replaces a region’s', async () => {
    const url = await startBin(['--port', '0', '--strict', '--credentials', 'eu=shop:s3cret']);
    const refused = await fetch(`${url}/eu/payments/v1/sessions`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('shop:s3cret').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(SESSION),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error_messages: ['Bad value: client_reference'] });
    const oldCredentials = await fetch(`${url}/eu/payments/v1/sessions/x`, {
      headers: { authorization: EU_AUTH },
    });
    expect(oldCredentials.status).toBe(401);
  });

  test('import { startEmulator } from "klarna-emulator" works in plain Node', async () => {
    const script = path.join(app, 'probe.mjs');
    writeFileSync(
      script,
      "import { startEmulator } from 'klarna-emulator';\n" +
        'const emulator = await startEmulator({ port: 0 });\n' +
        'const health = await (await fetch(`${emulator.url}/_emulator/health`)).json();\n' +
        'console.log(JSON.stringify({ health, sdk: emulator.sdkUrl.endsWith("/kp/lib/v1/api.js") }));\n' +
        'await emulator.close();\n',
    );
    const { stdout } = await run(process.execPath, [script], { cwd: app, env: cleanEnv });
    expect(JSON.parse(stdout)).toEqual({ health: { ok: true }, sdk: true });
    expect(existsSync(path.join(app, 'node_modules/klarna-emulator/src'))).toBe(false);
  });
});
