import 'server-only';

import {
  claimAbandonedCartMail,
  createDraftForCart,
  listAbandonedCarts,
  recordAbandonedCartMailSent,
  releaseAbandonedCartMail,
} from '@/lib/data/draft-orders';
import { HOUR_MS } from '@/lib/time';
import { sendPaymentLink, type LinkOptions } from './links';
import { draftMarket } from './pricing';

/*
 * Carts left at checkout: a signed-in shopper who agreed to e-mails at sign-up, whose cart has a
 * started checkout and has not moved for a while, gets one payment link by e-mail. The cart becomes
 * a draft (made by this job), so its link, status and order follow the drafts' one path.
 */

export const ABANDONED_AFTER_MS = 24 * HOUR_MS;
const ACTOR = 'abandoned-carts';

export interface AbandonedCartSummary {
  sent: number;
  skipped: number;
  failed: number;
}

export async function sendAbandonedCartLinks(
  input: { abandonedAfterMs?: number; limit?: number } = {},
  options: LinkOptions = {},
): Promise<AbandonedCartSummary> {
  const now = options.now?.() ?? new Date();
  const before = new Date(now.getTime() - (input.abandonedAfterMs ?? ABANDONED_AFTER_MS));
  const summary: AbandonedCartSummary = { sent: 0, skipped: 0, failed: 0 };
  for (const cart of await listAbandonedCarts(before, input.limit ?? 100)) {
    // A US cart's sales tax depends on the address; its shopper finishes at the shop's checkout.
    if (!draftMarket(cart.country).ok || !(await claimAbandonedCartMail(cart.cartId, cart.email))) {
      summary.skipped++;
      continue;
    }
    const draft = await createDraftForCart(cart.cartId, cart.email, ACTOR);
    const sent = await sendPaymentLink(draft.id, ACTOR, options);
    if (sent.ok) {
      await recordAbandonedCartMailSent(cart.cartId, sent.link.url);
      summary.sent++;
    } else {
      console.error(`payment link for abandoned cart ${cart.cartId} not sent: ${sent.message}`);
      await releaseAbandonedCartMail(cart.cartId);
      summary.failed++;
    }
  }
  return summary;
}
