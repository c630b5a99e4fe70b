'use server';

import { getCurrentUser } from '@/lib/auth';
import { cancelSubscription } from '@/lib/subscriptions/cancel';
import type { RenewOutcome } from '@/lib/subscriptions/renewals/charge';
import { chargeSubscriptionNow } from '@/lib/subscriptions/renewals/charge-now';
import { isForm } from '@/lib/validations/form';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';

/** What a subscription form shows: one message. Never anything from Klarna but its messages. */
export type SubscriptionActionState = { ok: boolean; message: string } | null;

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
const FAILED: SubscriptionActionState = {
  ok: false,
  message: 'Something went wrong and nothing was changed. Please try again in a moment.',
};
const NOT_ALLOWED_MESSAGE = 'Only staff signed in with an admin account can do this.';

function parseId(formData: unknown): string | null {
  if (!isForm(formData)) return null;
  const parsed = subscriptionFormSchema.safeParse({
    subscriptionId: formData.get('subscriptionId') ?? undefined,
  });
  return parsed.success ? parsed.data.subscriptionId : null;
}

/** The shopper cancels one of their own subscriptions (and, with its last one, the Klarna token). */
export async function cancelMySubscription(
  _previous: SubscriptionActionState,
  formData: FormData,
): Promise<SubscriptionActionState> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, message: 'Sign in to manage your subscriptions.' };
  const subscriptionId = parseId(formData);
  if (!subscriptionId) return UNREADABLE;
  let result;
  try {
    result = await cancelSubscription({ subscriptionId, userId: user.id, actor: user.email });
  } catch (error) {
    console.error('cancelling a subscription failed', error);
    return FAILED;
  }
  revalidatePath('/account/subscriptions');
  return { ok: result.ok, message: result.message };
}

/** Staff: charge a subscription's next unpaid period now (re-checks the admin role itself). */
export async function adminChargeSubscriptionNow(
  _previous: SubscriptionActionState,
  formData: FormData,
): Promise<SubscriptionActionState> {
  const admin = await getCurrentUser();
  if (admin?.role !== 'ADMIN') return { ok: false, message: NOT_ALLOWED_MESSAGE };
  const subscriptionId = parseId(formData);
  if (!subscriptionId) return UNREADABLE;
  let result;
  try {
    result = await chargeSubscriptionNow({ subscriptionId, requireDue: false }, { actor: admin.email });
  } catch (error) {
    console.error('charging a subscription failed', error);
    return FAILED;
  }
  revalidateAdmin(subscriptionId);
  if (!result.ok) return { ok: false, message: result.message };
  return { ok: result.outcome.kind === 'charged', message: outcomeMessage(result.outcome) };
}

/** Staff: cancel a subscription (and, with its last one, the Klarna token). */
export async function adminCancelSubscription(
  _previous: SubscriptionActionState,
  formData: FormData,
): Promise<SubscriptionActionState> {
  const admin = await getCurrentUser();
  if (admin?.role !== 'ADMIN') return { ok: false, message: NOT_ALLOWED_MESSAGE };
  const subscriptionId = parseId(formData);
  if (!subscriptionId) return UNREADABLE;
  let result;
  try {
    result = await cancelSubscription({ subscriptionId, actor: admin.email });
  } catch (error) {
    console.error('cancelling a subscription failed', error);
    return FAILED;
  }
  revalidateAdmin(subscriptionId);
  return { ok: result.ok, message: result.message };
}

function revalidateAdmin(subscriptionId: string): void {
  revalidatePath(`/admin/subscriptions/${subscriptionId}`);
  revalidatePath('/admin/subscriptions');
  revalidatePath('/admin/orders');
}

function outcomeMessage(outcome: RenewOutcome): string {
  switch (outcome.kind) {
    case 'charged':
      return `Charged. ${outcome.message}`;
    case 'retrying':
      return `Not charged: ${outcome.message}`;
    case 'past_due':
      return `Not charged: ${outcome.message}`;
    case 'stopped':
      return `Not charged: ${outcome.message}`;
    case 'skipped':
      return `Nothing was charged: ${outcome.message}`;
  }
}
