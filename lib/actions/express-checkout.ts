'use server';

import { confirmExpressApproval, expressPayload, type ExpressPayload } from '@/lib/checkout/express';
import type { CheckoutSessionView } from '@/lib/checkout/start-session';
import { addItem, setItemQuantity } from '@/lib/data/cart-items';
import { getCart } from '@/lib/data/carts';
import { getRequestMarket } from '@/lib/data/market';
import { getRequestCart, getRequestCartOwner, rememberCartToken } from '@/lib/request-cart';
import { addToCartSchema } from '@/lib/validations/cart';
import { z } from 'zod';

export type ExpressStartResult =
  { ok: true; payload: ExpressPayload; itemCount: number | null } | { ok: false; message: string };

const startInputSchema = z.object({
  /** The country the page was shown for: its prices are what the shopper chose from. */
  market: z.string().max(8),
  /** From the product page: this product, at this quantity, is put in the cart first. */
  product: z.object({ productId: z.string(), quantity: z.string() }).optional(),
});

const UNREADABLE = 'This request could not be read. Please reload the page and try again.';

/**
 * The Express button was clicked: on a product page the product goes into the shopper's cart at
 * the chosen quantity (set, not added, so a second click never doubles it); then the cart's
 * payload for Klarna's `authorize()`. Amounts never come from the browser.
 */
export async function startExpressCheckout(input: unknown): Promise<ExpressStartResult> {
  const parsed = startInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: UNREADABLE };
  const [owner, market] = await Promise.all([getRequestCartOwner(), getRequestMarket()]);
  if (parsed.data.market !== market.country) {
    return {
      ok: false,
      message: `Your shop market changed to ${market.label}. Reload the page to see its prices, then pay.`,
    };
  }
  let itemCount: number | null = null;
  let cartOwner = owner;
  if (parsed.data.product) {
    const item = addToCartSchema.safeParse(parsed.data.product);
    if (!item.success)
      return { ok: false, message: z.flattenError(item.error).fieldErrors.quantity?.[0] ?? UNREADABLE };
    const set = await setItemQuantity(owner, market, item.data);
    const change = set.ok ? set : await addItem(owner, market, item.data);
    if (!change.ok) return { ok: false, message: change.message };
    if (change.token && change.token !== owner.token) {
      await rememberCartToken(change.token);
      cartOwner = { ...owner, token: change.token };
    }
    itemCount = change.itemCount;
  }
  const cart = await getCart(cartOwner, market);
  if (!cart.id || cart.lines.length === 0) {
    return { ok: false, message: 'Your cart is empty. Add something before paying.' };
  }
  const result = await expressPayload(cart.id);
  return result.ok
    ? { ok: true, payload: result.payload, itemCount }
    : { ok: false, message: result.message };
}

export type ExpressReviewResult =
  { ok: true; session: CheckoutSessionView; approvedAmount: number | null } | { ok: false; message: string };

const confirmInputSchema = z.object({ klarnaSessionId: z.string().trim().min(1).max(255) });

/**
 * Klarna approved and collected the address: the cart priced for it, for the review step. The
 * session must be one the Express button made for this shopper's cart.
 */
export async function reviewExpressCheckout(input: unknown): Promise<ExpressReviewResult> {
  const parsed = confirmInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: UNREADABLE };
  const cart = await getRequestCart();
  if (!cart.id) return { ok: false, message: 'Your cart is empty. Add something before paying.' };
  const result = await confirmExpressApproval({
    cartId: cart.id,
    klarnaSessionId: parsed.data.klarnaSessionId,
  });
  return result.ok
    ? { ok: true, session: result.session, approvedAmount: result.approvedAmount }
    : { ok: false, message: result.message };
}
