#!/usr/bin/env node
/**
 * `npm run bench`: throughput and latency of the shop's pages and of adding to the cart, each beside
 * a static page served by the same production server in the same run.
 *
 *   1. builds the app if the last build is stale, creates its own seeded SQLite database
 *      (data/bench-shop.db) and starts `next start` on port 3200 (BENCH_PORT): ./server.mjs
 *   2. warms each URL up
 *   3. measures each case with autocannon, 10 connections, 10 s in all (BENCH_DURATION), as ten
 *      1-second slices that alternate with slices of the static page (/about, prerendered at build
 *      time): static, case, static, case … The machine is shared and its load drifts within seconds,
 *      so each slice is compared with the static slice just before it, and the printed ratio is the
 *      median of those ten ratios. req/s and p50 are medians over the slices, p99 the worst slice.
 *   4. stops the server and deletes the database
 *
 * Adding to the cart POSTs the real `addToCart` server action (found in the build's action
 * manifest), as the product page's form does: once into existing carts (one per connection, a
 * different product each time) and once as a first add that creates a cart and sets its cookie.
 * The database is checked afterwards: every 2xx add wrote one unit (requests still in flight when
 * a slice stops may add a few more, never more than were sent; the count is read once the writes
 * have settled, so none of them is counted in the next case).
 *
 * The cart and checkout pages are read with a filled cart, one per connection, as a shopper who
 * opens them does (the checkout page renders the address step; Klarna is called only after it).
 *
 * Targets (ratios to the static page): product page ≥ 70 %, category search ≥ 40 %, adding to the
 * cart ≥ 35 %. They are printed as met or missed; the exit code only reflects failures.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { distDir } from '../lib/build.mjs';
import { startShop } from './server.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3200);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const SLICES = 10;
const SLICE_SECONDS = Math.max(1, Math.round(DURATION / SLICES));
const CONNECTIONS = 10;
const BASE = `http://localhost:${PORT}`;
const PRODUCT_PATH = '/products/oak-cutting-board';
const CATEGORY_PATH = '/c/kitchen';
const SEARCH_PATH = '/c/kitchen?q=oak&sort=price-asc';
const STATIC_PATH = '/about';
const CART_PATH = '/cart';
const CHECKOUT_PATH = '/checkout';
const TARGETS = [
  { name: 'product page', cases: [`product ${PRODUCT_PATH}`], ratio: 0.7 },
  { name: 'category search', cases: [`category search ${SEARCH_PATH}`], ratio: 0.4 },
  {
    name: 'adding to the cart',
    cases: ['add to cart (existing cart)', 'add to cart (first add, new cart)'],
    ratio: 0.35,
  },
];

/** The id Next gave the addToCart server action in this build. */
function addToCartActionId(shop) {
  const manifest = JSON.parse(
    readFileSync(path.join(distDir(shop.env), 'server/server-reference-manifest.json'), 'utf8'),
  );
  const entry = Object.entries(manifest.node).find(
    ([, action]) => action.filename === 'lib/actions/cart.ts' && action.exportedName === 'addToCart',
  );
  if (!entry) throw new Error("addToCart is not in the build's server-reference-manifest.json");
  return entry[0];
}

const BOUNDARY = '----bench-boundary';

/**
 * The body React sends for `addToCart(previousState, formData)` from the product page's form:
 * the form fields prefixed with the argument index, and the argument list as field "0".
 */
function addToCartBody(productId) {
  const field = (name, value) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return `${field('_1_productId', productId)}${field('_1_quantity', '1')}${field('0', '[null,"$K1"]')}--${BOUNDARY}--\r\n`;
}

function actionHeaders(actionId, cookie) {
  return {
    accept: 'text/x-component',
    'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    'next-action': actionId,
    origin: BASE,
    referer: `${BASE}${PRODUCT_PATH}`,
    ...(cookie ? { cookie } : {}),
  };
}

