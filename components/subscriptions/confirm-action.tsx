'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { keepTabInside } from '@/components/ui/keep-tab-inside';
import { REFUSAL_MESSAGE } from '@/components/ui/refusal-message';
import type { SubscriptionActionState } from '@/lib/actions/subscriptions';
import { useActionState, useEffect, useId, useRef, type ReactNode } from 'react';

type Action = (previous: SubscriptionActionState, formData: FormData) => Promise<SubscriptionActionState>;

const buttonClass = {
  open: 'rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm font-medium text-stone-900 hover:bg-stone-50 disabled:cursor-not-allowed disabled:opacity-60',
  primary:
    'rounded-lg bg-stone-900 px-3 py-2 text-sm font-semibold text-white hover:bg-stone-800 disabled:cursor-not-allowed disabled:opacity-60',
  danger:
    'rounded-lg bg-red-700 px-3 py-2 text-sm font-semibold text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-60',
  secondary:
    'rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm font-medium text-stone-800 hover:bg-stone-50',
};

/**
 * A button that asks before it acts: a native modal dialog (page behind inert, Tab kept inside,
 * Escape closes and focus returns to the button) saying
 * what will happen, and a form that runs the server action. The outcome is announced next to the
 * button once the dialog closes; a refusal stays in the dialog.
 */
export function ConfirmAction({
  action,
  subscriptionId,
  label,
  title,
  confirmLabel,
  pendingLabel,
  closeLabel = 'Close',
  danger = false,
  children,
}: {
  action: Action;
  subscriptionId: string;
  label: string;
  title: string;
  confirmLabel: string;
  pendingLabel: string;
  closeLabel?: string;
  danger?: boolean;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [state, formAction, pending] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, state && !state.ok ? state : null);

  useEffect(() => {
    if (state?.ok) dialog.current?.close();
  }, [state]);

  return (
    <div>
      <button
        type="button"
        className={buttonClass.open}
        aria-haspopup="dialog"
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </button>
      {/* Always rendered (never display:none), so the outcome is announced when it appears. */}
      <div role="status" aria-live="polite">
        {state?.ok ? (
          <p data-testid="subscription-action-outcome" className="mt-2 text-sm font-medium text-emerald-800">
            {state.message}
          </p>
        ) : null}
      </div>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onKeyDown={keepTabInside}
        className="m-auto w-full max-w-lg rounded-2xl border border-stone-200 bg-white p-6 text-stone-900 shadow-xl backdrop:bg-stone-900/40"
      >
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        <form ref={form} action={formAction} className="mt-3 space-y-4">
          <input type="hidden" name="subscriptionId" value={subscriptionId} />
          <div className="space-y-2 text-sm text-stone-700">{children}</div>
          <div aria-live="assertive">
            {state && !state.ok ? (
              <p
                data-testid="subscription-action-error"
                {...REFUSAL_MESSAGE}
                className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800"
              >
                {state.message}
              </p>
            ) : null}
          </div>
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass.secondary} onClick={() => dialog.current?.close()}>
              {closeLabel}
            </button>
            <button
              type="submit"
              className={danger ? buttonClass.danger : buttonClass.primary}
              disabled={pending}
            >
              {pending ? pendingLabel : confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
