'use client';

import { useCartCount } from '@/components/cart/use-cart-count';
import { Button } from '@/components/ui/button';
import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { FormMessage } from '@/components/ui/form-message';
import { addToCart, type CartActionState } from '@/lib/actions/cart';
import { MAX_QUANTITY, MIN_QUANTITY } from '@/lib/validations/cart-limits';
import Link from 'next/link';
import { useActionState, useId, useRef, useState } from 'react';

/**
 * Quantity and "Add to cart". `maxQuantity` is the most one line may hold (a subscription plan's
 * units, otherwise the cart's limit): a larger number is explained as it is typed, and the server refuses it too.
 */
export function AddToCartForm({
  productId,
  maxQuantity = MAX_QUANTITY,
  limitMessage,
}: {
  productId: string;
  maxQuantity?: number;
  /** Why more than `maxQuantity` is refused, in the words checkout uses. */
  limitMessage?: string;
}) {
  const { setCount } = useCartCount();
  const [state, formAction, pending] = useActionState(
    async (previous: CartActionState | null, formData: FormData) => {
      const next = await addToCart(previous, formData);
      if (next.ok) setCount(next.itemCount);
      return next;
    },
    null,
  );
  const quantityId = useId();
  const messageId = useId();
  const [tooMany, setTooMany] = useState(false);
  const refusedHere = tooMany && limitMessage ? limitMessage : null;
  const quantityError = refusedHere ?? (state && !state.ok ? state.fieldErrors.quantity : undefined);
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, state && !state.ok ? state : null);

  return (
    // noValidate: the server's message explains a bad quantity, the same with or without JavaScript.
    <form ref={form} action={formAction} noValidate className="flex flex-col gap-3">
      <input type="hidden" name="productId" value={productId} />
      <div className="flex items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={quantityId} className="text-sm font-medium text-stone-800">
            Quantity
          </label>
          <input
            id={quantityId}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={MIN_QUANTITY}
            max={maxQuantity}
            defaultValue={1}
            onChange={(event) => setTooMany(Number(event.currentTarget.value) > maxQuantity)}
            aria-invalid={quantityError ? true : undefined}
            aria-describedby={messageId}
            className="w-24 rounded-lg border border-stone-300 bg-white px-3 py-2 text-stone-950 aria-invalid:border-red-700 focus-visible:outline-2 focus-visible:outline-brand-700"
          />
        </div>
        <Button type="submit" disabled={pending} aria-describedby={messageId}>
          {pending ? 'Adding…' : 'Add to cart'}
        </Button>
      </div>
      <div className="flex flex-wrap items-baseline gap-x-3">
        <FormMessage
          id={messageId}
          message={refusedHere ?? state?.message ?? null}
          tone={refusedHere || (state && !state.ok) ? 'error' : 'success'}
        />
        {state?.ok && !refusedHere ? (
          <Link href="/cart" className="text-sm font-medium text-brand-700 underline underline-offset-4">
            View cart
          </Link>
        ) : null}
      </div>
    </form>
  );
}
