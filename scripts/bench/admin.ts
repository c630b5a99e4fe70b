/**
 * `npm run bench:admin`: the admin orders list's server time at 10 000 and 100 000 orders.
 *
 * For each size a dedicated SQLite file (data/bench/admin-<size>.db) is migrated and filled with
 * bulk inserts: orders placed at a steady 200 a day (so the bigger database is a longer history, as
 * a growing shop's is), with captures, refunds, cancellations and expiries in realistic shares.
 * Then a child process loads the same data functions the /admin/orders page calls —
 * `loadOrdersPage(listQueryFromParams(parseOrderListParams(searchParams)))`: one page of rows, the
 * status counts and the 30-day chart — for each scenario, sequentially, and prints p50 and p99.
 *
 * The baseline, measured in the same run against the same file, is a `SELECT 1` through the same
 * Prisma client: the fixed cost of a query, which no index can remove.
 *
 * Targets: p99 ≤ 150 ms at 100 000 orders, and p99(100 000) / p99(10 000) ≤ 1.5 per scenario.
 *
 *   npm run bench:admin                   (200 timed runs per scenario after 20 warm-up runs)
 *   BENCH_RUNS=500 npm run bench:admin
 *   BENCH_SIZES=10000,100000,300000 npm run bench:admin
 */
import { DAY_MS } from '@/lib/time';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARM_UP = 20;
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const ORDERS_PER_DAY = 200;
const TARGET_P99_MS = 150;
const TARGET_RATIO = 1.5;

/** Scenarios: a name and the query string the admin would have in the address bar. */
interface Scenario {
  name: string;
  params: Record<string, string>;
  /** Follow the page's "Next page" link once before timing (a cursor page). */
  secondPage?: boolean;
}

interface Measured {
  name: string;
  p50: number;
  p99: number;
  rows: number;
}

// ---------------------------------------------------------------------------------------------
// The child: time the page's data functions against DATABASE_URL.

async function measure(): Promise<void> {
  const probe = JSON.parse(process.env.BENCH_PROBE ?? '{}') as {
    email: string;
    numberPrefix: string;
    klarnaOrderId: string;
  };
  const { prisma } = await import('@/lib/db');
  const { loadOrdersPage, listAdminOrders } = await import('@/lib/data/order-list');
  const { listQueryFromParams, parseOrderListParams } = await import('@/lib/validations/admin-orders');

  const scenarios: Scenario[] = [
    { name: 'first page (newest first)', params: {} },
    { name: 'filtered: captured, page 2', params: { status: 'captured' }, secondPage: true },
    { name: 'filtered: needs capture', params: { needs: 'capture' } },
    { name: 'filtered: expires within 7 days', params: { expires: '7', sort: 'expiry' } },
    { name: 'filtered: fraud pending', params: { fraud: 'pending' } },
    { name: 'sorted: amount, high to low', params: { sort: 'amount-desc' } },
    { name: 'search: email', params: { q: probe.email } },
    { name: 'search: order number prefix', params: { q: probe.numberPrefix } },
    { name: 'search: Klarna order id', params: { q: probe.klarnaOrderId } },
  ];

  const time = async (run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> => {
    for (let i = 0; i < WARM_UP; i++) await run();
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)] ?? 0;
    return { p50: at(0.5), p99: at(0.99) };
  };

  const results: Measured[] = [];
  const baseline = await time(() => prisma.$queryRaw`SELECT 1`);
  results.push({ name: 'baseline: SELECT 1 through Prisma', ...baseline, rows: 1 });

  const now = new Date();
  for (const scenario of scenarios) {
    let searchParams: Record<string, string> = scenario.params;
    if (scenario.secondPage) {
      const first = await listAdminOrders(
        listQueryFromParams(parseOrderListParams(searchParams).params, now),
      );
      if (!first.nextCursor) throw new Error(`${scenario.name}: no second page`);
      searchParams = { ...searchParams, after: first.nextCursor };
    }
    // Exactly what app/admin/orders/page.tsx does with its searchParams.
    const load = () => loadOrdersPage(listQueryFromParams(parseOrderListParams(searchParams).params, now));
    const sample = await load();
    results.push({ name: scenario.name, ...(await time(load)), rows: sample.page.rows.length });
  }
  const listOnly = await time(() =>
    listAdminOrders(listQueryFromParams(parseOrderListParams({}).params, now)),
  );
  results.push({ name: '  of which the rows alone (first page)', ...listOnly, rows: 25 });

  await prisma.$disconnect();
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

// ---------------------------------------------------------------------------------------------
// The parent: seed each size, measure it in a child, print the comparison.

