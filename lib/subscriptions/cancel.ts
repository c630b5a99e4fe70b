import 'server-only';

import { applyTokenStatus, getTokenRef } from '@/lib/data/customer-tokens';
import { cancelSubscriptionRecord } from '@/lib/data/subscriptions';
import { cancelCustomerToken, isKlarnaError, type KlarnaCallOptions } from '@/lib/klarna';
import { fail, succeed, type Result } from '@/lib/result';
import { describeKlarnaError } from './klarna-token';

export type CancelResult = Result<
  { message: string; tokenCancelled: boolean },
  'not_found' | 'already_cancelled' | 'busy'
>;

const REFUSALS = {
  not_found: 'This subscription was not found.',
  already_cancelled: 'This subscription is already cancelled.',
  busy: 'This subscription is being renewed right now. Nothing was changed; try again in a minute.',
} as const;

/**
 * Cancels a subscription: first in the database, so no renewal starts after this (and none is in
 * flight: a subscription a renewal run holds is refused with "try again"); then, when no other
 * subscription uses its customer token, the token at Klarna, which withdraws the shopper's consent
 * to further charges. If Klarna cannot be reached the subscription stays cancelled and the renewal
 * job cancels the token later.
 *
 * With `userId`, only that shopper's own subscription can be cancelled.
 */
export async function cancelSubscription(
  input: { subscriptionId: string; userId?: string; actor: string },
  options: KlarnaCallOptions & { now?: () => Date } = {},
): Promise<CancelResult> {
  const now = options.now?.() ?? new Date();
  const cancelled = await cancelSubscriptionRecord({
    id: input.subscriptionId,
    ...(input.userId ? { userId: input.userId } : {}),
    now,
    reason: `Cancelled by ${input.actor}.`,
  });
  if (!cancelled.ok) return fail(cancelled.reason, REFUSALS[cancelled.reason]);
  if (cancelled.liveOnToken > 0) {
    return succeed({
      message: 'The subscription is cancelled. Nothing more will be charged for it.',
      tokenCancelled: false,
    });
  }

  const token = await getTokenRef(cancelled.tokenId);
  if (!token?.klarnaTokenId || token.status === 'CANCELLED') {
    return succeed({
      message: 'The subscription is cancelled. Nothing more will be charged for it.',
      tokenCancelled: false,
    });
  }
  try {
    await cancelCustomerToken({ region: token.region, customerToken: token.klarnaTokenId }, options);
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    // Klarna not knowing the token leaves nothing to cancel; anything else is retried by the job.
    if (error.status !== 404) {
      console.error(`cancelling customer token ${token.id} at Klarna failed: ${describeKlarnaError(error)}`);
      return succeed({
        message: 'The subscription is cancelled. Nothing more will be charged; Klarna will be told shortly.',
        tokenCancelled: false,
      });
    }
  }
  await applyTokenStatus({
    tokenId: token.id,
    status: 'CANCELLED',
    reason: `Cancelled at Klarna with its last subscription, by ${input.actor}.`,
    now,
    actor: input.actor,
  });
  return succeed({
    message: 'The subscription is cancelled and Klarna will not charge you for it again.',
    tokenCancelled: true,
  });
}
