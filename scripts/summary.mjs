#!/usr/bin/env node
// Adds up test reports into the one line CI reads: "N passed, N failed".
//   node scripts/summary.mjs reports/vitest.json reports/playwright.json reports/steps.json
// Each file is a Vitest JSON report, a Playwright JSON report, or a steps file written by
// scripts/test.mjs ({ "failedSteps": ["lint", …] }: a failed type-check, lint or build is a failure
// even though no test ran). A missing or unreadable report counts as a failure too.
// Exits 1 when anything failed.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Counts from one report file. */
export function countReport(file) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      problems: [`${file}: ${error.code === 'ENOENT' ? 'missing' : error.message}`],
    };
  }
  if (typeof report.numPassedTests === 'number') {
    // Vitest. A file that failed to load has no tests in numFailedTests; count it as one failure.
    const brokenFiles = (report.testResults ?? []).filter(
      (result) => result.status === 'failed' && (result.assertionResults ?? []).length === 0,
    ).length;
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests + brokenFiles,
      skipped: report.numPendingTests + report.numTodoTests,
      problems: [],
    };
  }
  if (report.stats && typeof report.stats.expected === 'number') {
    // Playwright: "unexpected" are failures; errors outside tests (global set-up, web server) count too.
    const { expected, flaky, unexpected, skipped } = report.stats;
    const errors = (report.errors ?? []).length;
    return { passed: expected + flaky, failed: unexpected + errors, skipped, problems: [] };
  }
  if (Array.isArray(report.failedSteps)) {
    return {
      passed: 0,
      failed: report.failedSteps.length,
      skipped: 0,
      problems: report.failedSteps.map((s) => `step failed: ${s}`),
    };
  }
  return {
    passed: 0,
    failed: 1,
    skipped: 0,
    problems: [`${file}: not a Vitest, Playwright or steps report`],
  };
}

export function summarize(files) {
  const total = { passed: 0, failed: 0, skipped: 0, problems: [] };
  for (const file of files) {
    const counts = countReport(file);
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    total.problems.push(...counts.problems);
  }
  return total;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const total = summarize(process.argv.slice(2));
  for (const problem of total.problems) console.log(problem);
  if (total.skipped > 0) console.log(`${total.skipped} skipped`);
  console.log(`${total.passed} passed, ${total.failed} failed`);
  process.exit(total.failed > 0 ? 1 : 0);
}
