'use client';

import { captureOrderAction } from '@/lib/actions/admin-orders';
import { ActionDialog } from './action-dialog';
import { AmountForm } from './amount-form';
import { captureBlocked } from './availability';
import { TextField } from './text-field';
import type { ActionOrder } from './types';

export function CaptureDialog({ order }: { order: ActionOrder }) {
  return (
    <ActionDialog
      label="Capture…"
      title={`Capture payment for order ${order.number}`}
      blockedReason={captureBlocked(order)}
    >
      <AmountForm
        verb="capture"
        action={captureOrderAction}
        order={order}
        fields={(fieldErrors) => (
          <div className="grid gap-3 sm:grid-cols-3">
            <TextField
              id="capture-carrier"
              name="shippingCompany"
              label="Carrier"
              optional
              maxLength={100}
              placeholder="postnord"
              error={fieldErrors.shippingCompany}
            />
            <TextField
              id="capture-tracking"
              name="trackingNumber"
              label="Tracking number"
              optional
              maxLength={100}
              error={fieldErrors.trackingNumber}
            />
            <TextField
              id="capture-tracking-uri"
              name="trackingUri"
              label="Tracking link"
              optional
              type="url"
              maxLength={1024}
              error={fieldErrors.trackingUri}
            />
          </div>
        )}
      />
    </ActionDialog>
  );
}
