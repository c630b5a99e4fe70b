import 'server-only';

import { cartPayload, type PayableCart } from '@/lib/checkout/payload';
import {
  createDraftOrder,
  deleteDraftOrder,
  findDraftProducts,
  getDraftOrder,
  updateDraftOrder,
  type DraftItemInput,
} from '@/lib/data/draft-orders';
import { type Market } from '@/lib/markets';
import { fail, succeed, type Result } from '@/lib/result';
import type { DraftOrderInput } from '@/lib/validations/draft-orders';
import { disableOpenLinks, type LinkOptions } from './links';
import { draftMarket } from './pricing';

/*
 * Draft orders: staff pick products and quantities for a market and the customer's e-mail. The
 * lines and totals are the checkout's own (lib/checkout/payload.ts), so staff see exactly what
 * Klarna will get. Nothing is written unless the whole draft can be paid.
 */

export type DraftFailureReason =
  | 'unknown_market'
  | 'market_not_offered'
  | 'unknown_product'
  | 'empty'
  | 'unavailable_items'
  | 'unknown_draft'
  | 'ordered'
  | 'klarna_unavailable';

/** Creates a draft, or replaces an open draft's customer and lines (its links stop working). */
export async function saveDraftOrder(
  input: DraftOrderInput,
  staff: string,
  options: LinkOptions = {},
): Promise<Result<{ draftId: string; message: string }, DraftFailureReason>> {
  const checked = await checkDraft(input);
  if (!checked.ok) return checked;
  const { market, items } = checked;
  const content = { email: input.email, phone: input.phone, items };

  if (!input.draftId) {
    const created = await createDraftOrder({
      ...content,
      country: market.country,
      currency: market.currency,
      createdBy: staff,
    });
    return succeed({ draftId: created.id, message: 'Draft saved.' });
  }

  const draft = await getDraftOrder(input.draftId);
  if (!draft) return fail('unknown_draft', 'This draft no longer exists.');
  if (draft.order) return fail('ordered', `This draft was paid: it is order ${draft.order.number}.`);
  if (draft.fromShopperCart) {
    return fail('ordered', 'This draft is a shopper’s own cart: its lines are theirs to change.');
  }
  if (draft.country !== market.country) {
    return fail('unknown_market', 'A draft stays in its market: start a new draft for another one.');
  }
  // A link for the old lines must not be paid: it is disabled at Klarna before the change.
  const disabled = await disableOpenLinks(draft, staff, options);
  if (!disabled.ok) return disabled;
  if (!(await updateDraftOrder(draft.id, content))) {
    return fail('ordered', 'This draft can no longer be changed: it was paid meanwhile.');
  }
  return succeed({
    draftId: draft.id,
    message: disabled.count > 0 ? 'Draft saved. The link sent before no longer works.' : 'Draft saved.',
  });
}

/** The draft's market and products, priced as checkout would price them; a refusal otherwise. */
async function checkDraft(
  input: DraftOrderInput,
): Promise<Result<{ market: Market; items: DraftItemInput[] }, DraftFailureReason>> {
  const found = draftMarket(input.country);
  if (!found.ok) return found;
  const { market } = found;
  const slugs = input.lines.map((line) => line.slug);
  if (new Set(slugs).size !== slugs.length) {
    return fail('unknown_product', 'Each product can be on a draft once: set its quantity instead.');
  }
  const products = await findDraftProducts(slugs, market.currency);
  const unknown = slugs.filter((slug) => !products.has(slug));
  if (unknown.length > 0) {
    return fail('unknown_product', `No product “${unknown.join('”, “')}” can be sold on a draft.`);
  }
  const cart: PayableCart = {
    country: market.country,
    currency: market.currency,
    userId: null,
    items: input.lines.map((line) => {
      const product = products.get(line.slug)!;
      return { ...product, slug: line.slug, kind: 'ONE_TIME', quantity: line.quantity };
    }),
  };
  const priced = cartPayload(cart);
  if (!priced.ok) return fail(priced.reason === 'empty' ? 'empty' : 'unavailable_items', priced.message);
  return succeed({
    market,
    items: input.lines.map((line) => ({ productId: products.get(line.slug)!.id, quantity: line.quantity })),
  });
}

/** Deletes a draft that was not paid: its link is stopped at Klarna first, then the draft and its cart go. */
export async function removeDraftOrder(
  draftId: string,
  staff: string,
  options: LinkOptions = {},
): Promise<Result<{ message: string }, DraftFailureReason>> {
  const draft = await getDraftOrder(draftId);
  if (!draft) return fail('unknown_draft', 'This draft no longer exists.');
  if (draft.order) return fail('ordered', `This draft was paid: it is order ${draft.order.number}.`);
  const disabled = await disableOpenLinks(draft, staff, options);
  if (!disabled.ok) return disabled;
  if (!(await deleteDraftOrder(draft.id))) {
    return fail('ordered', 'This draft can no longer be deleted: it was paid meanwhile.');
  }
  return succeed({ message: 'Draft deleted.' });
}
