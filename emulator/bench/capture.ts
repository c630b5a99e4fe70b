/**
 * Order Management capture throughput: every request is a new 1-minor-unit capture, with a new
 * `Klarna-Idempotency-Key`, on one large order. Measured beside a bare `node:http` server that
 * reads the same body and answers the same 201 with `Location` and `Capture-Id`, in the same run.
 * Each server runs in its own process so that the load generator does not share its event loop.
 *
 *   npx tsx bench/capture.ts            (BENCH_DURATION=10 seconds, BENCH_CONNECTIONS=50)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  setupRequest?: (request: { headers: Record<string, string> }) => unknown;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const CAPTURE_BODY = JSON.stringify({ captured_amount: 1 });

/** Child mode: serve one of the two servers and print its port. */
async function serve(kind: string): Promise<void> {
  if (kind === 'bare') {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const id = randomUUID();
        res.writeHead(201, { Location: `http://127.0.0.1/eu/ordermanagement/v1/orders/x/captures/${id}`, 'Capture-Id': id });
        res.end();
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

async function call(url: string, method: string, path: string, body: unknown, auth?: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

/** Places one order of 2 000 000.00 SEK through the Payments API: room for every capture of the run. */
async function placeLargeOrder(url: string): Promise<{ path: string; auth: string }> {
  const auth = `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}`;
  const line = { name: 'Bench item', quantity: 1, unit_price: 200_000_000, tax_rate: 2500, total_amount: 200_000_000, total_tax_amount: 40_000_000 };
  const cart = {
    purchase_country: 'SE',
    purchase_currency: 'SEK',
    locale: 'sv-SE',
    order_amount: 200_000_000,
    order_tax_amount: 40_000_000,
    order_lines: [line],
  };
  const session = await call(url, 'POST', '/eu/payments/v1/sessions', cart, auth);
  const approval = await call(url, 'POST', `/_emulator/sessions/${session.session_id ?? ''}/authorize`, { email: 'customer@email.se' });
  const order = await call(url, 'POST', `/eu/payments/v1/authorizations/${approval.authorization_token ?? ''}/order`, cart, auth);
  return { path: `/eu/ordermanagement/v1/orders/${order.order_id ?? ''}/captures`, auth };
}

async function measure(url: string, path: string, auth: string): Promise<AutocannonResult> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', authorization: auth },
        body: CAPTURE_BODY,
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'klarna-idempotency-key': randomUUID() },
        }),
      },
    ],
  });
}

async function main(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  const bare = await startChild('bare');
  const bareResult = await measure(bare.url, '/eu/ordermanagement/v1/orders/x/captures', 'Basic eA==').finally(() =>
    bare.child.kill(),
  );
  const emulator = await startChild('emulator');
  let emulatorResult: AutocannonResult;
  try {
    const { path, auth } = await placeLargeOrder(emulator.url);
    emulatorResult = await measure(emulator.url, path, auth);
  } finally {
    emulator.child.kill();
  }
  for (const [name, result] of [
    ['bare node:http (201 + headers)', bareResult],
    ['emulator POST captures', emulatorResult],
  ] as const) {
    rows.push({
      server: name,
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      'non-2xx': result.non2xx,
      errors: result.errors + result.timeouts,
    });
  }
  const ratio = emulatorResult.requests.average / bareResult.requests.average;
  console.log(`\nCapture throughput, ${CONNECTIONS} connections, ${DURATION_S} s each, 1-minor-unit captures with new idempotency keys`);
  console.table(rows);
  const p99 = emulatorResult.latency.p99;
  console.log(
    `emulator/bare: ${(ratio * 100).toFixed(1)} % (target ≥ 50 %) ${ratio >= 0.5 ? 'OK' : 'MISSED'}; ` +
      `emulator p99 ${p99} ms (target < 20 ms) ${p99 < 20 ? 'OK' : 'MISSED'}`,
  );
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt !== -1) await serve(process.argv[serveAt + 1] ?? '');
else await main();
