/**
 * Create-session throughput and latency: `POST /eu/payments/v1/sessions` with a two-line cart,
 * measured beside a bare `node:http` server that reads and parses the same body and answers the
 * same JSON shape (a fresh session id, a client token, the payment method categories), in the
 * same run. Each server runs in its own process so the load generator does not share its event
 * loop. Both get a warm-up, then they take turns (bare, emulator, bare, emulator …) so that a
 * change in machine load hits both alike. Beside req/s and latency the table shows each server's
 * CPU time per request (from /proc), which other processes on a shared machine disturb far less.
 *
 *   npm run bench:emulator     (BENCH_DURATION=12 s per server in total, BENCH_ROUNDS=3,
 *                               BENCH_CONNECTIONS=50, BENCH_WARMUP=2 s)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 12);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const AUTH = `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}`;

const CART = JSON.stringify({
  purchase_country: 'SE',
  purchase_currency: 'SEK',
  locale: 'sv-SE',
  order_amount: 24900,
  order_tax_amount: 4980,
  order_lines: [
    {
      type: 'physical',
      reference: 'SHIRT-1',
      name: 'Shirt',
      quantity: 2,
      unit_price: 10000,
      tax_rate: 2500,
      total_amount: 20000,
      total_discount_amount: 0,
      total_tax_amount: 4000,
    },
    { type: 'shipping_fee', name: 'Shipping', quantity: 1, unit_price: 4900, tax_rate: 2500, total_amount: 4900, total_tax_amount: 980 },
  ],
  merchant_urls: { authorization: 'http://localhost:3000/api/klarna/authorization?secret=abc' },
});

/** Child mode: serve one of the two servers and print its port. */
async function serve(kind: string): Promise<void> {
  if (kind === 'bare') {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const sessionId = randomUUID();
        const badge = 'http://127.0.0.1/kp/assets/badges/klarna.svg';
        const body = JSON.stringify({
          session_id: sessionId,
          client_token: `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ session_id: sessionId })).toString('base64url')}.sig`,
          payment_method_categories: [
            { identifier: 'klarna', name: 'Pay later with Klarna', asset_urls: { descriptive: badge, standard: badge } },
          ],
        });
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
    return;
  }
  const { startEmulator } = await import('../src/index');
  const emulator = await startEmulator({ port: 0, env: {} });
  console.log(JSON.stringify({ port: emulator.port }));
}

function startChild(kind: 'bare' | 'emulator'): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.stdout?.once('data', (data: Buffer) => {
      const { port } = JSON.parse(data.toString('utf8').split('\n')[0] ?? '{}') as { port: number };
      resolve({ child, url: `http://127.0.0.1:${port}` });
    });
  });
}

function load(url: string, duration: number): Promise<AutocannonResult> {
  return autocannon({
    url: `${url}/eu/payments/v1/sessions`,
    connections: CONNECTIONS,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: AUTH },
    body: CART,
  });
}

/** CPU time (user + system) a process has used so far, in ms; null where /proc is missing. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

interface Totals {
  requests: number;
  seconds: number;
  cpuMs: number | null;
  p50: number[];
  p99: number[];
  max: number;
  failures: number;
}

async function run(server: { child: ChildProcess; url: string }, seconds: number, totals: Totals): Promise<void> {
  const before = cpuMs(server.child.pid);
  const result = await load(server.url, seconds);
  const after = cpuMs(server.child.pid);
  totals.requests += result.requests.total;
  totals.seconds += seconds;
  totals.cpuMs = before === null || after === null || totals.cpuMs === null ? null : totals.cpuMs + after - before;
  totals.p50.push(result.latency.p50);
  totals.p99.push(result.latency.p99);
  totals.max = Math.max(totals.max, result.latency.max);
  totals.failures += result.non2xx + result.errors + result.timeouts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function emptyTotals(): Totals {
  return { requests: 0, seconds: 0, cpuMs: 0, p50: [], p99: [], max: 0, failures: 0 };
}

async function main(): Promise<void> {
  const bare = await startChild('bare');
  const emulator = await startChild('emulator');
  const totals = { bare: emptyTotals(), emulator: emptyTotals() };
  try {
    if (WARMUP_S > 0) {
      await load(bare.url, WARMUP_S);
      await load(emulator.url, WARMUP_S);
    }
    const slice = DURATION_S / ROUNDS;
    for (let round = 0; round < ROUNDS; round++) {
      await run(bare, slice, totals.bare);
      await run(emulator, slice, totals.emulator);
    }
  } finally {
    bare.child.kill();
    emulator.child.kill();
  }

  const rows = (
    [
      ['bare node:http (same JSON)', totals.bare],
      ['emulator create session', totals.emulator],
    ] as const
  ).map(([server, t]) => ({
    server,
    'req/s': Math.round(t.requests / t.seconds),
    'p50 ms': median(t.p50),
    'p99 ms (median of rounds)': median(t.p99),
    'p99 ms (worst round)': Math.max(...t.p99),
    'max ms': t.max,
    'CPU µs/req': t.cpuMs === null ? 'n/a' : Math.round((t.cpuMs * 1000) / t.requests),
    failures: t.failures,
  }));
  const ratio = totals.emulator.requests / totals.bare.requests;
  const p99 = median(totals.emulator.p99);
  console.log(
    `\nCreate session: ${CONNECTIONS} connections, ${DURATION_S} s per server in ${ROUNDS} alternating rounds, ` +
      `after ${WARMUP_S} s warm-up each`,
  );
  console.table(rows);
  console.log(
    `emulator/bare: ${(ratio * 100).toFixed(1)} % of req/s (target ≥ 50 %) ${ratio >= 0.5 ? 'OK' : 'MISSED'}; ` +
      `emulator p99 ${p99} ms (target < 20 ms) ${p99 < 20 ? 'OK' : 'MISSED'}`,
  );
  const cpuBare = totals.bare.cpuMs;
  const cpuEmulator = totals.emulator.cpuMs;
  if (cpuBare !== null && cpuEmulator !== null) {
    const cpuRatio = cpuBare / totals.bare.requests / (cpuEmulator / totals.emulator.requests);
    console.log(`CPU per request, bare/emulator: ${(cpuRatio * 100).toFixed(1)} % (the emulator's share of bare speed on CPU)`);
  }
  console.log(`load average during the run: ${readLoadAverage()}`);
  if (totals.emulator.failures > 0) {
    console.log('The emulator answered some requests with errors: the figures above are not valid.');
    process.exitCode = 1;
  }
}

function readLoadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt !== -1) await serve(process.argv[serveAt + 1] ?? '');
else await main();
