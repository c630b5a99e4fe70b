#!/usr/bin/env node
/**
 * `npm run lighthouse`: Lighthouse (mobile, the default profile) for the home page, a category, a
 * product page, the cart and the checkout of a production build, with Debian's Chromium
 * (CHROME_PATH to use another).
 *
 * Starts its own storefront on port 3210 (LIGHTHOUSE_PORT) with its own seeded database
 * (data/lighthouse.db), loads each page once so the cached variant exists, then prints the four
 * category scores per page and, for any score below 1, the audits that cost points. The cart and
 * checkout are measured with a product in the cart, added through the product page as a shopper
 * does (in the browser Lighthouse drives, whose cookies it keeps). Full reports go to
 * reports/lighthouse/*.json. Exits 1 when performance is below 0.95 or accessibility below 1 anywhere.
 */
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startShop } from './bench/server.mjs';
import { root } from './lib/process.mjs';

const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 3210);
const PAGES = [
  { name: 'home', path: '/' },
  { name: 'category', path: '/c/kitchen' },
  { name: 'product', path: '/products/oak-cutting-board' },
  { name: 'cart', path: '/cart', filledCart: true },
  { name: 'checkout', path: '/checkout', filledCart: true },
];
const PRODUCT_FOR_CART = '/products/oak-cutting-board';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const TARGETS = { performance: 0.95, accessibility: 1 };
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** The audits that cost a category points, worst first. */
function lostPoints(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
    .filter(({ audit }) => audit.score !== null && audit.score < 1)
    .sort((a, b) => b.ref.weight * (1 - b.audit.score) - a.ref.weight * (1 - a.audit.score))
    .map(({ audit }) => `${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
}

async function audit(url, port) {
  const { lhr } = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: CATEGORIES,
  });
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.message}`);
  return lhr;
}

/**
 * Adds a product to the cart in the browser Lighthouse drives (its default context, so the cart
 * cookie is there for the next audits: Lighthouse clears no cookies), through the product page's form.
 */
async function fillCart(base, port) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const page = await browser.contexts()[0].newPage();
    await page.goto(`${base}${PRODUCT_FOR_CART}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText('Added to your cart.').waitFor({ timeout: 60_000 });
    await page.close();
  } finally {
    // Disconnects only: the browser, its default context and the cookie stay.
    await browser.close();
  }
}

async function main() {
  const shop = await startShop({ port: PORT, name: 'lighthouse' });
  const reports = path.join(root, 'reports/lighthouse');
  mkdirSync(reports, { recursive: true });
  const results = [];
  let chrome;
  try {
    for (const page of PAGES.filter((page) => !page.filledCart)) {
      const response = await fetch(`${shop.base}${page.path}`);
      if (!response.ok) throw new Error(`GET ${page.path} answered ${response.status}`);
    }
    chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      chromeFlags: CHROME_FLAGS,
    });
    let cartFilled = false;
    for (const page of PAGES) {
      if (page.filledCart && !cartFilled) {
        await fillCart(shop.base, chrome.port);
        cartFilled = true;
      }
      const lhr = await audit(`${shop.base}${page.path}`, chrome.port);
      writeFileSync(path.join(reports, `${page.name}.json`), JSON.stringify(lhr));
      results.push({ page, lhr });
    }
  } finally {
    await chrome?.kill();
    await shop.stop();
  }

  const score = (lhr, category) => lhr.categories[category].score ?? 0;
  const width = Math.max(...PAGES.map((page) => `${page.name} ${page.path}`.length));
  console.log(`\n${'page'.padEnd(width)}  ${CATEGORIES.map((c) => c.padStart(14)).join('')}`);
  for (const { page, lhr } of results) {
    const cells = CATEGORIES.map((category) => score(lhr, category).toFixed(2).padStart(14)).join('');
    console.log(`${`${page.name} ${page.path}`.padEnd(width)}  ${cells}`);
  }
  console.log('');
  for (const { page, lhr } of results) {
    for (const category of CATEGORIES) {
      const lost = lostPoints(lhr, category);
      if (score(lhr, category) < 1 && lost.length > 0) {
        console.log(`${page.name} ${category}: ${lost.slice(0, 5).join('; ')}`);
      }
    }
  }
  const misses = results.flatMap(({ page, lhr }) =>
    Object.entries(TARGETS)
      .filter(([category, target]) => score(lhr, category) < target)
      .map(([category, target]) => `${page.name} ${category} ${score(lhr, category).toFixed(2)} < ${target}`),
  );
  console.log(
    misses.length === 0
      ? `\nTargets met: performance >= 0.95 and accessibility 1.00 on every page. Reports: ${path.relative(root, reports)}/`
      : `\nTargets MISSED: ${misses.join(', ')}`,
  );
  if (misses.length > 0) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
