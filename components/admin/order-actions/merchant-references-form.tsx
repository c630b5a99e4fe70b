'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { REFUSAL_MESSAGE } from '@/components/ui/refusal-message';
import { updateMerchantReferencesAction } from '@/lib/actions/admin-orders';
import type { ActionState } from '@/lib/actions/validated-action';
import { useActionState, useRef } from 'react';
import { buttonClass } from './action-dialog';
import { referencesBlocked } from './availability';
import { TextField } from './text-field';
import type { ActionOrder } from './types';

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
        {([1, 2] as const).map((n) => (
          <TextField
            key={n}
            id={`reference${n}`}
            name={`reference${n}`}
            label={`Merchant reference ${n}`}
            maxLength={255}
            defaultValue={order[`merchantReference${n}`]}
            disabled={blocked !== null}
            error={fieldErrors[`reference${n}`]}
          />
        ))}
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
