/**
 * `npm run bench:renewals`: the renewal job over 10 000 due subscriptions, charged through the
 * Customer Token API of the Klarna emulator (its own process, so it does not share this event
 * loop), at 1 and at 4 concurrent job runners (each runner is one `runRenewals` with its default
 * 4 charges in flight; the 4 share this process and its database connection and split the work
 * through their leases).
 *
 * Printed per run: renewals/s, the time per renewal (p50, p99), and three counts that must all
 * equal the number of due subscriptions: the charges Klarna made (distinct order ids in Klarna's
 * answers), the subscription periods recorded as paid, and the renewal orders recorded. The
 * baseline, measured in the same run with as many calls in flight, is the same number of bare
 * token charges (the Klarna client alone, no leases, claims or orders).
 *
 * Set-up (not timed): 10 000 customer tokens are created at the emulator through real `tokenize`
 * sessions, approvals and token calls, and a subscription per token is written to a fresh SQLite
 * file (data/bench-renewals.db). Run 1 charges period 1; run 2 (4 runners) charges period 2, a
 * month later on the job's clock, so no run reuses another's idempotency keys.
 *
 *   npm run bench:renewals                        (BENCH_SUBSCRIPTIONS=10000)
 *   BENCH_SUBSCRIPTIONS=2000 npm run bench:renewals
 *   BENCH_EMULATOR_PORT=… moves its own emulator off port 4141
 */
import { jsonColumn } from '@/lib/data/json-columns';
import { MINUTE_MS } from '@/lib/time';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { freshSqliteDatabase, percentile, root, startEmulatorProcess } from './common';

const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10_000);
const EMULATOR_PORT = Number(process.env.BENCH_EMULATOR_PORT ?? 4141);
const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
const DB_FILE = path.join(root, 'data/bench-renewals.db');
const PER_RUNNER_IN_FLIGHT = 4;

// Before anything imports lib/env or lib/db.
process.env.DATABASE_URL = `file:${DB_FILE}`;
(process.env as Record<string, string | undefined>).NODE_ENV ??= 'production';
process.env.NEXTAUTH_SECRET ??= 'bench-only-secret-bench-only-secret-bench';
process.env.KLARNA_EMULATOR_ALLOWED = '1';
for (const region of ['EU', 'NA', 'OC'])
  process.env[`KLARNA_${region}_BASE_URL`] = `${EMULATOR_URL}/${region.toLowerCase()}`;

/** Distinct order ids in Klarna's answers to token charges: what Klarna really charged. */
const chargedAtKlarna = new Set<string>();
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const response = await realFetch(input, init);
  if (init?.method === 'POST' && /\/customer-token\/v1\/tokens\/[^/]+\/order$/.test(url) && response.ok) {
    const text = await response.text();
    const orderId = (JSON.parse(text) as { order_id?: string }).order_id;
    if (orderId) chargedAtKlarna.add(orderId);
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
  return response;
};

async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

