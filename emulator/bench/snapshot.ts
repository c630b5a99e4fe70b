/**
 * Snapshot round trip: an emulator holding 10 000 orders (half of them captured, each with its
 * session and authorization) exports its state with `GET /_emulator/snapshot`, and a second,
 * empty emulator imports it with `PUT /_emulator/snapshot`; then the same through a data directory
 * (write `state.json`, start a new emulator on it). Target: a round trip under 1 s. Baseline, from
 * the same run: the exported document turned into JSON text and parsed back in this process, the
 * least any JSON snapshot of that state costs.
 *
 * Through the control API the two emulators run as `klarna-emulator` processes of their own, as an
 * integrator runs them beside a test suite, so the figure is what that integrator waits; the
 * emulators' CPU time (from /proc) is printed beside it. The data-directory round trip runs in this
 * process: a new process's start-up would otherwise count as loading.
 *
 *   npm run bench:snapshot     (BENCH_SNAPSHOT_ORDERS=10000, BENCH_SNAPSHOT_RUNS=3)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { approve } from '../src/authorize.js';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { placeOrder } from '../src/orders.js';
import { createSession, parseSessionCreate } from '../src/sessions.js';
import { IGNORE_UNKNOWN_FIELDS } from '../src/validate.js';

const ORDERS = Number(process.env.BENCH_SNAPSHOT_ORDERS ?? 10_000);
const RUNS = Math.max(1, Number(process.env.BENCH_SNAPSHOT_RUNS ?? 3));
const TARGET_MS = 1000;

const LINES = [
  {
    type: 'physical',
    reference: 'SHIRT-1',
    name: 'Shirt',
    quantity: 2,
    unit_price: 10000,
    tax_rate: 2500,
    total_amount: 20000,
    total_tax_amount: 4000,
  },
  {
    type: 'shipping_fee',
    name: 'Shipping',
    quantity: 1,
    unit_price: 4900,
    tax_rate: 2500,
    total_amount: 4900,
    total_tax_amount: 980,
  },
];

const BILLING = {
  given_name: 'Testperson-se',
  family_name: 'Approved',
  email: 'customer@email.se',
  street_address: 'Stårgatan 1',
  postal_code: '12345',
  city: 'Ankeborg',
  country: 'SE',
};

/** Fills an emulator with orders through its own services (no HTTP: the requests are not what is measured). */
function fill(running: RunningEmulator, count: number): void {
  const { emulator } = running;
  const caller = { region: 'eu' as const, merchantId: 'PK_EU_TEST', origin: running.url };
  const cart = {
    purchase_country: 'SE',
    purchase_currency: 'SEK',
    locale: 'sv-SE',
    order_amount: 24900,
    order_tax_amount: 4980,
    order_lines: LINES,
    billing_address: BILLING,
    merchant_reference1: 'ORDER-0',
    merchant_urls: { notification: 'http://localhost:3000/api/klarna/notification' },
  };
  for (let i = 0; i < count; i++) {
    const body = { ...cart, merchant_reference1: `ORDER-${i}` };
    const session = createSession(emulator, {
      data: parseSessionCreate(body, 'eu', IGNORE_UNKNOWN_FIELDS),
      ...caller,
    });
    const outcome = approve(emulator, session, {
      paymentMethodCategory: 'klarna',
      autoFinalize: true,
      signupCompleted: true,
    });
    if (outcome.kind !== 'approved') throw new Error(`approval failed: ${outcome.kind}`);
    placeOrder(
      emulator,
      outcome.authorization.token,
      { ...body, auto_capture: i % 2 === 0, merchant_urls: undefined },
      caller,
      IGNORE_UNKNOWN_FIELDS,
    );
  }
}

function ms(since: number): number {
  return Math.round((performance.now() - since) * 10) / 10;
}

/** A plain node:http call that keeps the body as bytes: the client should cost little beside the emulator. */
function send(method: string, url: string, body?: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      // A fresh connection each time: a kept-alive one the server closed while a run was busy elsewhere
      // would fail the next request with ECONNRESET.
      { method, headers: body ? { 'content-type': 'application/json' } : {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** CPU time of this process (user + system, ms) since `since`: steadier than wall time on a busy machine. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 100) / 10;
}

/** An emulator in a process of its own, started as the `klarna-emulator` command starts it. */
interface EmulatorProcess {
  url: string;
  child: ChildProcess;
}

const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url));
/** The TypeScript loader as this file resolves it, so the emulator starts from any working directory. */
const TSX = import.meta.resolve('tsx');