/** Mulberry32: a small seeded PRNG, so every run seeds the same shop. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** DateTime as Prisma's SQLite adapter writes it, so range comparisons line up with its parameters. */
function sqliteDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MARKETS = [
  { share: 0.5, country: 'SE', currency: 'SEK', locale: 'sv-SE', region: 'eu' },
  { share: 0.25, country: 'DE', currency: 'EUR', locale: 'de-DE', region: 'eu' },
  { share: 0.1, country: 'GB', currency: 'GBP', locale: 'en-GB', region: 'eu' },
  { share: 0.1, country: 'US', currency: 'USD', locale: 'en-US', region: 'na' },
  { share: 0.05, country: 'AU', currency: 'AUD', locale: 'en-AU', region: 'oc' },
];

function pick<T extends { share: number }>(items: T[], r: number): T {
  let sum = 0;
  for (const item of items) {
    sum += item.share;
    if (r < sum) return item;
  }
  return items.at(-1) as T;
}

/**
 * Status by age: open authorizations only exist within the 28-day authorization period.
 * `CAPTURED_THEN_REFUNDED` is a captured order whose capture was refunded (its status stays CAPTURED).
 */
function statusFor(ageDays: number, r: number): string {
  if (ageDays < 28) {
    if (r < 0.25) return 'AUTHORIZED';
    if (r < 0.3) return 'PART_CAPTURED';
    if (r < 0.85) return 'CAPTURED';
    if (r < 0.9) return 'CANCELLED';
    if (r < 0.95) return 'CAPTURED_THEN_REFUNDED';
    return 'CLOSED';
  }
  if (r < 0.8) return 'CAPTURED';
  if (r < 0.86) return 'CAPTURED_THEN_REFUNDED';
  if (r < 0.92) return 'CANCELLED';
  if (r < 0.96) return 'EXPIRED';
  return 'CLOSED';
}

