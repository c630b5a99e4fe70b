'use server';

import { getCurrentUser, type SessionUser } from '@/lib/auth';
import { fail, succeed } from '@/lib/result';
import { cancelSubscription } from '@/lib/subscriptions/cancel';
import type { RenewOutcome } from '@/lib/subscriptions/renewals/charge';
import { chargeSubscriptionNow } from '@/lib/subscriptions/renewals/charge-now';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from './admin-action';
import { validatedAction, type ActionState } from './validated-action';

/** What a subscription form shows: one message. Never anything from Klarna but its messages. */
export type SubscriptionActionState = ActionState;

const subscriptionFormSchema = z.object({
  // Subscription ids are cuids; anything else never reaches the database.
  subscriptionId: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9]+$/),
});

const UNREADABLE: SubscriptionActionState = {
  ok: false,
  message: 'This subscription could not be read. Reload the page and try again.',
};

/** What every subscription form does alike: an unreadable id, an unexpected error. */
const formOptions = {
  onInvalid: () => Promise.resolve(UNREADABLE),
  failureMessage: 'Something went wrong and nothing was changed. Please try again in a moment.',
};

async function signedInShopper(): Promise<
  { ok: true; caller: SessionUser } | { ok: false; message: string }
> {
  const user = await getCurrentUser();
  return user ? { ok: true, caller: user } : { ok: false, message: 'Sign in to manage your subscriptions.' };
}

/** The shopper cancels one of their own subscriptions (and, with its last one, the Klarna token). */
export const cancelMySubscription = validatedAction(
  subscriptionFormSchema,
  ({ subscriptionId }, user) => cancelSubscription({ subscriptionId, userId: user.id, actor: user.email }),
  {
    ...formOptions,
    authorize: signedInShopper,
    logAs: 'cancelling a subscription',
    onDone: () => revalidatePath('/account/subscriptions'),
  },
);

/** The charge-now form: a period not yet due is charged only with the early box ticked. */
const chargeNowFormSchema = subscriptionFormSchema.extend({ early: z.literal('yes').optional() });

/** Staff: charge a subscription's next unpaid period now (re-checks the admin role itself). */
export const adminChargeSubscriptionNow = adminAction(
  chargeNowFormSchema,
  async ({ subscriptionId, early }, admin) => {
    const result = await chargeSubscriptionNow(
      { subscriptionId, requireDue: false, early: early === 'yes' },
      { actor: admin.email },
    );
    if (!result.ok) return result;
    const message = outcomeMessage(result);
    return result.outcome === 'charged' ? succeed({ message }) : fail(result.outcome, message);
  },
  {
    ...formOptions,
    logAs: 'charging a subscription',
    onDone: ({ subscriptionId }) => revalidateAdmin(subscriptionId),
  },
);

/** Staff: cancel a subscription (and, with its last one, the Klarna token). */
export const adminCancelSubscription = adminAction(
  subscriptionFormSchema,
  ({ subscriptionId }, admin) => cancelSubscription({ subscriptionId, actor: admin.email }),
  {
    ...formOptions,
    logAs: 'cancelling a subscription',
    onDone: ({ subscriptionId }) => revalidateAdmin(subscriptionId),
  },
);

function revalidateAdmin(subscriptionId: string): void {
  revalidatePath(`/admin/subscriptions/${subscriptionId}`);
  revalidatePath('/admin/subscriptions');
  revalidatePath('/admin/orders');
}

function outcomeMessage(outcome: RenewOutcome): string {
  switch (outcome.outcome) {
    case 'charged':
      return `Charged. ${outcome.message}`;
    case 'retrying':
    case 'past_due':
    case 'stopped':
      return `Not charged: ${outcome.message}`;
    case 'skipped':
      return `Nothing was charged: ${outcome.message}`;
  }
}