function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['--import', TSX, SERVER, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      output += text;
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (listening) resolve({ url: listening[1] as string, child });
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening`)));
  });
}

function stopEmulatorProcess({ child }: EmulatorProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** User + system CPU time (ms) a process has used so far; NaN where /proc is not there to read it. */
function processCpuMs(pid: number | undefined): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, counted after the command name (which may hold spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticksPerSecond = 100; // USER_HZ, 100 on every Linux platform Node runs on
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

async function controlApiRun(source: EmulatorProcess, target: EmulatorProcess, orders: number) {
  const cpuBefore = processCpuMs(source.child.pid) + processCpuMs(target.child.pid);
  const started = performance.now();
  const exported = await send('GET', `${source.url}/_emulator/snapshot`);
  const exportMs = ms(started);
  const importStarted = performance.now();
  const imported = await send('PUT', `${target.url}/_emulator/snapshot`, exported.body);
  const totalMs = ms(started);
  const emulatorCpuMs = processCpuMs(source.child.pid) + processCpuMs(target.child.pid) - cpuBefore;
  if (imported.status !== 200) throw new Error(`import failed: ${imported.body.toString('utf8')}`);
  const restored = JSON.parse(imported.body.toString('utf8')) as { restored: { orders: number } };
  if (restored.restored.orders !== orders) throw new Error('the imported emulator does not hold every order');
  return {
    bytes: exported.body.length,
    exportMs,
    importMs: ms(importStarted),
    totalMs,
    cpuMs: emulatorCpuMs,
  };
}

async function dataDirRun(source: RunningEmulator) {
  const dir = mkdtempSync(path.join(tmpdir(), 'klarna-emulator-snapshot-bench-'));
  try {
    const writer = await startEmulator({ port: 0, env: {}, dataDir: dir });
    const snapshot = await send('GET', `${source.url}/_emulator/snapshot`);
    await send('PUT', `${writer.url}/_emulator/snapshot`, snapshot.body);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await writer.close(); // writes state.json
    const writeMs = ms(started);
    const bytes = statSync(path.join(dir, 'state.json')).size;
    const readStarted = performance.now();
    const reader = await startEmulator({ port: 0, env: {}, dataDir: dir });
    const readMs = ms(readStarted);
    const used = cpuMs(cpu);
    const orders = reader.emulator.store.orders.size;
    await reader.close();
    if (orders !== source.emulator.store.orders.size) throw new Error('the restarted emulator lost orders');
    return { bytes, writeMs, readMs, totalMs: Math.round((writeMs + readMs) * 10) / 10, cpuMs: used };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The baseline: the same document serialised and parsed once in this process, no HTTP, no checks. */
async function jsonFloorRun(source: RunningEmulator): Promise<number> {
  const document: unknown = JSON.parse(
    (await send('GET', `${source.url}/_emulator/snapshot`)).body.toString('utf8'),
  );
  const started = performance.now();
  JSON.parse(JSON.stringify(document));
  return ms(started);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function main(): Promise<void> {
  const source = await startEmulator({ port: 0, env: {} });
  const [sourceProcess, targetProcess] = await Promise.all([startEmulatorProcess(), startEmulatorProcess()]);
  try {
    const filling = performance.now();
    fill(source, ORDERS);
    const filled = await send('GET', `${source.url}/_emulator/snapshot`);
    const loaded = await send('PUT', `${sourceProcess.url}/_emulator/snapshot`, filled.body);
    if (loaded.status !== 200)
      throw new Error(`filling the emulator process failed: ${loaded.body.toString('utf8')}`);
    console.log(
      `\nSnapshot round trip: ${ORDERS} orders (${ORDERS / 2} captured), filled in ${ms(filling)} ms`,
    );

    const api: number[] = [];
    const disk: number[] = [];
    const apiCpu: number[] = [];
    const diskCpu: number[] = [];
    const floor: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      floor.push(await jsonFloorRun(source));
      const overHttp = await controlApiRun(sourceProcess, targetProcess, ORDERS);
      const throughDisk = await dataDirRun(source);
      api.push(overHttp.totalMs);
      disk.push(throughDisk.totalMs);
      apiCpu.push(overHttp.cpuMs);
      diskCpu.push(throughDisk.cpuMs);
      console.log(
        `  run ${run}: control API ${(overHttp.bytes / 1e6).toFixed(1)} MB, export ${overHttp.exportMs} ms + ` +
          `import ${overHttp.importMs} ms = ${overHttp.totalMs} ms (emulators' CPU ${overHttp.cpuMs} ms); data dir ${(throughDisk.bytes / 1e6).toFixed(1)} MB, ` +
          `write ${throughDisk.writeMs} ms + load ${throughDisk.readMs} ms = ${throughDisk.totalMs} ms (CPU ${throughDisk.cpuMs} ms)`,
      );
    }
    const rows = [
      ['control API export + import', median(api), median(apiCpu)],
      ['data dir write + load', median(disk), median(diskCpu)],
    ] as const;
    const baseline = median(floor);
    console.log(`\n  target: a ${ORDERS}-order round trip under ${TARGET_MS} ms (median of ${RUNS} runs)`);
    for (const [label, wall, cpu] of rows) {
      console.log(
        `  ${wall < TARGET_MS ? 'PASS' : 'MISS'}  ${label}: ${wall} ms (CPU ${cpu} ms); ` +
          `baseline JSON stringify + parse of the same state: ${baseline} ms (${(wall / baseline).toFixed(1)}×)`,
      );
    }
    console.log(
      `  load average: ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')} (2-core machine: figures above ~2 are disturbed)`,
    );
  } finally {
    await source.close();
    await Promise.all([stopEmulatorProcess(sourceProcess), stopEmulatorProcess(targetProcess)]);
  }
}

await main();
