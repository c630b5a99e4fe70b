'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { FormMessage } from '@/components/ui/form-message';
import { saveDraftAction } from '@/lib/actions/draft-orders';
import type { ActionState } from '@/lib/actions/validated-action';
import { quantityField } from '@/lib/validations/draft-orders';
import { useActionState, useRef } from 'react';
import { buttonClass } from './order-actions/action-dialog';
import { inputClass, TextField } from './order-actions/text-field';

export interface DraftFormProduct {
  slug: string;
  name: string;
  /** e.g. "SEK 249.00 · EUR 19.90" */
  prices: string;
}

export interface DraftFormValues {
  draftId: string;
  country: string;
  email: string;
  phone: string;
  quantities: Record<string, number>;
}

/** A draft's market, customer and quantities; saved as a new draft or over an open one. */
export function DraftForm({
  products,
  markets,
  draft,
}: {
  products: DraftFormProduct[];
  markets: { country: string; label: string }[];
  draft?: DraftFormValues;
}) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(saveDraftAction, null);
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, state && !state.ok ? state : null);
  return (
    <form ref={form} action={formAction} className="space-y-4" aria-describedby="draft-form-message">
      {draft ? <input type="hidden" name="draftId" value={draft.draftId} /> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor="draft-country" className="block text-sm font-medium text-stone-800">
            Market
          </label>
          {draft ? (
            <>
              <input type="hidden" name="country" value={draft.country} />
              <p id="draft-country" className="mt-2 text-sm text-stone-700">
                {markets.find((market) => market.country === draft.country)?.label ?? draft.country}
              </p>
            </>
          ) : (
            <select id="draft-country" name="country" className={inputClass} defaultValue="SE">
              {markets.map((market) => (
                <option key={market.country} value={market.country}>
                  {market.label}
                </option>
              ))}
            </select>
          )}
          {fieldErrors.country ? <p className="mt-1 text-sm text-red-700">{fieldErrors.country}</p> : null}
        </div>
        <TextField
          id="draft-email"
          name="email"
          type="email"
          label="Customer’s e-mail"
          defaultValue={draft?.email}
          maxLength={99}
          required
          error={fieldErrors.email}
        />
        <TextField
          id="draft-phone"
          name="phone"
          type="tel"
          label="Customer’s phone"
          optional
          defaultValue={draft?.phone}
          maxLength={20}
          error={fieldErrors.phone}
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-stone-800">Products and quantities</legend>
        {fieldErrors.lines ? <p className="mt-1 text-sm text-red-700">{fieldErrors.lines}</p> : null}
        <ul className="mt-2 grid gap-2 sm:grid-cols-2">
          {products.map((product) => (
            <li
              key={product.slug}
              className="flex items-center justify-between gap-3 rounded-lg bg-white p-2 ring-1 ring-stone-200"
            >
              <label htmlFor={`qty-${product.slug}`} className="text-sm text-stone-800">
                <span className="sr-only">Quantity of </span>
                {product.name}
                <span className="block text-xs text-stone-500">{product.prices}</span>
              </label>
              <input
                id={`qty-${product.slug}`}
                name={quantityField(product.slug)}
                type="number"
                min={0}
                max={99}
                inputMode="numeric"
                defaultValue={draft?.quantities[product.slug] ?? ''}
                className="w-20 rounded-lg border border-stone-300 px-2 py-1 text-sm"
              />
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass.primary} disabled={pending}>
          {pending ? 'Saving…' : 'Save draft'}
        </button>
        <FormMessage
          id="draft-form-message"
          message={state?.message ?? null}
          tone={state?.ok ? 'success' : 'error'}
        />
      </div>
    </form>
  );
}
