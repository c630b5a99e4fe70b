'use client';

import { FormMessage } from '@/components/ui/form-message';
import {
  deleteDraftAction,
  disableLinkAction,
  resendLinkAction,
  sendLinkAction,
} from '@/lib/actions/draft-orders';
import type { ActionState } from '@/lib/actions/validated-action';
import { useActionState } from 'react';
import { buttonClass } from './order-actions/action-dialog';

type DraftAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** One button that runs a staff action on the draft and says how it went. */
function DraftButton({
  draftId,
  action,
  label,
  busy,
  variant,
}: {
  draftId: string;
  action: DraftAction;
  label: string;
  busy: string;
  variant: keyof typeof buttonClass;
}) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(action, null);
  const messageId = `${label.replace(/\W+/g, '-').toLowerCase()}-message`;
  return (
    <form action={formAction} className="flex flex-col gap-1">
      <input type="hidden" name="draftId" value={draftId} />
      <button type="submit" className={buttonClass[variant]} disabled={pending} aria-describedby={messageId}>
        {pending ? busy : label}
      </button>
      <FormMessage id={messageId} message={state?.message ?? null} tone={state?.ok ? 'success' : 'error'} />
    </form>
  );
}

/** Send a new link, send the open one again, stop it, or delete the draft. */
export function DraftLinkActions({ draftId, hasOpenLink }: { draftId: string; hasOpenLink: boolean }) {
  return (
    <div className="flex flex-wrap items-start gap-3">
      <DraftButton
        draftId={draftId}
        action={sendLinkAction}
        label={hasOpenLink ? 'Send a new link' : 'Send payment link'}
        busy="Sending…"
        variant="primary"
      />
      {hasOpenLink ? (
        <>
          <DraftButton
            draftId={draftId}
            action={resendLinkAction}
            label="Send again"
            busy="Sending…"
            variant="secondary"
          />
          <DraftButton
            draftId={draftId}
            action={disableLinkAction}
            label="Disable link"
            busy="Disabling…"
            variant="secondary"
          />
        </>
      ) : null}
      <DraftButton
        draftId={draftId}
        action={deleteDraftAction}
        label="Delete draft"
        busy="Deleting…"
        variant="danger"
      />
    </div>
  );
}
