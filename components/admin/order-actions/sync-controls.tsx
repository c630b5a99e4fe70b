'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { REFUSAL_MESSAGE } from '@/components/ui/refusal-message';
import { syncOrderAction } from '@/lib/actions/admin-orders';
import type { ActionState } from '@/lib/actions/validated-action';
import { useActionState, useEffect, useRef, useState, useTransition } from 'react';
import { buttonClass } from './action-dialog';

/** "Sync from Klarna": re-reads the order and records any difference on the timeline. */
export function SyncButton({ orderId }: { orderId: string }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(syncOrderAction, null);
  const refused = state !== null && !state.ok;
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, refused ? state : null);
  return (
    <form ref={form} action={formAction} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="orderId" value={orderId} />
      <button type="submit" className={buttonClass.secondary} disabled={pending}>
        {pending ? 'Syncing…' : 'Sync from Klarna'}
      </button>
      <p
        role="status"
        {...(refused ? REFUSAL_MESSAGE : {})}
        className={`text-sm ${refused ? 'text-red-700' : 'text-stone-600'}`}
      >
        {state?.message ?? ''}
      </p>
    </form>
  );
}

/**
 * Re-reads the order from Klarna once, right after the page opens, when the local copy is older
 * than a few minutes; the page then refreshes with what Klarna said.
 */
export function AutoSync({ orderId, due }: { orderId: string; due: boolean }) {
  const started = useRef(false);
  const [message, setMessage] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  useEffect(() => {
    if (!due || started.current) return;
    started.current = true;
    const form = new FormData();
    form.set('orderId', orderId);
    startTransition(async () => {
      setMessage('Checking Klarna for changes…');
      const result = await syncOrderAction(null, form);
      setMessage(result?.ok ? `Checked with Klarna: ${result.message}` : (result?.message ?? null));
    });
  }, [due, orderId]);
  if (!message) return null;
  return (
    <p role="status" data-testid="auto-sync" className="text-xs text-stone-500">
      {message}
    </p>
  );
}
