/**
 * npm run mails
 *
 * Sends the shoppers' mails that are still owed: order confirmations, receipts and refund notices
 * whose first delivery (right after the order, capture or refund) failed or never ran because the
 * process stopped. Run it from a scheduler every few minutes, like `npm run reconcile`. Each mail
 * is sent once; one that keeps failing is tried again with growing pauses, then given up and
 * counted here. Exits 1 when a mail failed, so the scheduler notices.
 */
import { deliverDueOrderMails } from '@/lib/mail/deliver';
import { mailSettings } from '@/lib/mail/settings';

if (!mailSettings()) {
  console.log('SMTP_URL is not set: the shop sends no mail, so none is owed.');
  process.exit(0);
}
const summary = await deliverDueOrderMails({ limit: 1000 });
console.log(
  `Order mails: ${summary.sent} sent, ${summary.retry} to try again later, ${summary.failed} given up, ${summary.skipped} being sent by another process.`,
);

const { prisma } = await import('@/lib/db');
await prisma.$disconnect();
process.exit(summary.failed > 0 || summary.retry > 0 ? 1 : 0);
