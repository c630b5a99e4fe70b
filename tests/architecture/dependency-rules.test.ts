import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The layering rules of .dependency-cruiser.mjs, run the way `npm run lint:deps` runs them (the
// CLI, with its own TypeScript and `@/` alias resolution): every rule must report the fixture file
// that breaks it, and the real tree must break none beyond the known-violations baseline.

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(import.meta.dirname, 'fixtures');
const cli = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

/** Cruises app/, lib/ and components/ under `cwd`; depcruise exits 1 on a violation, so the exit code is not an error here. */
function cruise(cwd: string, extraArgs: string[]): Promise<Violation[]> {
  const args = [cli, 'app', 'lib', 'components', '--config', config, '--output-type', 'json', ...extraArgs];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!stdout) return reject(new Error(`depcruise printed nothing: ${stderr || error?.message}`));
      const result = JSON.parse(stdout) as { summary: { violations: Violation[] } };
      resolve(result.summary.violations);
    });
  });
}

describe.concurrent('dependency rules', () => {
  it('reports each rule on the fixture file that breaks it, and nothing else', async () => {
    const violations = await cruise(fixtures, ['--no-cache']);
    const found = violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`).sort();

    expect(found).toEqual(
      [
        'components-do-not-import-routes: components/order-link.tsx → app/page.tsx',
        'checkout-does-not-import-order-admin: lib/checkout/capture-now.ts → lib/order-admin/capture.ts',
        'data-layer-imports-nothing-above-it: lib/data/orders.ts → lib/checkout/place-order.ts',
        'flows-depend-one-way: lib/subscriptions/create-token.ts → lib/checkout/place-order.ts',
        'flows-do-not-import-actions-or-routes: lib/subscriptions/cancel.ts → lib/actions/subscriptions.ts',
        'klarna-adapter-is-a-leaf: lib/klarna/payments.ts → lib/data/orders.ts',
        'no-circular: lib/checkout/place-order.ts → lib/subscriptions/create-token.ts',
        'only-data-layer-uses-prisma: app/page.tsx → lib/db.ts',
        'only-klarna-adapter-speaks-http: lib/order-admin/capture.ts → lib/klarna/client.ts',
        'only-klarna-adapter-speaks-http: lib/order-admin/refund.ts → https',
        'routes-use-flows-not-the-klarna-adapter: app/api/klarna/route.ts → lib/klarna/index.ts',
      ].sort(),
    );
    expect(violations.every(({ rule }) => rule.severity === 'error')).toBe(true);
  });

  it('finds no violation in the storefront beyond the known ones', async () => {
    const violations = await cruise(root, ['--ignore-known']);
    const unknown = violations.filter(({ rule }) => rule.severity !== 'ignore');

    expect(unknown.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`)).toEqual([]);
  });
});
