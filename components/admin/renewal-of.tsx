import type { RenewedSubscription } from '@/lib/data/order-list';
import Link from 'next/link';

/** For a renewal order: the subscription it charged and the period, linked to the subscription. */
export function RenewalOf({
  subscription,
  period,
}: {
  subscription: RenewedSubscription | null;
  period: number | null;
}) {
  if (!subscription || period === null) return null;
  return (
    <Link
      href={`/admin/subscriptions/${subscription.id}`}
      className="text-brand-700 underline-offset-2 hover:underline"
      data-testid="renewal-of"
    >
      Renewal of {subscription.name}, period {period}
    </Link>
  );
}
