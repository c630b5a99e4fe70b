import 'server-only';

import { newClaimId } from '@/lib/data/claims';
import { applyTokenStatus } from '@/lib/data/customer-tokens';
import {
  getSubscriptionForCharge,
  leaseSubscription,
  releaseLeases,
  resumeSubscription,
  type DueSubscriptionDTO,
} from '@/lib/data/subscriptions';
import { isKlarnaError, readCustomerToken } from '@/lib/klarna';
import { fail, succeed, type Result } from '@/lib/result';
import { systemClock } from '../clock';
import { describeKlarnaError } from '../klarna-token';
import type { RenewOutcome } from './charge';
import { renewalLeaseUntil, renewSubscriptions, type RenewalOptions } from './runner';

/** Why nothing was charged: the subscription is unknown, or cannot be charged now. */
export type ChargeNowRefusal =
  'not_found' | 'cancelled' | 'not_chargeable' | 'not_due' | 'busy' | 'token_not_active';

/** What the run came to (charged, or why not), or why the subscription was not run at all. */
export type ChargeNowResult = Result<RenewOutcome, ChargeNowRefusal>;

const CANCELLED_MESSAGE = 'This subscription is cancelled; nothing was charged.';

/**
 * Charges one subscription's next unpaid period now. `requireDue` (the scheduler route) refuses a
 * period that is not due yet; without it (staff), a past-due or held charge and a suspended
 * subscription whose token Klarna reactivated may be charged, and a period whose due date is still
 * ahead only when staff confirmed charging it early (`early`). A cancelled subscription is never
 * charged.
 */
export async function chargeSubscriptionNow(
  input: { subscriptionId: string; requireDue: boolean; early?: boolean },
  options: RenewalOptions = {},
): Promise<ChargeNowResult> {
  const now = await (options.clock ?? systemClock)();
  const subscription = await getSubscriptionForCharge(input.subscriptionId);
  if (!subscription) return fail('not_found', 'This subscription does not exist.');
  if (subscription.status === 'CANCELLED') {
    return fail('cancelled', CANCELLED_MESSAGE);
  }
  if (!input.requireDue && !input.early && subscription.nextChargeAt > now) {
    return fail(
      'not_due',
      `Period ${subscription.nextPeriod} is not due until ${subscription.nextChargeAt.toISOString().slice(0, 10)}; nothing was charged. Confirm charging it early to go ahead.`,
    );
  }
  if (input.requireDue) {
    if (subscription.status !== 'ACTIVE' || !subscription.nextAttemptAt) {
      return fail(
        'not_chargeable',
        `This subscription is ${subscription.status.toLowerCase().replace('_', ' ')}; nothing was charged.`,
      );
    }
    if (subscription.nextAttemptAt > now) {
      return fail(
        'not_due',
        `This subscription is not due until ${subscription.nextAttemptAt.toISOString()}; nothing was charged.`,
      );
    }
  } else if (subscription.status === 'SUSPENDED' || subscription.customerToken.status === 'SUSPENDED') {
    const resumed = await resumeIfTokenActive(subscription, now, options);
    if (!resumed.ok) return resumed;
  }

  const leaseId = newClaimId();
  const leased = await leaseSubscription({
    id: subscription.id,
    now,
    leaseId,
    leaseUntil: renewalLeaseUntil(now, options),
  });
  if (!leased) {
    return fail('busy', 'A renewal of this subscription is running right now. Try again in a minute.');
  }
  try {
    // Read again under the lease: a cancellation may have landed in between.
    const fresh = await getSubscriptionForCharge(subscription.id);
    if (!fresh || fresh.status === 'CANCELLED') {
      return fail('cancelled', CANCELLED_MESSAGE);
    }
    const outcomes = await renewSubscriptions([fresh], { now, force: !input.requireDue, options });
    const outcome = outcomes.get(fresh.id) ?? { outcome: 'skipped', message: 'Nothing was charged.' };
    return succeed(outcome);
  } finally {
    await releaseLeases([leaseId]);
  }
}

/** A suspended subscription may be charged again once Klarna reports its token active. */
async function resumeIfTokenActive(
  subscription: DueSubscriptionDTO,
  now: Date,
  options: RenewalOptions,
): Promise<Result<object, 'token_not_active'>> {
  const token = subscription.customerToken;
  if (!token.klarnaTokenId)
    return fail('token_not_active', 'This subscription has no customer token to charge.');
  let status;
  try {
    status = (await readCustomerToken({ region: token.region, customerToken: token.klarnaTokenId }, options))
      .status;
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return fail(
      'token_not_active',
      `Klarna could not confirm the customer token (${describeKlarnaError(error)}); nothing was charged.`,
    );
  }
  const actor = options.actor ?? 'renewal-job';
  if (status !== 'ACTIVE') {
    await applyTokenStatus({
      tokenId: token.id,
      status,
      reason: `Klarna reports the customer token ${status.toLowerCase()}.`,
      now,
      actor,
    });
    return fail(
      'token_not_active',
      `Klarna still reports the customer token ${status.toLowerCase()}; nothing was charged.`,
    );
  }
  await applyTokenStatus({ tokenId: token.id, status: 'ACTIVE', reason: null, now, actor });
  await resumeSubscription(subscription.id);
  return succeed({});
}
