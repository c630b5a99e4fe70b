'use client';

import { removeFromCart } from '@/lib/actions/cart';
import { useState, useTransition } from 'react';
import { useCartCount } from './use-cart-count';

export function RemoveItemButton({ productId, productName }: { productId: string; productName: string }) {
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState<string | null>(null);
  const { setCount } = useCartCount();

  return (
    <form
      action={(formData) =>
        startTransition(async () => {
          const result = await removeFromCart(formData);
          setFailed(result.ok ? null : result.message);
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
      {failed ? (
        <p role="status" className="text-sm text-red-700">
          {failed}
        </p>
      ) : null}
    </form>
  );
}
