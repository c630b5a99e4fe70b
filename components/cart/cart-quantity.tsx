'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { FormMessage } from '@/components/ui/form-message';
import { updateCartItem } from '@/lib/actions/cart';
import { MAX_QUANTITY, MIN_QUANTITY } from '@/lib/validations/cart-limits';
import { useId, useOptimistic, useRef, useState, useTransition } from 'react';
import { useCartCount } from './use-cart-count';

const stepClasses =
  'inline-flex h-9 w-9 items-center justify-center text-lg text-stone-900 hover:bg-stone-100 disabled:cursor-not-allowed disabled:text-stone-400 focus-visible:outline-2 focus-visible:outline-brand-700';

/**
 * A cart line's quantity: − and + step it, or type a number and press Update. The new quantity
 * shows at once (optimistic) and the page's totals follow when the server has saved it; a refused
 * change falls back to the saved quantity with the reason.
 */
export function CartQuantity({
  productId,
  productName,
  quantity,
  maxQuantity = MAX_QUANTITY,
}: {
  productId: string;
  productName: string;
  quantity: number;
  /** A subscription plan's units per subscription, otherwise the cart's limit. */
  maxQuantity?: number;
}) {
  const [shown, setShown] = useOptimistic(quantity);
  const [message, setMessage] = useState<string | null>(null);
  // A new object for each refusal: focus goes to the quantity field, which reads out the reason.
  const [refusal, setRefusal] = useState<object | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, pending ? null : refusal);
  const { setCount } = useCartCount();
  const inputId = useId();
  const messageId = useId();

  function save(formData: FormData, optimistic?: number) {
    startTransition(async () => {
      if (optimistic !== undefined) setShown(optimistic);
      const result = await updateCartItem(formData);
      setMessage(result.ok ? null : result.message);
      setRefusal(result.ok ? null : {});
      if (result.ok) setCount(result.itemCount);
    });
  }

  function step(to: number) {
    const formData = new FormData();
    formData.set('productId', productId);
    formData.set('quantity', String(to));
    save(formData, to);
  }

  return (
    <div className="flex flex-col gap-1">
      <form
        ref={form}
        action={(formData) => save(formData)}
        noValidate
        className="flex flex-wrap items-center gap-2"
        aria-busy={pending}
      >
        <input type="hidden" name="productId" value={productId} />
        <div className="inline-flex items-center rounded-lg border border-stone-300 bg-white">
          <button
            type="button"
            className={`${stepClasses} rounded-l-lg`}
            onClick={() => step(shown - 1)}
            disabled={shown <= MIN_QUANTITY}
            aria-label={`Decrease quantity of ${productName}`}
          >
            −
          </button>
          <label htmlFor={inputId} className="sr-only">
            Quantity of {productName}
          </label>
          <input
            // Remounts with the saved (or optimistic) quantity after every change.
            key={shown}
            id={inputId}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={MIN_QUANTITY}
            max={maxQuantity}
            defaultValue={shown}
            aria-invalid={message ? true : undefined}
            aria-describedby={messageId}
            className="h-9 w-14 border-x border-stone-300 text-center text-stone-950 focus-visible:outline-2 focus-visible:outline-brand-700"
          />
          <button
            type="button"
            className={`${stepClasses} rounded-r-lg`}
            onClick={() => step(shown + 1)}
            disabled={shown >= maxQuantity}
            aria-label={`Increase quantity of ${productName}`}
          >
            +
          </button>
        </div>
        <button type="submit" className="text-sm font-medium text-brand-700 underline underline-offset-4">
          Update
        </button>
      </form>
      <FormMessage id={messageId} message={message} tone="error" />
    </div>
  );
}
