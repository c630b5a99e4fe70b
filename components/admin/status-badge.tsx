import type { FraudStatus, OrderStatus } from '@/lib/data/order-list';
import { refundStateOf } from '@/lib/order-admin/amounts';

const STATUS_LABELS: Record<OrderStatus, string> = {
  PLACING: 'Placing',
  NEEDS_REVIEW: 'Needs review',
  AUTHORIZED: 'Authorized',
  PART_CAPTURED: 'Part captured',
  CAPTURED: 'Captured',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
  CLOSED: 'Closed',
};

const STATUS_COLOURS: Record<OrderStatus, string> = {
  PLACING: 'bg-stone-100 text-stone-700 ring-stone-300',
  NEEDS_REVIEW: 'bg-red-50 text-red-800 ring-red-300',
  AUTHORIZED: 'bg-amber-50 text-amber-900 ring-amber-300',
  PART_CAPTURED: 'bg-sky-50 text-sky-900 ring-sky-300',
  CAPTURED: 'bg-emerald-50 text-emerald-900 ring-emerald-300',
  CANCELLED: 'bg-stone-100 text-stone-700 ring-stone-300',
  EXPIRED: 'bg-stone-100 text-stone-700 ring-stone-300',
  CLOSED: 'bg-stone-100 text-stone-800 ring-stone-300',
};

export function statusLabel(status: OrderStatus): string {
  return STATUS_LABELS[status];
}

export function StatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_COLOURS[status]}`}
    >
      {STATUS_LABELS[status]}
    </span>
  );
}

/**
 * Refunds beside the status, never instead of it: a part-captured order whose capture was refunded
 * is still part captured, with the rest authorized.
 */
export function RefundBadge({ order }: { order: { capturedAmount: number; refundedAmount: number } }) {
  const state = refundStateOf(order);
  if (state === 'NONE') return null;
  return (
    <span
      data-testid="refund-state"
      className="inline-flex items-center rounded-full bg-violet-50 px-2 py-0.5 text-xs font-medium text-violet-900 ring-1 ring-inset ring-violet-300"
    >
      {state === 'FULL' ? 'Fully refunded' : 'Part refunded'}
    </span>
  );
}

const FRAUD_COLOURS: Record<FraudStatus, string> = {
  ACCEPTED: 'text-emerald-800',
  PENDING: 'text-amber-800',
  REJECTED: 'text-red-800',
};

export function FraudStatusText({ status }: { status: FraudStatus | null }) {
  if (!status) return <span className="text-stone-500">—</span>;
  return (
    <span className={`text-xs font-medium ${FRAUD_COLOURS[status]}`}>
      {status.charAt(0) + status.slice(1).toLowerCase()}
    </span>
  );
}