/** One add outside the benchmark: checks the action answers and returns the cart cookie it set. */
async function addOnce(actionId, productId, cookie) {
  const response = await fetch(`${BASE}${PRODUCT_PATH}`, {
    method: 'POST',
    headers: actionHeaders(actionId, cookie),
    body: addToCartBody(productId),
  });
  const text = await response.text();
  if (!response.ok || !text.includes('"ok":true')) {
    throw new Error(`addToCart answered ${response.status}: ${text.slice(0, 300)}`);
  }
  const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('cart='));
  return setCookie ? setCookie.split(';')[0] : cookie;
}

function unitsInCarts(dbFile) {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare('SELECT COALESCE(SUM(quantity), 0) AS units FROM "CartItem"').get().units;
  } finally {
    db.close();
  }
}

/** Waits until adds still in flight have landed: the units in carts stop changing for half a second. */
async function settledUnits(dbFile) {
  let units = unitsInCarts(dbFile);
  for (let check = 0; check < 20; check++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = unitsInCarts(dbFile);
    if (now === units) return units;
    units = now;
  }
  return units;
}

function activeProductIds(dbFile) {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.id FROM "Product" p JOIN "Price" c ON c.productId = p.id AND c.currency = 'SEK' WHERE p.active = 1`,
      )
      .all()
      .map((row) => row.id);
  } finally {
    db.close();
  }
}

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: SLICE_SECONDS, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs a case as SLICES slices, each right after a slice of the static page, and sums it up.
 * `dbFile` (optional) counts the units in carts before and after, for the write check.
 */
async function measure(name, options, dbFile) {
  const before = dbFile ? unitsInCarts(dbFile) : 0;
  const slices = [];
  for (let slice = 0; slice < SLICES; slice++) {
    const baseline = await run({ url: `${BASE}${STATIC_PATH}` });
    const measured = await run(options());
    slices.push({ baseline, measured });
  }
  const failures = (result) => result.non2xx + result.errors + result.timeouts;
  const sum = (pick) => slices.reduce((total, slice) => total + pick(slice), 0);
  return {
    name,
    rps: median(slices.map(({ measured }) => measured.requests.average)),
    p50: median(slices.map(({ measured }) => measured.latency.p50)),
    p99: Math.max(...slices.map(({ measured }) => measured.latency.p99)),
    staticRps: median(slices.map(({ baseline }) => baseline.requests.average)),
    ratio: median(
      slices.map(({ measured, baseline }) => measured.requests.average / baseline.requests.average),
    ),
    total: sum(({ measured }) => measured.requests.total),
    ok: sum(({ measured }) => measured['2xx']),
    sent: sum(({ measured }) => measured.requests.sent),
    failed: sum(({ measured, baseline }) => failures(measured) + failures(baseline)),
    written: dbFile ? (await settledUnits(dbFile)) - before : undefined,
  };
}

const getCase = (name, urlPath) => measure(name, () => ({ url: `${BASE}${urlPath}` }));

/** Ten carts (one per connection) with a product each: their cookies. */
async function fillCarts(actionId, productIds) {
  const cookies = [];
  for (let i = 0; i < CONNECTIONS; i++)
    cookies.push(await addOnce(actionId, productIds[i % productIds.length]));
  return cookies;
}

/** A page read by shoppers with filled carts, each connection with its own cart. */
function getWithCartCase(name, urlPath, cookies) {
  let connection = 0;
  return measure(name, () => ({
    url: `${BASE}${urlPath}`,
    setupClient: (client) => {
      client.setHeaders({ cookie: cookies[connection++ % cookies.length] });
    },
  }));
}

/** Adds to ten existing carts (one per connection), cycling through the products. */
async function addToExistingCarts(actionId, productIds, cookies, dbFile) {
  let connection = 0;
  let next = 0;
  return measure(
    'add to cart (existing cart)',
    () => ({
      url: `${BASE}${PRODUCT_PATH}`,
      setupClient: (client) => {
        client.setHeaders(actionHeaders(actionId, cookies[connection++ % cookies.length]));
      },
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            body: addToCartBody(productIds[next++ % productIds.length]),
          }),
        },
      ],
    }),
    dbFile,
  );
}

/** A first add per request: creates a cart and sets its cookie (the action then re-renders the page). */
function addToNewCarts(actionId, productId, dbFile) {
  return measure(
    'add to cart (first add, new cart)',
    () => ({
      url: `${BASE}${PRODUCT_PATH}`,
      method: 'POST',
      headers: actionHeaders(actionId),
      body: addToCartBody(productId),
    }),
    dbFile,
  );
}

function printTable(rows) {
  const header = ['case', 'req/s', 'p50 ms', 'p99 ms', 'static req/s', 'vs static', 'requests', 'failed'];
  const lines = rows.map((row) => [
    row.name,
    row.rps.toFixed(0),
    String(row.p50),
    String(row.p99),
    row.staticRps.toFixed(0),
    `${(row.ratio * 100).toFixed(0)} %`,
    String(row.total),
    String(row.failed),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (cells) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(`\n${format(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const line of lines) console.log(format(line));
}

async function main() {
  const shop = await startShop({ port: PORT, name: 'bench-shop' });
  try {
    const actionId = addToCartActionId(shop);
    const productIds = activeProductIds(shop.dbFile);
    console.log(`\nWarming up ${BASE} …`);
    for (const urlPath of [STATIC_PATH, PRODUCT_PATH, CATEGORY_PATH, SEARCH_PATH]) {
      const response = await fetch(`${BASE}${urlPath}`);
      if (!response.ok) throw new Error(`GET ${urlPath} answered ${response.status}`);
      await run({ url: `${BASE}${urlPath}`, duration: 2 });
    }
    await addOnce(actionId, productIds[0]);

    console.log(
      `Measuring: ${CONNECTIONS} connections; per case ${SLICES} slices of ${SLICE_SECONDS} s, ` +
        `each after a ${SLICE_SECONDS} s slice of the static page ${STATIC_PATH}.`,
    );
    const cookies = await fillCarts(actionId, productIds);
    for (const urlPath of [CART_PATH, CHECKOUT_PATH]) {
      const response = await fetch(`${BASE}${urlPath}`, { headers: { cookie: cookies[0] } });
      const html = await response.text();
      if (!response.ok || html.includes('Your cart is empty')) {
        throw new Error(`GET ${urlPath} with a filled cart answered ${response.status} without the cart`);
      }
    }
    const rows = [
      await getCase(`product ${PRODUCT_PATH}`, PRODUCT_PATH),
      await getCase(`category ${CATEGORY_PATH}`, CATEGORY_PATH),
      await getCase(`category search ${SEARCH_PATH}`, SEARCH_PATH),
      await getWithCartCase(`cart page ${CART_PATH} (filled cart)`, CART_PATH, cookies),
      await getWithCartCase(`checkout page ${CHECKOUT_PATH} (filled cart)`, CHECKOUT_PATH, cookies),
      await addToExistingCarts(actionId, productIds, cookies, shop.dbFile),
      await addToNewCarts(actionId, productIds[0], shop.dbFile),
    ];

    printTable(rows);
    console.log(
      `\nStatic baseline: ${STATIC_PATH}, prerendered at build time, served by the same server. ` +
        '"vs static" is the median of the per-slice ratios.',
    );
    for (const row of rows.filter((candidate) => candidate.written !== undefined)) {
      const consistent = row.written >= row.ok && row.written <= row.sent;
      console.log(
        `${row.name}: ${row.ok} answered 2xx, ${row.sent} sent, ${row.written} units written ` +
          `(${consistent ? 'consistent' : 'INCONSISTENT'}).`,
      );
      if (!consistent) process.exitCode = 1;
    }
    for (const target of TARGETS) {
      const measured = rows.filter((row) => target.cases.includes(row.name));
      const met = measured.every((row) => row.ratio >= target.ratio);
      const figures = measured.map((row) => `${(row.ratio * 100).toFixed(0)} %`).join(' / ');
      console.log(
        `Target: ${target.name} >= ${target.ratio * 100} % of the static page: ${figures} (${met ? 'met' : 'MISSED'}).`,
      );
    }
    const failed = rows.filter((row) => row.failed > 0);
    if (failed.length > 0) {
      console.log(`Requests that failed: ${failed.map((row) => `${row.name} (${row.failed})`).join(', ')}`);
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.error(shop.output().split('\n').slice(-40).join('\n'));
    process.exitCode = 1;
  } finally {
    await shop.stop();
  }
}

await main();
