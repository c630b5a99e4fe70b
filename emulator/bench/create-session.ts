/**
 * Create-session throughput and latency: `POST /eu/payments/v1/sessions` with a two-line cart,
 * measured beside a bare `node:http` server that reads and parses the same body and answers the
 * same JSON shape (a fresh session id, a client token, the payment method categories), in the
 * same run, with alternating rounds (see `harness.ts`).
 *
 *   npm run bench:emulator     (BENCH_ROUND=4 s, BENCH_ROUNDS=3, BENCH_WARMUP=2 s, BENCH_CONNECTIONS=50)
 *   BENCH_BARE_BATCHED=1 npm run bench:emulator   (the bare server batches its replies too)
 */
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { benchDataDir, compare, settingsFromEnv, startChild, type AutocannonRequest } from './harness.js';

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
    {
      type: 'shipping_fee',
      name: 'Shipping',
      quantity: 1,
      unit_price: 4900,
      tax_rate: 2500,
      total_amount: 4900,
      total_tax_amount: 980,
    },
  ],
  merchant_urls: { authorization: 'http://localhost:3000/api/klarna/authorization?secret=abc' },
});

/**
 * `BENCH_BARE_BATCHED=1`: the bare server ends its replies once per event-loop turn, as the emulator
 * does (src/http.ts `endReply`), to compare the two with the same write strategy.
 */
const BATCHED_BARE = process.env.BENCH_BARE_BATCHED === '1';
let batch: [ServerResponse, string][] = [];
function endLater(res: ServerResponse, body: string): void {
  if (batch.length === 0) {
    setImmediate(() => {
      const replies = batch;
      batch = [];
      for (const [reply, text] of replies) reply.end(text);
    });
  }
  batch.push([res, body]);
}

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
            {
              identifier: 'klarna',
              name: 'Pay later with Klarna',
              asset_urls: { descriptive: badge, standard: badge },
            },
          ],
        });
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        if (BATCHED_BARE) endLater(res, body);
        else res.end(body);
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

const REQUESTS: AutocannonRequest[] = [
  {
    method: 'POST',
    path: '/eu/payments/v1/sessions',
    headers: { 'content-type': 'application/json', authorization: AUTH },
    body: CART,
  },
];

async function main(): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const bare = await startChild(script, 'bare');
  const emulator = await startChild(script, 'emulator');
  try {
    await compare(
      'Create session',
      {
        label: `bare node:http (same JSON${BATCHED_BARE ? ', batched replies' : ''})`,
        server: bare,
        requests: REQUESTS,
      },
      { label: 'emulator create session', server: emulator, requests: REQUESTS },
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