async function main(): Promise<number> {
  freshSqliteDatabase(DB_FILE);

  const emulator = await startEmulatorProcess(EMULATOR_PORT, realFetch);
  try {
    const { prisma } = await import('@/lib/db');
    const { createCustomerToken, createCustomerTokenOrder, createKlarnaConfig, createSession } =
      await import('@/lib/klarna');
    const { buildOrderLines } = await import('@/lib/order-lines');
    const { runRenewals } = await import('@/lib/subscriptions/renewals/runner');
    const { fixedClock } = await import('@/lib/subscriptions/clock');
    const { periodDueAt } = await import('@/lib/subscription-schedule');
    const { renewalTotals } = await import('@/lib/subscription-basket');
    const config = createKlarnaConfig({
      regions: {
        eu: { baseUrl: `${EMULATOR_URL}/eu`, username: 'PK_EU_TEST', password: 'emulator-eu' },
        na: { baseUrl: `${EMULATOR_URL}/na`, username: 'PK_NA_TEST', password: 'emulator-na' },
        oc: { baseUrl: `${EMULATOR_URL}/oc`, username: 'PK_OC_TEST', password: 'emulator-oc' },
      },
      log: () => {},
    });

    // ---- Set-up: real tokens at Klarna, one subscription each in the database.
    const setupStarted = performance.now();
    const address = {
      given_name: 'Alice',
      family_name: 'Test',
      email: 'customer@email.se',
      street_address: 'Södra Blasieholmshamnen 2',
      postal_code: '11148',
      city: 'Stockholm',
      country: 'SE',
    };
    const plan = {
      reference: 'bench-coffee',
      name: 'Bench coffee, monthly',
      interval: 'MONTH' as const,
      intervalCount: 1,
      quantity: 1,
      unitAmount: 19900,
      taxRate: 1200,
    };
    const trialLines = buildOrderLines({
      taxStyle: 'vat',
      lines: [
        {
          reference: plan.reference,
          name: plan.name,
          quantity: 1,
          unitPrice: 0,
          taxRate: plan.taxRate,
          subscription: { name: plan.name, interval: 'MONTH', interval_count: 1 },
        },
      ],
    });
    const tokens: { klarnaSessionId: string; authorizationToken: string; tokenId: string }[] = [];
    await inPool(Array.from({ length: SUBSCRIPTIONS }), 24, async () => {
      const session = await createSession(
        {
          intent: 'tokenize',
          purchase_country: 'SE',
          purchase_currency: 'SEK',
          locale: 'sv-SE',
          ...trialLines,
          billing_address: address,
        },
        { config },
      );
      const approval = await realFetch(`${EMULATOR_URL}/_emulator/sessions/${session.session_id}/authorize`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: address.email }),
      });
      const { authorization_token } = (await approval.json()) as { authorization_token?: string };
      if (!authorization_token) throw new Error('approval failed');
      const token = await createCustomerToken(
        authorization_token,
        {
          description: 'Subscription: Bench coffee',
          intended_use: 'SUBSCRIPTION',
          locale: 'sv-SE',
          purchase_country: 'SE',
          purchase_currency: 'SEK',
          billing_address: address,
        },
        { config },
      );
      tokens.push({
        klarnaSessionId: session.session_id,
        authorizationToken: authorization_token,
        tokenId: token.token_id,
      });
    });

    const category = await prisma.category.create({
      data: { slug: 'bench', name: 'Bench', description: 'Benchmark', position: 1 },
    });
    const product = await prisma.product.create({
      data: {
        slug: plan.reference,
        name: plan.name,
        description: 'Benchmark',
        image: '/products/bench.svg',
        categoryId: category.id,
        kind: 'SUBSCRIPTION',
        interval: 'MONTH',
        prices: { create: [{ currency: 'SEK', unitAmount: plan.unitAmount, taxRate: plan.taxRate }] },
      },
    });
    const user = await prisma.user.create({ data: { email: 'bench@example.com', passwordHash: 'not-used' } });
    const anchorAt = new Date();
    const id = () => randomUUID().replaceAll('-', '');
    const rows = tokens.map((token) => ({
      ...token,
      cartId: id(),
      sessionId: id(),
      customerTokenId: id(),
      subscriptionId: id(),
    }));
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000);
      await prisma.cart.createMany({
        data: chunk.map((row) => ({
          id: row.cartId,
          token: id(),
          userId: user.id,
          country: 'SE',
          currency: 'SEK',
          status: 'ORDERED' as const,
        })),
      });
      await prisma.paymentSession.createMany({
        data: chunk.map((row) => ({
          id: row.sessionId,
          cartId: row.cartId,
          klarnaSessionId: row.klarnaSessionId,
          region: 'eu',
          intent: 'tokenize',
          purchaseCountry: 'SE',
          currency: 'SEK',
          locale: 'sv-SE',
          linesPayload: jsonColumn(trialLines),
          orderAmount: 0,
          taxAmount: 0,
          clientToken: 'bench',
          callbackSecret: 'bench',
          expiresAt: anchorAt,
        })),
      });
      await prisma.customerToken.createMany({
        data: chunk.map((row) => ({
          id: row.customerTokenId,
          userId: user.id,
          cartId: row.cartId,
          paymentSessionId: row.sessionId,
          authorizationToken: row.authorizationToken,
          klarnaTokenId: row.tokenId,
          status: 'ACTIVE' as const,
          region: 'eu',
          country: 'SE',
          currency: 'SEK',
          locale: 'sv-SE',
          paymentMethodDescription: 'Klarna (invoice)',
          billingAddress: address,
          shippingAddress: address,
        })),
      });
      await prisma.subscription.createMany({
        data: chunk.map((row) => ({
          id: row.subscriptionId,
          userId: user.id,
          customerTokenId: row.customerTokenId,
          productId: product.id,
          ...plan,
          currency: 'SEK',
          country: 'SE',
          locale: 'sv-SE',
          region: 'eu',
          status: 'ACTIVE' as const,
          anchorAt,
          nextPeriod: 1,
          nextChargeAt: anchorAt,
          nextAttemptAt: anchorAt,
        })),
      });
    }
    console.log(
      `set-up: ${SUBSCRIPTIONS} tokens at the emulator and subscriptions in ${DB_FILE} in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    const order = renewalTotals(plan, 'vat');

    /** Baseline: the bare token charges, as many in flight as the job runs would have. */
    async function baseline(inFlight: number, label: string) {
      const before = chargedAtKlarna.size;
      const times: number[] = [];
      const started = performance.now();
      await inPool(rows, inFlight, async (row) => {
        const callStarted = performance.now();
        await createCustomerTokenOrder(
          {
            region: 'eu',
            customerToken: row.tokenId,
            idempotencyKey: `bench-${label}-${row.subscriptionId}`,
            order: { purchase_currency: 'SEK', ...order, auto_capture: false },
          },
          { config },
        );
        times.push(performance.now() - callStarted);
      });
      const seconds = (performance.now() - started) / 1000;
      times.sort((a, b) => a - b);
      return {
        perSecond: rows.length / seconds,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        klarnaCharges: chargedAtKlarna.size - before,
      };
    }

    /** The renewal job: `runners` concurrent runs at `at`, charging `period` of every subscription. */
    async function renewals(runners: number, period: number) {
      const at = new Date(periodDueAt(anchorAt, 'MONTH', 1, period).getTime() + MINUTE_MS);
      const before = chargedAtKlarna.size;
      const started = performance.now();
      const summaries = await Promise.all(
        Array.from({ length: runners }, () =>
          runRenewals({
            config,
            clock: fixedClock(at),
            concurrency: PER_RUNNER_IN_FLIGHT,
            batchSize: 50,
            housekeeping: false,
          }),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      const charges = await prisma.subscriptionCharge.findMany({
        where: { period, status: 'SUCCEEDED' },
        select: { createdAt: true, updatedAt: true },
      });
      const times = charges
        .map((charge) => charge.updatedAt.getTime() - charge.createdAt.getTime())
        .sort((a, b) => a - b);
      return {
        perSecond: rows.length / seconds,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        klarnaCharges: chargedAtKlarna.size - before,
        subscriptionsCharged: charges.length,
        renewalOrders: await prisma.order.count({ where: { subscriptionPeriod: period } }),
        byRunner: summaries.map((summary) => summary.charged),
        notCharged: summaries.reduce(
          (sum, summary) => sum + summary.retrying + summary.pastDue + summary.stopped,
          0,
        ),
      };
    }

    const results = [];
    for (const [runners, period] of [
      [1, 1],
      [4, 2],
    ] as const) {
      const inFlight = runners * PER_RUNNER_IN_FLIGHT;
      results.push({
        label: 'bare token charges (baseline)',
        runners: '–',
        inFlight,
        ...(await baseline(inFlight, `p${period}`)),
      });
      results.push({
        label: `renewal job, period ${period}`,
        runners: String(runners),
        inFlight,
        ...(await renewals(runners, period)),
      });
    }

    const fmt = (n: number, width = 8) => (Number.isFinite(n) ? n.toFixed(1) : '–').padStart(width);
    const count = (n: number | undefined, width: number) => String(n ?? '–').padStart(width);
    console.log(
      `\n${SUBSCRIPTIONS} due subscriptions per run (Klarna = the emulator on ${EMULATOR_URL}, SQLite)\n`,
    );
    console.log(
      'run                               runners  in flight  renewals/s   p50 ms   p99 ms  Klarna charges  periods paid  renewal orders',
    );
    let consistent = true;
    for (const row of results) {
      const job = row as typeof row & {
        subscriptionsCharged?: number;
        renewalOrders?: number;
        byRunner?: number[];
      };
      if (job.subscriptionsCharged !== undefined) {
        consistent &&=
          row.klarnaCharges === SUBSCRIPTIONS &&
          job.subscriptionsCharged === SUBSCRIPTIONS &&
          job.renewalOrders === SUBSCRIPTIONS;
      }
      console.log(
        `${row.label.padEnd(33)} ${row.runners.padStart(7)}  ${String(row.inFlight).padStart(9)}  ${fmt(row.perSecond, 10)} ${fmt(row.p50)} ${fmt(row.p99)}  ${count(row.klarnaCharges, 14)}  ${count(job.subscriptionsCharged, 12)}  ${count(job.renewalOrders, 14)}${job.byRunner && job.byRunner.length > 1 ? `   (per runner: ${job.byRunner.join(' / ')})` : ''}`,
      );
    }
    console.log(
      '\np50/p99: one bare call (baseline); claim to recorded renewal (job). Klarna charges = distinct order ids Klarna answered with.',
    );
    console.log(
      consistent
        ? `every run: Klarna charges = periods paid = renewal orders = ${SUBSCRIPTIONS}`
        : 'MISMATCH: Klarna charges, periods paid and renewal orders differ',
    );
    await prisma.$disconnect();
    return consistent ? 0 : 1;
  } finally {
    emulator.kill('SIGTERM');
  }
}

process.exit(await main());
