/**
 * `npm run bench:checkout`: complete API-level checkouts through the storefront's own use-cases
 * (cart in the DB → startCheckoutSession → headless approval at the emulator → finalizeOrder, with
 * the emulator's authorization callback racing each finalize through the real callback handler),
 * at 1 and at 20 concurrent shoppers.
 *
 * Printed per run: checkouts/s, total time per checkout and the storefront's own time (total minus
 * the time spent waiting on Klarna), p50 and p99, failures, and orders in the DB and at Klarna against
 * checkouts attempted. The baseline, measured in the same run and at the same concurrency, is the
 * same Klarna calls alone (create session, approval, place order) without the storefront.
 *
 * The emulator runs in its own process so it does not share this event loop; the database is a
 * fresh SQLite file (data/bench-checkout.db).
 *
 *   npm run bench:checkout                       (BENCH_CHECKOUTS=100 per run)
 *   BENCH_CHECKOUTS=300 npm run bench:checkout
 *   BENCH_EMULATOR_PORT=… moves its own emulator off port 4126
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { freshSqliteDatabase, percentile, root, startEmulatorProcess } from './common';

const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS ?? 100);
const EMULATOR_PORT = Number(process.env.BENCH_EMULATOR_PORT ?? 4126);
const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
const DB_FILE = path.join(root, 'data/bench-checkout.db');

// Before anything imports lib/env or lib/db.
process.env.DATABASE_URL = `file:${DB_FILE}`;
// lib/env reads NODE_ENV; the typings make it read-only.
(process.env as Record<string, string | undefined>).NODE_ENV ??= 'production';
process.env.NEXTAUTH_SECRET ??= 'bench-only-secret-bench-only-secret-bench';
process.env.KLARNA_EMULATOR_ALLOWED = '1';
for (const region of ['EU', 'NA', 'OC'])
  process.env[`KLARNA_${region}_BASE_URL`] = `${EMULATOR_URL}/${region.toLowerCase()}`;

/** Time spent waiting on Klarna (the emulator) per checkout, attributed through async context. */
interface Attribution {
  klarnaMs: number;
}
const attribution = new AsyncLocalStorage<Attribution>();
const placeOrderAnswers = { created: 0 };

const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith(EMULATOR_URL)) return realFetch(input, init);
  const started = performance.now();
  try {
    const response = await realFetch(input, init);
    // The client reads the body right away; count that read as Klarna time too.
    const body = await response.arrayBuffer();
    if ((init?.method ?? 'GET') === 'POST' && /\/authorizations\/[^/]+\/order$/.test(url) && response.ok) {
      placeOrderAnswers.created++;
    }
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } finally {
    const store = attribution.getStore();
    if (store) store.klarnaMs += performance.now() - started;
  }
};

