'use server';

import { addItem, removeItem, setItemQuantity } from '@/lib/data/cart-items';
import type { CartChange, CartOwner } from '@/lib/data/carts';
import { getRequestMarket } from '@/lib/data/market';
import type { Market } from '@/lib/markets';
import { getRequestCartOwner, rememberCartToken } from '@/lib/request-cart';
import {
  addToCartSchema,
  parseForm,
  removeCartItemSchema,
  updateCartItemSchema,
  type FieldErrors,
} from '@/lib/validations/cart';
import { refresh } from 'next/cache';

/** What a cart form shows after submitting: a message, and the new item count for the header. */
export type CartActionState =
  | { ok: true; message: string; itemCount: number }
  | { ok: false; message: string; fieldErrors: FieldErrors<{ productId: string; quantity: string }> };

const FAILED: CartActionState = {
  ok: false,
  message: 'Your cart could not be updated. Please try again.',
  fieldErrors: {},
};

/** Runs a validated change against the shopper's cart and keeps the cart cookie pointing at it. */
async function changeCart(
  change: (owner: CartOwner, market: Market) => Promise<CartChange>,
  success: string,
): Promise<CartActionState> {
  let result: CartChange;
  let owner: CartOwner | undefined;
  try {
    const [requestOwner, market] = await Promise.all([getRequestCartOwner(), getRequestMarket()]);
    owner = requestOwner;
    result = await change(owner, market);
  } catch (error) {
    console.error('cart change failed', error);
    return FAILED;
  }
  if (!result.ok) {
    return {
      ok: false,
      message: result.message,
      fieldErrors: result.field ? { [result.field]: result.message } : {},
    };
  }
  // Only when the cart changed (its first item, or a merge): setting a cookie makes Next re-render
  // the page in the action's response, which an ordinary add does not need.
  if (result.token && result.token !== owner?.token) await rememberCartToken(result.token);
  return { ok: true, message: success, itemCount: result.itemCount };
}

/** Adds a quantity of a product (the product page's form). */
export async function addToCart(
  _previous: CartActionState | null,
  formData: FormData,
): Promise<CartActionState> {
  const parsed = parseForm(addToCartSchema, formData);
  if (!parsed.ok) return { ok: false, message: parsed.message, fieldErrors: parsed.fieldErrors };
  const { quantity } = parsed.data;
  return changeCart(
    (owner, market) => addItem(owner, market, parsed.data),
    quantity === 1 ? 'Added to your cart.' : `Added ${quantity} to your cart.`,
  );
}

/** Sets a cart line's quantity (the cart page's stepper). */
export async function updateCartItem(formData: FormData): Promise<CartActionState> {
  const parsed = parseForm(updateCartItemSchema, formData);
  if (!parsed.ok) return { ok: false, message: parsed.message, fieldErrors: parsed.fieldErrors };
  return changeOnCartPage(
    (owner, market) => setItemQuantity(owner, market, parsed.data),
    'Quantity updated.',
  );
}

/** Removes a cart line. */
export async function removeFromCart(formData: FormData): Promise<CartActionState> {
  const parsed = parseForm(removeCartItemSchema, formData);
  if (!parsed.ok) return { ok: false, message: parsed.message, fieldErrors: parsed.fieldErrors };
  return changeOnCartPage(
    (owner, market) => removeItem(owner, market, parsed.data),
    'Removed from your cart.',
  );
}

/** A change made on the cart page, which then re-renders with the new totals. */
async function changeOnCartPage(
  change: (owner: CartOwner, market: Market) => Promise<CartChange>,
  success: string,
): Promise<CartActionState> {
  const state = await changeCart(change, success);
  refresh();
  return state;
}
