import type { AdminEventDTO } from '@/lib/data/admin-order';
import { formatMoney } from '@/lib/money';
import { dateTime } from './format';

const LABELS: Record<string, string> = {
  ORDER_PLACED: 'Order placed',
  PLACE_ORDER_FAILED: 'Placing the order failed',
  ORDER_NEEDS_REVIEW: 'Order needs review',
  FRAUD_STATUS_CHANGED: 'Fraud decision from Klarna',
  ORDER_CANCELLED: 'Cancelled by Klarna',
  CAPTURE: 'Capture',
  REFUND: 'Refund',
  CANCEL: 'Cancel',
  EXTEND_AUTHORIZATION: 'Extend authorization',
  RELEASE_REMAINING_AUTHORIZATION: 'Release remaining authorization',
  UPDATE_MERCHANT_REFERENCES: 'Merchant references',
  ORDER_SYNCED: 'Synced from Klarna',
  SYNC: 'Sync from Klarna',
};

const ACTORS: Record<string, string> = {
  shopper: 'Shopper',
  'klarna-callback': 'Klarna (authorization callback)',
  'klarna-notification': 'Klarna (notification)',
  klarna: 'Found at Klarna',
  system: 'System',
  reconcile: 'Reconcile job',
};

function labelOf(type: string): string {
  return LABELS[type] ?? type.charAt(0) + type.slice(1).toLowerCase().replaceAll('_', ' ');
}

/**
 * Every event of the order, oldest first: placing, Klarna's callbacks and notifications, and each
 * Order Management call with who made it, when, the amount, its idempotency key, Klarna's
 * correlation id and the outcome, failures included.
 */
export function OrderTimeline({
  events,
  currency,
  locale,
}: {
  events: AdminEventDTO[];
  currency: string;
  locale: string;
}) {
  if (events.length === 0) return <p className="text-sm text-stone-600">No events yet.</p>;
  return (
    <ol className="space-y-3" aria-label="Order timeline">
      {events.map((event) => (
        <li
          key={event.id}
          data-testid="timeline-event"
          className="rounded-lg border border-stone-200 bg-white p-3 text-sm"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="font-medium text-stone-900">
              {labelOf(event.type)}{' '}
              <span
                className={`ml-1 rounded-full px-2 py-0.5 text-xs font-medium ${
                  event.outcome === 'SUCCESS' ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 text-red-800'
                }`}
              >
                {event.outcome === 'SUCCESS' ? 'Succeeded' : 'Failed'}
              </span>
              {event.amount !== null ? (
                <span className="ml-2 tabular-nums text-stone-700">
                  {formatMoney(event.amount, currency, locale)}
                </span>
              ) : null}
            </p>
            <time dateTime={event.createdAt.toISOString()} className="text-xs text-stone-500">
              {dateTime(event.createdAt)}
            </time>
          </div>
          <p className="mt-1 text-xs text-stone-600">By {ACTORS[event.actor] ?? event.actor}</p>
          {event.message ? <p className="mt-1 text-stone-700">{event.message}</p> : null}
          {event.replays > 0 ? (
            <p className="mt-1 text-xs text-stone-600" data-testid="replay-note">
              Sent again {event.replays === 1 ? 'once' : `${event.replays} times`} with the same idempotency
              key (last {event.lastReplayAt ? dateTime(event.lastReplayAt) : 'time unknown'}); carried out
              once.
            </p>
          ) : null}
          {event.idempotencyKey || event.correlationId ? (
            <dl className="mt-2 grid gap-x-4 gap-y-0.5 text-xs text-stone-500 sm:grid-cols-[auto_1fr]">
              {event.idempotencyKey ? (
                <>
                  <dt>Idempotency key</dt>
                  <dd className="break-all font-mono">{event.idempotencyKey}</dd>
                </>
              ) : null}
              {event.correlationId ? (
                <>
                  <dt>Klarna correlation id</dt>
                  <dd className="break-all font-mono">{event.correlationId}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