async function main(): Promise<void> {
  freshSqliteDatabase(DB_FILE);

  const emulator = await startEmulatorProcess(EMULATOR_PORT, realFetch);
  let merchant: Server | undefined;
  try {
    const { prisma } = await import('@/lib/db');
    const { startCheckoutSession } = await import('@/lib/checkout/start-session');
    const { finalizeOrder } = await import('@/lib/checkout/place-order');
    const { handleAuthorizationCallback } = await import('@/lib/checkout/callbacks/authorization');
    const { authorizationAnswer } = await import('@/app/api/klarna/answers');
    const { createSession, placeOrder } = await import('@/lib/klarna');
    const { buildOrderLines } = await import('@/lib/order-lines');

    // Klarna's authorization callback reaches the real handler, racing the "browser" finalize.
    merchant = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const secret = new URL(req.url ?? '/', 'http://merchant').searchParams.get('secret');
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = undefined;
        }
        handleAuthorizationCallback({ secret, body })
          .then(authorizationAnswer)
          .then((answer) => res.writeHead(answer.status).end(JSON.stringify(answer.body)))
          .catch(() => res.writeHead(500).end());
      });
    });
    await new Promise<void>((resolve) => merchant?.listen(0, '127.0.0.1', resolve));
    const appUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;

    const category = await prisma.category.create({
      data: { slug: 'bench', name: 'Bench', description: 'Benchmark products', position: 1 },
    });
    const products: { id: string }[] = [];
    for (const [i, amount] of [24900, 8900, 45000].entries()) {
      products.push(
        await prisma.product.create({
          data: {
            slug: `bench-${i}`,
            name: `Bench product ${i}`,
            description: 'Benchmark',
            image: '/products/bench.svg',
            categoryId: category.id,
            prices: { create: [{ currency: 'SEK', unitAmount: amount, taxRate: 2500 }] },
          },
        }),
      );
    }
    const customer = {
      billing_address: {
        given_name: 'Alice',
        family_name: 'Test',
        email: 'customer@email.se',
        street_address: 'Södra Blasieholmshamnen 2',
        postal_code: '11148',
        city: 'Stockholm',
        country: 'SE',
      },
    };
    const fullCustomer = { ...customer, shipping_address: { ...customer.billing_address } };

    async function approve(klarnaSessionId: string): Promise<string> {
      const response = await fetch(`${EMULATOR_URL}/_emulator/sessions/${klarnaSessionId}/authorize`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      const result = (await response.json()) as { authorization_token?: string };
      if (!result.authorization_token) throw new Error('approval failed');
      return result.authorization_token;
    }

    /** One shopper's checkout through the storefront's use-cases. */
    async function checkout(): Promise<{ ok: boolean; totalMs: number; klarnaMs: number }> {
      const measured: Attribution = { klarnaMs: 0 };
      return attribution.run(measured, async () => {
        const started = performance.now();
        let ok = false;
        try {
          const cart = await prisma.cart.create({
            data: {
              token: randomUUID(),
              country: 'SE',
              currency: 'SEK',
              items: {
                create: products
                  .slice(0, 2)
                  .map((product, i) => ({ productId: product.id, quantity: i + 1 })),
              },
            },
            select: { id: true },
          });
          const session = await startCheckoutSession({ cartId: cart.id, customer: fullCustomer }, { appUrl });
          if (!session.ok) throw new Error(session.message);
          const token = await approve(session.paymentSession.klarnaSessionId);
          const result = await finalizeOrder({
            paymentSessionId: session.session.paymentSessionId,
            authorizationToken: token,
            actor: 'shopper',
          });
          ok = result.ok && result.outcome === 'placed';
        } catch (error) {
          console.error('checkout failed:', error instanceof Error ? error.message : error);
        }
        return { ok, totalMs: performance.now() - started, klarnaMs: measured.klarnaMs };
      });
    }

    /** Baseline: the same three Klarna calls (session, approval, place order) without the storefront. */
    async function klarnaOnly(): Promise<{ ok: boolean; totalMs: number; klarnaMs: number }> {
      const started = performance.now();
      try {
        const totals = buildOrderLines({
          taxStyle: 'vat',
          lines: [
            { reference: 'bench-0', name: 'Bench product 0', quantity: 1, unitPrice: 24900, taxRate: 2500 },
            { reference: 'bench-1', name: 'Bench product 1', quantity: 2, unitPrice: 8900, taxRate: 2500 },
          ],
        });
        const body = {
          purchase_country: 'SE',
          purchase_currency: 'SEK',
          locale: 'sv-SE',
          ...totals,
          ...fullCustomer,
        };
        const session = await createSession({ intent: 'buy', ...body });
        const token = await approve(session.session_id);
        await placeOrder(token, body);
        const totalMs = performance.now() - started;
        return { ok: true, totalMs, klarnaMs: totalMs };
      } catch {
        return { ok: false, totalMs: performance.now() - started, klarnaMs: 0 };
      }
    }

    async function run(
      label: string,
      concurrency: number,
      task: () => Promise<{ ok: boolean; totalMs: number; klarnaMs: number }>,
    ) {
      const results: { ok: boolean; totalMs: number; klarnaMs: number }[] = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < CHECKOUTS) {
            next++;
            results.push(await task());
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const totals = results.map((r) => r.totalMs).sort((a, b) => a - b);
      const own = results.map((r) => r.totalMs - r.klarnaMs).sort((a, b) => a - b);
      return {
        label,
        concurrency,
        attempted: results.length,
        failed: results.filter((r) => !r.ok).length,
        perSecond: results.length / seconds,
        totalP50: percentile(totals, 50),
        totalP99: percentile(totals, 99),
        ownP50: percentile(own, 50),
        ownP99: percentile(own, 99),
      };
    }

    // Warm up: the first calls compile the Prisma query plans and open connections.
    for (let i = 0; i < 5; i++) await checkout();

    const rows = [];
    for (const concurrency of [1, 20]) {
      rows.push(await run('Klarna calls only (baseline)', concurrency, klarnaOnly));
      const ordersAtStart = await prisma.order.count();
      const createdAtStart = placeOrderAnswers.created;
      const row = await run('storefront checkout', concurrency, checkout);
      // Let callbacks still in flight settle before counting.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const orders = (await prisma.order.count()) - ordersAtStart;
      rows.push({ ...row, orders, klarnaOrders: placeOrderAnswers.created - createdAtStart });
    }

    const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1).padStart(7) : '      –');
    console.log(
      `\nCheckouts per run: ${CHECKOUTS} (Klarna = the emulator on ${EMULATOR_URL}, SQLite ${DB_FILE})\n`,
    );
    console.log(
      'run                            conc  checkouts/s  total p50  total p99   own p50   own p99  failed  orders(DB)  klarna orders  attempted',
    );
    for (const row of rows) {
      const withOrders = row as typeof row & { orders?: number; klarnaOrders?: number };
      console.log(
        `${row.label.padEnd(30)} ${String(row.concurrency).padStart(4)}  ${fmt(row.perSecond)}     ${fmt(row.totalP50)}    ${fmt(row.totalP99)}   ${
          row.label.startsWith('storefront') ? fmt(row.ownP50) : '      –'
        }   ${row.label.startsWith('storefront') ? fmt(row.ownP99) : '      –'}  ${String(row.failed).padStart(6)}  ${String(
          withOrders.orders ?? '–',
        ).padStart(
          10,
        )}  ${String(withOrders.klarnaOrders ?? '–').padStart(13)}  ${String(row.attempted).padStart(9)}`,
      );
    }
    const duplicates = await prisma.$queryRaw<{ n: number }[]>`
      SELECT COUNT(*) AS n FROM (SELECT "cartId" FROM "Order" GROUP BY "cartId" HAVING COUNT(*) > 1) AS d`;
    console.log(`\ncarts with more than one order: ${Number(duplicates[0]?.n ?? 0)}`);
    console.log("times in ms; own = total minus time waiting on Klarna (incl. the shopper's approval call)");
    console.log('target: own p50 ≤ 25 ms; zero failed and zero duplicate orders at 20 concurrent');
    await prisma.$disconnect();
  } finally {
    merchant?.close();
    emulator.kill('SIGTERM');
  }
}

await main();