function seed(
  file: string,
  size: number,
  now: number,
): { email: string; numberPrefix: string; klarnaOrderId: string } {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/prisma/build/index.js'), 'migrate', 'deploy'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `file:${file}`, CHECKPOINT_DISABLE: '1' },
      stdio: 'ignore',
    },
  );

  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const columns = db
    .prepare<[], { name: string; notnull: number; dflt_value: unknown; pk: number }>(
      'PRAGMA table_info("Order")',
    )
    .all();
  const provided = new Set([
    'id', 'number', 'accessKey', 'email', 'klarnaOrderId', 'region', 'country', 'currency', 'locale', 'status',
    'fraudStatus', 'orderAmount', 'taxAmount', 'capturedAmount', 'refundedAmount', 'authorizationExpiresAt',
    'billingAddress', 'shippingAddress', 'placedAt', 'createdAt', 'updatedAt', 'klarnaStatus', 'merchantReference1', 'syncedAt',
  ]); // prettier-ignore
  const missing = columns.filter(
    (column) => column.notnull && column.dflt_value === null && !provided.has(column.name),
  );
  if (missing.length > 0)
    throw new Error(
      `Order has required columns the bench does not fill: ${missing.map((c) => c.name).join(', ')}`,
    );

  const insertOrder = db.prepare(
    `INSERT INTO "Order" (${[...provided].map((name) => `"${name}"`).join(', ')}) VALUES (${[...provided].map((name) => `@${name}`).join(', ')})`,
  );
  const insertCapture = db.prepare(
    `INSERT INTO "Capture" ("id", "orderId", "klarnaCaptureId", "amount", "currency", "lines", "actor", "capturedAt", "createdAt")
     VALUES (@id, @orderId, @klarnaCaptureId, @amount, @currency, '[]', 'bench', @capturedAt, @capturedAt)`,
  );
  const random = prng(size);
  const numbers = new Set<string>();
  const address = JSON.stringify({
    given_name: 'Alice',
    family_name: 'Andersson',
    city: 'Stockholm',
    country: 'SE',
  });
  const customers = Math.max(1, Math.floor(size / 3));
  let probe = { email: '', numberPrefix: '', klarnaOrderId: '' };

  db.transaction(() => {
    for (let i = 0; i < size; i++) {
      const createdAt = now - Math.floor((i + random()) * (DAY_MS / ORDERS_PER_DAY));
      const ageDays = (now - createdAt) / DAY_MS;
      const market = pick(MARKETS, random());
      let status = statusFor(ageDays, random());
      const refunded = status === 'CAPTURED_THEN_REFUNDED';
      if (refunded) status = 'CAPTURED';
      const fraudRoll = random();
      const fraudStatus =
        fraudRoll < 0.01 ? 'REJECTED' : status === 'AUTHORIZED' && fraudRoll < 0.03 ? 'PENDING' : 'ACCEPTED';
      if (fraudStatus === 'REJECTED') status = 'CANCELLED';
      const orderAmount = 5_000 + Math.floor(random() * 145_000);
      const captured =
        status === 'CAPTURED'
          ? orderAmount
          : status === 'PART_CAPTURED' || status === 'CLOSED'
            ? Math.floor(orderAmount / 2)
            : 0;
      let number: string;
      do {
        number = Array.from({ length: 8 }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
        number = `${number.slice(0, 4)}-${number.slice(4)}`;
      } while (numbers.has(number));
      numbers.add(number);
      const id = `bench${String(i).padStart(9, '0')}`;
      const klarnaOrderId = randomUUID();
      const email = `customer${Math.floor(random() * customers)}@example.com`;
      const referenceRoll = random();
      insertOrder.run({
        id,
        number,
        accessKey: randomBytes(32).toString('base64url'),
        email,
        klarnaOrderId,
        region: market.region,
        country: market.country,
        currency: market.currency,
        locale: market.locale,
        status,
        fraudStatus,
        orderAmount,
        taxAmount: Math.floor(orderAmount / 5),
        capturedAmount: captured,
        refundedAmount: refunded ? captured : 0,
        authorizationExpiresAt: sqliteDate(createdAt + 28 * DAY_MS),
        billingAddress: address,
        shippingAddress: address,
        placedAt: sqliteDate(createdAt),
        createdAt: sqliteDate(createdAt),
        updatedAt: sqliteDate(createdAt),
        klarnaStatus: status,
        merchantReference1: referenceRoll < 0.6 ? number : referenceRoll < 0.7 ? `ERP-${100000 + i}` : null,
        syncedAt: sqliteDate(createdAt),
      });
      const capturedAt = createdAt + DAY_MS;
      if (captured > 0 && capturedAt <= now) {
        insertCapture.run({
          id: `benchcap${String(i).padStart(9, '0')}`,
          orderId: id,
          klarnaCaptureId: randomUUID(),
          amount: captured,
          currency: market.currency,
          capturedAt: sqliteDate(capturedAt),
        });
      }
      if (i === Math.floor(size / 2)) probe = { email, numberPrefix: number.slice(0, 4), klarnaOrderId };
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.close();
  return probe;
}

function fmt(ms: number): string {
  return ms.toFixed(2).padStart(8);
}

function orchestrate(): void {
  const dir = path.join(root, 'data/bench');
  mkdirSync(dir, { recursive: true });
  const now = Date.now();
  const bySize = new Map<number, Measured[]>();
  for (const size of SIZES) {
    const file = path.join(dir, `admin-${size}.db`);
    const started = performance.now();
    const probe = seed(file, size, now);
    console.log(
      `Seeded ${size.toLocaleString('en-GB')} orders into ${path.relative(root, file)} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
    const output = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=react-server',
        path.join(root, 'scripts/bench/admin.ts'),
        '--measure',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...process.env,
          NODE_ENV: 'production',
          NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? 'bench-only-secret-bench-only-secret-bench',
          KLARNA_EMULATOR_ALLOWED: '1',
          DATABASE_URL: `file:${file}`,
          BENCH_PROBE: JSON.stringify(probe),
        },
      },
    );
    bySize.set(size, JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as Measured[]);
  }

  const [small, large] = [SIZES[0] ?? 0, SIZES.at(-1) ?? 0];
  const smallResults = bySize.get(small) ?? [];
  const largeResults = bySize.get(large) ?? [];
  const label = (size: number) => (size >= 1000 ? `${size / 1000}k` : String(size));
  console.log(
    `\nServer time of the orders list (ms; ${RUNS} runs each after ${WARM_UP} warm-up runs; page data = rows + status counts + 30-day chart)\n`,
  );
  console.log(
    `${'scenario'.padEnd(40)} ${'rows'.padStart(5)} ${`${label(small)} p50`.padStart(8)} ${`${label(small)} p99`.padStart(8)} ${`${label(large)} p50`.padStart(8)} ${`${label(large)} p99`.padStart(8)} ${'p99 ratio'.padStart(9)}  targets`,
  );
  let allMet = true;
  for (const result of largeResults) {
    const base = smallResults.find((candidate) => candidate.name === result.name);
    const ratio = base ? result.p99 / base.p99 : NaN;
    const isBaseline = result.name.startsWith('baseline') || result.name.startsWith('  ');
    const met = result.p99 <= TARGET_P99_MS && ratio <= TARGET_RATIO;
    if (!isBaseline && !met) allMet = false;
    console.log(
      `${result.name.padEnd(40)} ${String(result.rows).padStart(5)} ${fmt(base?.p50 ?? NaN)} ${fmt(base?.p99 ?? NaN)} ${fmt(result.p50)} ${fmt(result.p99)} ${ratio.toFixed(2).padStart(9)}  ${
        isBaseline ? '' : met ? 'met' : `MISSED (p99 ≤ ${TARGET_P99_MS} ms, ratio ≤ ${TARGET_RATIO})`
      }`,
    );
  }
  console.log(
    `\n${allMet ? 'All scenarios met' : 'Some scenarios missed'} the targets: p99 ≤ ${TARGET_P99_MS} ms at ${label(large)} and p99 ratio ${label(large)}/${label(small)} ≤ ${TARGET_RATIO}.`,
  );
  process.exitCode = allMet ? 0 : 1;
}

if (process.argv.includes('--measure')) await measure();
else orchestrate();
