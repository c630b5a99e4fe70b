'use client';

import { buttonClass } from '@/components/admin/order-actions/action-dialog';
import { TextField } from '@/components/admin/order-actions/text-field';
import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { REFUSAL_MESSAGE } from '@/components/ui/refusal-message';
import { updateProductAction } from '@/lib/actions/admin-products';
import type { ActionState } from '@/lib/actions/validated-action';
import type { AdminProductDTO } from '@/lib/data/product-admin';
import { minorToDecimalString, type CurrencyCode } from '@/lib/money';
import { expectedPriceField, priceField } from '@/lib/validations/admin-products';
import { useActionState, useRef, useState } from 'react';

/**
 * A product's prices, one per currency it is sold in. The fields are
 * controlled, so a refused save keeps what staff typed. The amounts staff saw go with the form, so
 * a change saved meanwhile by someone else is never overwritten.
 */
export function ProductForm({ product }: { product: AdminProductDTO }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(updateProductAction, null);
  const [typed, setTyped] = useState<Partial<Record<CurrencyCode, string>>>(() =>
    Object.fromEntries(
      product.prices.map(({ currency, unitAmount }) => [
        currency,
        minorToDecimalString(unitAmount, currency),
      ]),
    ),
  );
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const refused = state !== null && !state.ok;
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, refused ? state : null);

  return (
    <form
      ref={form}
      action={formAction}
      noValidate
      className="space-y-6 rounded-xl border border-stone-200 bg-white p-6"
    >
      <input type="hidden" name="slug" value={product.slug} />
      <fieldset>
        <legend className="text-base font-semibold text-stone-900">Prices, tax included</legend>
        <p className="mt-1 text-sm text-stone-600">
          Each market’s shoppers pay the price in its currency. Carts show the new price on their next visit,
          with the price it had when it was added.
        </p>
        <div className="mt-4 grid gap-4 sm:grid-cols-2">
          {product.prices.map(({ currency, unitAmount }) => (
            <div key={currency}>
              <input type="hidden" name={expectedPriceField(currency)} value={unitAmount} />
              <TextField
                id={priceField(currency)}
                name={priceField(currency)}
                label={`Price in ${currency}`}
                inputMode="decimal"
                autoComplete="off"
                value={typed[currency] ?? ''}
                onChange={(event) => setTyped((current) => ({ ...current, [currency]: event.target.value }))}
                error={fieldErrors[priceField(currency)]}
              />
            </div>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass.primary} disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </button>
        <p
          role="status"
          {...(refused ? REFUSAL_MESSAGE : {})}
          className={`text-sm ${state?.ok ? 'text-emerald-800' : 'text-red-700'}`}
        >
          {state?.message ?? ''}
        </p>
      </div>
    </form>
  );
}
