'use server';

import { removeDraftOrder, saveDraftOrder } from '@/lib/payment-links/drafts';
import { disablePaymentLink, resendPaymentLink, sendPaymentLink } from '@/lib/payment-links/links';
import { draftFormToInput, draftIdSchema, draftOrderSchema } from '@/lib/validations/draft-orders';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { adminAction } from './admin-action';
import type { ActionState } from './validated-action';

/*
 * Staff actions on draft orders and their Klarna payment links, for `useActionState` forms. Each
 * checks the admin role, validates with zod and runs one use-case from lib/payment-links.
 */

const FAILURE_MESSAGE =
  'Something went wrong and nothing may have been done. Reload the draft before trying again.';

function refreshDrafts(draftId?: string) {
  revalidatePath('/admin/drafts');
  if (draftId) revalidatePath(`/admin/drafts/${draftId}`);
}

/** Saves a draft; a new one opens on its own page. */
export async function saveDraftAction(previous: ActionState, formData: FormData): Promise<ActionState> {
  let savedId: string | undefined;
  const save = adminAction(
    draftOrderSchema,
    async (input, admin) => {
      const result = await saveDraftOrder(input, admin.email);
      if (result.ok) savedId = result.draftId;
      return result;
    },
    {
      readForm: draftFormToInput,
      onDone: (input) => refreshDrafts(input.draftId),
      failureMessage: FAILURE_MESSAGE,
      logAs: 'save draft',
    },
  );
  const state = await save(previous, formData);
  if (!formData.get('draftId') && savedId) redirect(`/admin/drafts/${savedId}`);
  return state;
}

export const sendLinkAction = adminAction(
  draftIdSchema,
  (input, admin) => sendPaymentLink(input.draftId, admin.email),
  {
    onDone: (input) => refreshDrafts(input.draftId),
    failureMessage: FAILURE_MESSAGE,
    logAs: 'send payment link',
  },
);

export const resendLinkAction = adminAction(
  draftIdSchema,
  (input, admin) => resendPaymentLink(input.draftId, admin.email),
  {
    onDone: (input) => refreshDrafts(input.draftId),
    failureMessage: FAILURE_MESSAGE,
    logAs: 'resend payment link',
  },
);

export const disableLinkAction = adminAction(
  draftIdSchema,
  (input, admin) => disablePaymentLink(input.draftId, admin.email),
  {
    onDone: (input) => refreshDrafts(input.draftId),
    failureMessage: FAILURE_MESSAGE,
    logAs: 'disable payment link',
  },
);

const deleteDraft = adminAction(
  draftIdSchema,
  (input, admin) => removeDraftOrder(input.draftId, admin.email),
  {
    onDone: () => refreshDrafts(),
    failureMessage: FAILURE_MESSAGE,
    logAs: 'delete draft',
  },
);

/** Deletes a draft and goes back to the list. */
export async function deleteDraftAction(previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await deleteDraft(previous, formData);
  if (state?.ok) redirect('/admin/drafts');
  return state;
}
