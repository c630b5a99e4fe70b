'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import {
  cancelOrderAction,
  extendAuthorizationAction,
  releaseRemainingAction,
} from '@/lib/actions/admin-orders';
import type { ActionState } from '@/lib/actions/validated-action';
import { formatMoney } from '@/lib/money';
import { useActionState, useRef, type ReactNode } from 'react';
import { day } from '../format';
import { ActionDialog, BeforeAfter, buttonClass, FormError, useCloseDialog } from './action-dialog';
import { cancelBlocked, extendBlocked, releaseBlocked } from './availability';
import { useReportOutcome } from './feedback';
import type { ActionOrder } from './types';

type Action = (previous: ActionState, formData: FormData) => Promise<ActionState>;

/** A confirmation form: what will happen, hidden expected state, and one button that does it. */
function ConfirmForm({
  action,
  hidden,
  confirm,
  pendingLabel,
  danger = false,
  children,
}: {
  action: Action;
  hidden: Record<string, string | number>;
  confirm: string;
  pendingLabel: string;
  danger?: boolean;
  children: ReactNode;
}) {
  const close = useCloseDialog();
  const report = useReportOutcome();
  const [state, formAction, pending] = useActionState(async (previous: ActionState, formData: FormData) => {
    const result = await action(previous, formData);
    if (result?.ok) {
      close();
      report(result);
    }
    return result;
  }, null);
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, state && !state.ok ? state : null);
  return (
    <form ref={form} action={formAction} className="mt-4 space-y-4">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <FormError message={state && !state.ok ? state.message : undefined} />
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={close}>
          Close
        </button>
        <button
          type="submit"
          className={danger ? buttonClass.danger : buttonClass.primary}
          disabled={pending}
        >
          {pending ? pendingLabel : confirm}
        </button>
      </div>
    </form>
  );
}

export function CancelDialog({ order }: { order: ActionOrder }) {
  const fmt = (amount: number) => formatMoney(amount, order.currency, order.locale);
  return (
    <ActionDialog
      label="Cancel order…"
      title={`Cancel order ${order.number}?`}
      blockedReason={cancelBlocked(order)}
    >
      <ConfirmForm
        action={cancelOrderAction}
        hidden={{ orderId: order.id, expectedCapturedAmount: order.capturedAmount }}
        confirm="Cancel the order"
        pendingLabel="Cancelling…"
        danger
      >
        <p className="text-sm text-stone-700">
          Klarna releases the whole authorization and the customer pays nothing. This cannot be undone.
        </p>
        <BeforeAfter
          rows={[
            { label: 'Authorized', before: fmt(order.remainingAmount), after: fmt(0) },
            { label: 'Status', before: 'Authorized', after: 'Cancelled' },
          ]}
        />
      </ConfirmForm>
    </ActionDialog>
  );
}

export function ExtendDialog({ order }: { order: ActionOrder }) {
  return (
    <ActionDialog
      label="Extend authorization…"
      title={`Extend the authorization of order ${order.number}`}
      blockedReason={extendBlocked(order)}
    >
      <ConfirmForm
        action={extendAuthorizationAction}
        hidden={{ orderId: order.id, expectedExpiresAt: order.authorizationExpiresAt ?? '' }}
        confirm="Extend"
        pendingLabel="Extending…"
      >
        <p className="text-sm text-stone-700">
          The authorization expires on <strong>{day(order.authorizationExpiresAt)}</strong>. Klarna moves the
          expiry to 28 days from today, and never beyond 180 days after the purchase.
        </p>
      </ConfirmForm>
    </ActionDialog>
  );
}

export function ReleaseDialog({ order }: { order: ActionOrder }) {
  const fmt = (amount: number) => formatMoney(amount, order.currency, order.locale);
  return (
    <ActionDialog
      label="Release remaining…"
      title={`Release the rest of order ${order.number}?`}
      blockedReason={releaseBlocked(order)}
    >
      <ConfirmForm
        action={releaseRemainingAction}
        hidden={{
          orderId: order.id,
          expectedCapturedAmount: order.capturedAmount,
          expectedAmount: order.remainingAmount,
        }}
        confirm={`Release ${fmt(order.remainingAmount)}`}
        pendingLabel="Releasing…"
        danger
      >
        <p className="text-sm text-stone-700">
          The part not captured will not be charged, and the order is closed. What was captured stays captured
          and can still be refunded.
        </p>
        <BeforeAfter
          rows={[
            { label: 'Captured', before: fmt(order.capturedAmount), after: fmt(order.capturedAmount) },
            { label: 'Left to capture', before: fmt(order.remainingAmount), after: fmt(0) },
          ]}
        />
      </ConfirmForm>
    </ActionDialog>
  );
}
