#!/usr/bin/env node
/**
 * `npm run bench`: throughput and latency of the shop's pages and of adding to the cart, each beside
 * a static page served by the same production server in the same run.
 *
 *   1. builds the app if the last build is stale, creates its own seeded SQLite database
 *      (data/bench-shop.db) and starts `next start` on port 3200 (BENCH_PORT): ./server.mjs
 *   2. warms each URL up
 *   3. runs autocannon, 10 connections for 10 s (BENCH_DURATION) per run, the static page
 *      (/about, prerendered at build time) before and after every case, and prints req/s, p50 and
 *      p99 of each case with its ratio to the mean of the two static runs around it: on a shared
 *      machine the load drifts, so every ratio compares runs measured back to back
 *   4. stops the server and deletes the database
 *
 * Adding to the cart POSTs the real `addToCart` server action (found in the build's action
 * manifest), as the product page's form does: once into existing carts (one per connection, a
 * different product each time) and once as a first add that creates a cart and sets its cookie.
 * The database is checked afterwards: every 2xx add wrote one unit (requests still in flight when
 * a run stops may add a few more, never more than were sent).
 *
 * Target: the product page serves at least 50 % of the static page's requests per second.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '../lib/process.mjs';
import { startShop } from './server.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3200);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 10;
const BASE = `http://localhost:${PORT}`;
const PRODUCT_PATH = '/products/oak-cutting-board';
const CATEGORY_PATH = '/c/kitchen';
const SEARCH_PATH = '/c/kitchen?q=oak&sort=price-asc';
const STATIC_PATH = '/about';
const PRODUCT_TARGET = 0.5;

/** The id Next gave the addToCart server action in this build. */
function addToCartActionId() {
  const manifest = JSON.parse(
    readFileSync(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8'),
  );
  const entry = Object.entries(manifest.node).find(
    ([, action]) => action.filename === 'lib/actions/cart.ts' && action.exportedName === 'addToCart',
  );
  if (!entry) throw new Error('addToCart is not in .next/server/server-reference-manifest.json');
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

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function summarize(name, result) {
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    ok: result['2xx'],
    sent: result.requests.sent,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

async function getCase(name, urlPath) {
  return summarize(name, await run({ url: `${BASE}${urlPath}` }));
}

function unitsInCarts(dbFile) {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare('SELECT COALESCE(SUM(quantity), 0) AS units FROM "CartItem"').get().units;
  } finally {
    db.close();
  }
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

/** Adds to ten existing carts (one per connection), cycling through the products. */
async function addToExistingCarts(actionId, productIds, dbFile) {
  const cookies = [];
  for (let i = 0; i < CONNECTIONS; i++)
    cookies.push(await addOnce(actionId, productIds[i % productIds.length]));
  let connection = 0;
  let next = 0;
  const before = unitsInCarts(dbFile);
  const result = await run({
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
  });
  return {
    summary: summarize('add to cart (existing cart)', result),
    written: unitsInCarts(dbFile) - before,
  };
}

/** A first add per request: creates a cart and sets its cookie (the action then re-renders the page). */
async function addToNewCarts(actionId, productId, dbFile) {
  const before = unitsInCarts(dbFile);
  const result = await run({
    url: `${BASE}${PRODUCT_PATH}`,
    method: 'POST',
    headers: actionHeaders(actionId),
    body: addToCartBody(productId),
  });
  return {
    summary: summarize('add to cart (first add, new cart)', result),
    written: unitsInCarts(dbFile) - before,
  };
}

/** The static baseline around a case: the mean of the runs just before and just after it. */
function meanOf(before, after) {
  return {
    rps: (before.rps + after.rps) / 2,
    p50: Math.round((before.p50 + after.p50) / 2),
    bad: before.bad + after.bad,
    range: `${before.rps.toFixed(0)}/${after.rps.toFixed(0)}`,
  };
}

function printTable(pairs) {
  const header = [
    'case',
    'req/s',
    'p50 ms',
    'p99 ms',
    'static req/s (before/after)',
    'vs static',
    'requests',
    'failed',
  ];
  const lines = pairs.map(({ row, baseline }) => [
    row.name,
    row.rps.toFixed(0),
    String(row.p50),
    String(row.p99),
    `${baseline.rps.toFixed(0)} (${baseline.range})`,
    `${((row.rps / baseline.rps) * 100).toFixed(0)} %`,
    String(row.total),
    String(row.bad + baseline.bad),
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
    const actionId = addToCartActionId();
    const productIds = activeProductIds(shop.dbFile);
    console.log(`\nWarming up ${BASE} …`);
    for (const urlPath of [STATIC_PATH, PRODUCT_PATH, CATEGORY_PATH, SEARCH_PATH]) {
      const response = await fetch(`${BASE}${urlPath}`);
      if (!response.ok) throw new Error(`GET ${urlPath} answered ${response.status}`);
      await run({ url: `${BASE}${urlPath}`, duration: 2 });
    }
    await addOnce(actionId, productIds[0]);

    console.log(
      `Measuring: ${CONNECTIONS} connections, ${DURATION} s per run, the static page before and after each case.`,
    );
    const staticRun = () => getCase(`static ${STATIC_PATH}`, STATIC_PATH);
    const pairs = [];
    let before = await staticRun();
    const measure = async (caseRun) => {
      const measured = await caseRun();
      const after = await staticRun();
      pairs.push({ row: measured.summary ?? measured, baseline: meanOf(before, after) });
      before = after;
      return measured;
    };
    const product = await measure(() => getCase(`product ${PRODUCT_PATH}`, PRODUCT_PATH));
    await measure(() => getCase(`category ${CATEGORY_PATH}`, CATEGORY_PATH));
    await measure(() => getCase(`category search ${SEARCH_PATH}`, SEARCH_PATH));
    const existing = await measure(() => addToExistingCarts(actionId, productIds, shop.dbFile));
    const fresh = await measure(() => addToNewCarts(actionId, productIds[0], shop.dbFile));

    printTable(pairs);
    console.log(
      `\nStatic baseline: ${STATIC_PATH}, prerendered at build time, served by the same server; ` +
        'each case is compared with the mean of the static runs just before and after it.',
    );
    for (const { summary, written } of [existing, fresh]) {
      const consistent = written >= summary.ok && written <= summary.sent;
      console.log(
        `${summary.name}: ${summary.ok} answered 2xx, ${summary.sent} sent, ${written} units written ` +
          `(${consistent ? 'consistent' : 'INCONSISTENT'}).`,
      );
      if (!consistent) process.exitCode = 1;
    }
    const productPair = pairs.find((pair) => pair.row === product);
    const ratio = product.rps / productPair.baseline.rps;
    console.log(
      `Target: product page >= ${PRODUCT_TARGET * 100} % of the static page: ${(ratio * 100).toFixed(0)} % ` +
        `(${ratio >= PRODUCT_TARGET ? 'met' : 'MISSED'}).`,
    );
    const failed = pairs.filter(({ row, baseline }) => row.bad + baseline.bad > 0);
    if (failed.length > 0) {
      console.log(`Requests that failed: ${failed.map(({ row }) => row.name).join(', ')}`);
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
