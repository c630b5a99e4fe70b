'use client';

import { CaptureDialog } from './capture-dialog';
import { FeedbackProvider } from './feedback';
import { RefundDialog } from './refund-dialog';
import { CancelDialog, ExtendDialog, ReleaseDialog } from './simple-actions';
import type { ActionOrder } from './types';

/** The Order Management actions of one order, with one place where their outcome is announced. */
export function ActionsPanel({ order }: { order: ActionOrder }) {
  return (
    <FeedbackProvider>
      <div className="mt-3 flex flex-wrap items-start gap-3">
        <CaptureDialog order={order} />
        <RefundDialog order={order} />
        <CancelDialog order={order} />
        <ExtendDialog order={order} />
        <ReleaseDialog order={order} />
      </div>
    </FeedbackProvider>
  );
}
