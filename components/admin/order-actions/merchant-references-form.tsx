'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { REFUSAL_MESSAGE } from '@/components/ui/refusal-message';
import { updateMerchantReferencesAction } from '@/lib/actions/admin-orders';
import type { ActionState } from '@/lib/actions/validated-action';
import { useActionState, useRef } from 'react';
import { buttonClass, FieldError } from './action-dialog';
import { referencesBlocked } from './availability';
import type { ActionOrder } from './types';

const input =
  'mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-sm shadow-sm focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700 disabled:bg-stone-100 aria-invalid:border-red-600';

/** The order's merchant references (e.g. an ERP or invoice number), saved at Klarna. */
export function MerchantReferencesForm({ order }: { order: ActionOrder }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(
    updateMerchantReferencesAction,
    null,
  );
  const blocked = referencesBlocked(order);
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const refused = state !== null && !state.ok;
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, refused ? state : null);
  return (
    <form ref={form} action={formAction} className="space-y-3">
      <input type="hidden" name="orderId" value={order.id} />
      <input type="hidden" name="expectedReference1" value={order.merchantReference1} />
      <input type="hidden" name="expectedReference2" value={order.merchantReference2} />
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="reference1" className="block text-sm font-medium text-stone-800">
            Merchant reference 1
          </label>
          <input
            id="reference1"
            name="reference1"
            maxLength={255}
            defaultValue={order.merchantReference1}
            disabled={blocked !== null}
            aria-invalid={fieldErrors.reference1 ? true : undefined}
            aria-describedby={fieldErrors.reference1 ? 'reference1-error' : undefined}
            className={input}
          />
          <FieldError id="reference1-error" message={fieldErrors.reference1} />
        </div>
        <div>
          <label htmlFor="reference2" className="block text-sm font-medium text-stone-800">
            Merchant reference 2
          </label>
          <input
            id="reference2"
            name="reference2"
            maxLength={255}
            defaultValue={order.merchantReference2}
            disabled={blocked !== null}
            aria-invalid={fieldErrors.reference2 ? true : undefined}
            aria-describedby={fieldErrors.reference2 ? 'reference2-error' : undefined}
            className={input}
          />
          <FieldError id="reference2-error" message={fieldErrors.reference2} />
        </div>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass.secondary} disabled={pending || blocked !== null}>
          {pending ? 'Saving…' : 'Save references'}
        </button>
        <p
          role="status"
          {...(refused ? REFUSAL_MESSAGE : {})}
          className={`text-sm ${state?.ok ? 'text-emerald-800' : 'text-red-700'}`}
        >
          {blocked ?? state?.message ?? ''}
        </p>
      </div>
    </form>
  );
}
