#!/usr/bin/env node
/**
 * `npm run lighthouse`: Lighthouse (mobile, the default profile) for the home page, a category and a
 * product page of a production build, with Debian's Chromium (CHROME_PATH to use another).
 *
 * Starts its own storefront on port 3210 (LIGHTHOUSE_PORT) with its own seeded database
 * (data/lighthouse.db), loads each page once so the cached variant exists, then prints the four
 * category scores per page and, for any score below 1, the audits that cost points. Full reports go
 * to reports/lighthouse/*.json. Exits 1 when performance or accessibility is below 0.95 anywhere.
 */
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
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const TARGETS = { performance: 0.95, accessibility: 0.95 };
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

async function main() {
  const shop = await startShop({ port: PORT, name: 'lighthouse' });
  const reports = path.join(root, 'reports/lighthouse');
  mkdirSync(reports, { recursive: true });
  const results = [];
  let chrome;
  try {
    for (const page of PAGES) {
      const response = await fetch(`${shop.base}${page.path}`);
      if (!response.ok) throw new Error(`GET ${page.path} answered ${response.status}`);
    }
    chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      chromeFlags: CHROME_FLAGS,
    });
    for (const page of PAGES) {
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
      ? `\nTargets met: performance and accessibility >= 0.95 on every page. Reports: ${path.relative(root, reports)}/`
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
