/**
 * Order Management capture throughput: every request is a new 1-minor-unit capture, with a new
 * `Klarna-Idempotency-Key`, on one large order. Measured beside a bare `node:http` server that
 * reads the same body and answers the same 201 with `Location` and `Capture-Id`, in the same run,
 * with alternating rounds (see `harness.ts`).
 *
 *   npm run bench:capture      (BENCH_ROUND=4 s, BENCH_ROUNDS=3, BENCH_WARMUP=2 s, BENCH_CONNECTIONS=50)
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { benchDataDir, compare, settingsFromEnv, startChild, type AutocannonRequest } from './harness.js';

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
        res.writeHead(201, {
          Location: `http://127.0.0.1/eu/ordermanagement/v1/orders/x/captures/${id}`,
          'Capture-Id': id,
        });
        res.end();
      });
    });
    server.listen(0, '127.0.0.1', () =>
      console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })),
    );
    return;
  }
  const { startEmulator } = await import('../src/index.js');
  const emulator = await startEmulator({ port: 0, env: {}, dataDir: benchDataDir() });
  console.log(JSON.stringify({ port: emulator.port }));
}

async function call(
  url: string,
  method: string,
  path: string,
  body: unknown,
  auth?: string,
): Promise<Record<string, string>> {
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
  const line = {
    name: 'Bench item',
    quantity: 1,
    unit_price: 200_000_000,
    tax_rate: 2500,
    total_amount: 200_000_000,
    total_tax_amount: 40_000_000,
  };
  const cart = {
    purchase_country: 'SE',
    purchase_currency: 'SEK',
    locale: 'sv-SE',
    order_amount: 200_000_000,
    order_tax_amount: 40_000_000,
    order_lines: [line],
  };
  const session = await call(url, 'POST', '/eu/payments/v1/sessions', cart, auth);
  const approval = await call(url, 'POST', `/_emulator/sessions/${session.session_id ?? ''}/authorize`, {
    email: 'customer@email.se',
  });
  const order = await call(
    url,
    'POST',
    `/eu/payments/v1/authorizations/${approval.authorization_token ?? ''}/order`,
    cart,
    auth,
  );
  return { path: `/eu/ordermanagement/v1/orders/${order.order_id ?? ''}/captures`, auth };
}

function captures(path: string, auth: string): AutocannonRequest[] {
  return [
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
  ];
}

async function main(): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const bare = await startChild(script, 'bare');
  const emulator = await startChild(script, 'emulator');
  try {
    const { path, auth } = await placeLargeOrder(emulator.url);
    await compare(
      'Capture (1-minor-unit captures with new idempotency keys)',
      {
        label: 'bare node:http (201 + headers)',
        server: bare,
        requests: captures('/eu/ordermanagement/v1/orders/x/captures', 'Basic eA=='),
      },
      { label: 'emulator POST captures', server: emulator, requests: captures(path, auth) },
      settingsFromEnv(),
    );
  } finally {
    bare.child.kill();
    emulator.child.kill();
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt !== -1) await serve(process.argv[serveAt + 1] ?? '');
else await main();
