/**
 * npm run abandoned-carts [-- --after-hours=24]
 *
 * E-mails a Klarna payment link, once per cart, to each signed-in shopper who agreed to e-mails at
 * sign-up and left a cart with a started checkout untouched for longer than --after-hours
 * (default 24, or ABANDONED_CART_HOURS). Run it from cron. Exits 1 when a link could not be sent.
 */
import { ABANDONED_AFTER_MS, sendAbandonedCartLinks } from '@/lib/payment-links/abandoned-carts';
import { HOUR_MS } from '@/lib/time';

const flag = process.argv.find((arg) => arg.startsWith('--after-hours='))?.slice('--after-hours='.length);
const hours = Number(flag ?? process.env.ABANDONED_CART_HOURS ?? ABANDONED_AFTER_MS / HOUR_MS);
if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
  console.error('--after-hours must be a number of hours from above 0 to 720');
  process.exit(2);
}

const summary = await sendAbandonedCartLinks({ abandonedAfterMs: hours * HOUR_MS });
console.log(
  `Abandoned carts (left over ${hours} h): ${summary.sent} link(s) sent, ${summary.skipped} skipped, ${summary.failed} failed.`,
);
const { prisma } = await import('@/lib/db');
await prisma.$disconnect();
process.exit(summary.failed > 0 ? 1 : 0);
