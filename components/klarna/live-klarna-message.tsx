'use client';

import type { MessagingResult } from '@/lib/on-site-messaging';
import { MAX_QUANTITY, MIN_QUANTITY } from '@/lib/validations/cart-limits';
import { useEffect, useState } from 'react';
import { KlarnaMessageLine } from './klarna-message-line';

/** The quantity field of the product's add-to-cart form (the fields its server action reads). */
function quantityOf(form: HTMLFormElement | null, productId: string): number | null {
  const owner = form?.elements.namedItem('productId');
  const field = form?.elements.namedItem('quantity');
  if (!(owner instanceof HTMLInputElement) || owner.value !== productId) return null;
  if (!(field instanceof HTMLInputElement)) return null;
  const quantity = Number(field.value);
  return Number.isInteger(quantity) && quantity >= MIN_QUANTITY && quantity <= MAX_QUANTITY ? quantity : null;
}

/**
 * The server-rendered offer, asked again (through /api/messaging, which prices the product
 * itself) whenever the product's quantity field changes, and once after loading if Klarna could
 * not be asked while the page was rendered. It listens to the form's own events instead of being
 * wired into it, so the buy box stays one component. The space is kept, so nothing moves when the
 * line appears, changes or goes away.
 */
export function LiveKlarnaMessage({
  productId,
  slug,
  country,
  locale,
  initial,
}: {
  productId: string;
  slug: string;
  country: string;
  locale: string;
  initial: MessagingResult;
}) {
  const [result, setResult] = useState(initial);

  useEffect(() => {
    let pending: AbortController | undefined;

    async function update(quantity: number) {
      pending?.abort();
      const controller = new AbortController();
      pending = controller;
      const query = new URLSearchParams({ market: country, product: slug, quantity: String(quantity) });
      try {
        const response = await fetch(`/api/messaging?${query.toString()}`, { signal: controller.signal });
        if (response.ok) setResult((await response.json()) as MessagingResult);
      } catch {
        // A newer quantity took over, or the shop cannot be reached: the line stays as it is.
      }
    }

    function onQuantityChange(event: Event) {
      const target = event.target;
      const form =
        target instanceof HTMLFormElement ? target : target instanceof HTMLInputElement ? target.form : null;
      if (!form) return;
      // A reset (after "Add to cart") puts the field back only after its event: read it a moment later.
      const read = () => {
        const quantity = quantityOf(form, productId);
        if (quantity !== null) void update(quantity);
      };
      if (event.type === 'reset') setTimeout(read, 0);
      else read();
    }

    document.addEventListener('input', onQuantityChange);
    document.addEventListener('reset', onQuantityChange);
    if (initial.status === 'unavailable') {
      const chosen = Array.from(document.forms)
        .map((form) => quantityOf(form, productId))
        .find((quantity) => quantity !== null);
      void update(chosen ?? MIN_QUANTITY);
    }
    return () => {
      document.removeEventListener('input', onQuantityChange);
      document.removeEventListener('reset', onQuantityChange);
      pending?.abort();
    };
  }, [productId, slug, country, initial]);

  return (
    <div data-testid="klarna-message" aria-live="polite" className="min-h-10">
      {result.status === 'shown' ? <KlarnaMessageLine message={result.message} locale={locale} /> : null}
    </div>
  );
}
