import type { SubscriptionStatus } from '@/lib/data/subscriptions';
import { SUBSCRIPTION_STATUS_LABELS, subscriptionStatusClasses } from './format';

export function SubscriptionStatusBadge({ status }: { status: SubscriptionStatus }) {
  return (
    <span className={subscriptionStatusClasses(status)} data-testid="subscription-status">
      {SUBSCRIPTION_STATUS_LABELS[status]}
    </span>
  );
}
