'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { REFUSAL_MESSAGE } from '@/components/ui/refusal-message';
import { removeFromCart } from '@/lib/actions/cart';
import { useRef, useState, useTransition } from 'react';
import { useCartCount } from './use-cart-count';

export function RemoveItemButton({ productId, productName }: { productId: string; productName: string }) {
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState<string | null>(null);
  // A new object for each refusal: focus goes to the message (the button was disabled meanwhile).
  const [refusal, setRefusal] = useState<object | null>(null);
  const { setCount } = useCartCount();
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, pending ? null : refusal);

  return (
    <form
      ref={form}
      action={(formData) =>
        startTransition(async () => {
          const result = await removeFromCart(formData);
          setFailed(result.ok ? null : result.message);
          setRefusal(result.ok ? null : {});
          if (result.ok) setCount(result.itemCount);
        })
      }
    >
      <input type="hidden" name="productId" value={productId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={`Remove ${productName} from your cart`}
        className="text-sm font-medium text-stone-700 underline underline-offset-4 hover:text-red-800 disabled:opacity-60"
      >
        {pending ? 'Removing…' : 'Remove'}
      </button>
      {/* Always rendered (empty until a refusal), so the message is announced when it appears. */}
      <div role="status">
        {failed ? (
          <p {...REFUSAL_MESSAGE} className="text-sm text-red-700">
            {failed}
          </p>
        ) : null}
      </div>
    </form>
  );
}
