/**
 * npm run reconcile [-- --all] [-- --concurrency=4]
 *
 * Re-reads open orders (authorized or part captured; with --all also captured and closed ones)
 * from Klarna and brings the store's copy in step, recording every difference on the order's
 * timeline: authorizations that expired, captures, refunds or cancellations made outside the store
 * (the shopper gets the receipt or refund notice for a capture or refund recorded this way),
 * answers that were lost. Then recounts orders per status. Exits 1 when an order could not be read,
 * so a scheduler notices.
 */
import { orderMailsSent } from '@/lib/mail/deliver';
import { reconcileOrders } from '@/lib/order-admin/reconcile';

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

const includeSettled = process.argv.includes('--all');
const concurrency = Number(option('concurrency') ?? 4);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
  console.error('--concurrency must be a whole number from 1 to 32');
  process.exit(2);
}

const started = Date.now();
const summary = await reconcileOrders({
  includeSettled,
  concurrency,
  onProgress: (checked) => process.stderr.write(`\rchecked ${checked} order(s)…`),
});
process.stderr.write('\n');

console.log(
  `Reconciled ${summary.checked} ${includeSettled ? 'open, captured and closed' : 'open'} order(s) with Klarna in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
);
for (const changed of summary.changed) console.log(`  ${changed.number}: ${changed.message}`);
if (summary.changed.length === 0) console.log('  No differences.');
if (summary.busy > 0) console.log(`  ${summary.busy} order(s) skipped: a staff action was running on them.`);
for (const failed of summary.failed) console.log(`  FAILED ${failed.number}: ${failed.message}`);
for (const correction of summary.countCorrections) {
  console.log(`  Status count ${correction.status} corrected: ${correction.was} → ${correction.now}.`);
}

// Receipts and refund notices for captures and refunds found at Klarna.
await orderMailsSent();
const { prisma } = await import('@/lib/db');
await prisma.$disconnect();
process.exit(summary.failed.length > 0 ? 1 : 0);
