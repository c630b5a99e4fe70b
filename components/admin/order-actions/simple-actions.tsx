'use client';

import {
  cancelOrderAction,
  extendAuthorizationAction,
  releaseRemainingAction,
} from '@/lib/actions/admin-orders';
import { formatMoney } from '@/lib/money';
import type { ReactNode } from 'react';
import { day } from '../format';
import {
  ActionDialog,
  BeforeAfter,
  DialogButtons,
  FormError,
  useDialogAction,
  type DialogAction,
} from './action-dialog';
import { cancelBlocked, extendBlocked, releaseBlocked } from './availability';
import type { ActionOrder } from './types';

/** A confirmation form: what will happen, hidden expected state, and one button that does it. */
function ConfirmForm({
  action,
  hidden,
  confirm,
  pendingLabel,
  danger = false,
  children,
}: {
  action: DialogAction;
  hidden: Record<string, string | number>;
  confirm: string;
  pendingLabel: string;
  danger?: boolean;
  children: ReactNode;
}) {
  const { form, formAction, pending, refusal } = useDialogAction(action);
  return (
    <form ref={form} action={formAction} className="mt-4 space-y-4">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <FormError message={refusal?.message} />
      <DialogButtons label={pending ? pendingLabel : confirm} danger={danger} disabled={pending} />
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
