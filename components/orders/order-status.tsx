import type { OrderDetailDTO } from '@/lib/data/order-reads';

/** What the order's payment state means for the shopper, in words. */
type PaymentFacts = Pick<OrderDetailDTO, 'status' | 'fraudStatus' | 'capturedAmount' | 'refundedAmount'>;

export function paymentStatusText(order: PaymentFacts): {
  label: string;
  detail: string;
  tone: 'ok' | 'wait' | 'bad';
} {
  if (order.status === 'CANCELLED' && order.fraudStatus === 'REJECTED') {
    return {
      label: 'Cancelled',
      detail: 'Klarna did not approve this payment, so the order was cancelled. You will not be charged.',
      tone: 'bad',
    };
  }
  if (order.status === 'CANCELLED') {
    return { label: 'Cancelled', detail: 'This order was cancelled. You will not be charged.', tone: 'bad' };
  }
  if (order.status === 'PLACING' || order.status === 'NEEDS_REVIEW') {
    return {
      label: 'Confirming payment',
      detail: 'We are confirming your payment with Klarna. Please do not pay again; we will email you.',
      tone: 'wait',
    };
  }
  if (order.fraudStatus === 'PENDING') {
    return {
      label: 'Awaiting approval',
      detail: 'Klarna is reviewing this payment. We will ship your order once it is approved.',
      tone: 'wait',
    };
  }
  if (order.refundedAmount > 0) {
    const open = order.status === 'AUTHORIZED' || order.status === 'PART_CAPTURED';
    if (!open && order.refundedAmount >= order.capturedAmount) {
      return {
        label: 'Refunded',
        detail: 'We refunded your payment. Klarna settles it with you according to the terms you chose.',
        tone: 'ok',
      };
    }
    return {
      label: 'Partly refunded',
      detail: 'We refunded part of your payment; the rest of your order stands.',
      tone: 'ok',
    };
  }
  if (order.status === 'CAPTURED' || order.status === 'PART_CAPTURED') {
    return { label: 'Paid', detail: 'Your order is on its way.', tone: 'ok' };
  }
  if (order.status === 'EXPIRED') {
    return { label: 'Expired', detail: 'The payment authorization expired.', tone: 'bad' };
  }
  return {
    label: 'Payment approved',
    detail: 'Klarna approved your payment. You pay according to the terms you chose with Klarna.',
    tone: 'ok',
  };
}

export function PaymentStatus({ order }: { order: PaymentFacts }) {
  const status = paymentStatusText(order);
  const tones = {
    ok: 'border-emerald-200 bg-emerald-50 text-emerald-900',
    wait: 'border-amber-200 bg-amber-50 text-amber-900',
    bad: 'border-red-200 bg-red-50 text-red-900',
  } as const;
  return (
    <div className={`rounded-xl border px-4 py-3 ${tones[status.tone]}`} data-testid="payment-status">
      <p className="font-semibold">{status.label}</p>
      <p className="text-sm">{status.detail}</p>
    </div>
  );
}

/**
 * What became of the recurring payments a subscription in this order needs, when the shopper must
 * know: still being set up, or refused by Klarna (today's order stands either way).
 */
export function recurringPaymentsText(status: OrderDetailDTO['customerTokenStatus']): string | null {
  if (status === 'CREATING' || status === 'NEEDS_REVIEW') {
    return 'We are still setting up the recurring payments for your subscription with Klarna. Your subscriptions page shows it once it is ready.';
  }
  if (status === 'FAILED') {
    return 'Klarna did not set up recurring payments for your subscription, so it will not renew and nothing more will be charged. Your order today is not affected; to keep the subscription, subscribe again.';
  }
  return null;
}

export function RecurringPaymentsNotice({ order }: { order: Pick<OrderDetailDTO, 'customerTokenStatus'> }) {
  const text = recurringPaymentsText(order.customerTokenStatus);
  if (!text) return null;
  return (
    <p
      className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      data-testid="recurring-payments-notice"
    >
      {text}
    </p>
  );
}
