'use client';

import { refundOrderAction } from '@/lib/actions/admin-orders';
import { ActionDialog } from './action-dialog';
import { AmountForm } from './amount-form';
import { refundBlocked } from './availability';
import { TextField } from './text-field';
import type { ActionOrder } from './types';

export function RefundDialog({ order }: { order: ActionOrder }) {
  return (
    <ActionDialog label="Refund…" title={`Refund order ${order.number}`} blockedReason={refundBlocked(order)}>
      <AmountForm
        verb="refund"
        action={refundOrderAction}
        order={order}
        fields={(fieldErrors) => (
          <TextField
            id="refund-reason"
            name="reason"
            label="Reason"
            required
            maxLength={255}
            placeholder="Returned by the customer"
            hint="Sent to Klarna with the refund and kept on the timeline."
            error={fieldErrors.reason}
          />
        )}
      />
    </ActionDialog>
  );
}
