'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { keepTabInside } from '@/components/ui/keep-tab-inside';
import { REFUSAL_MESSAGE } from '@/components/ui/refusal-message';
import type { ActionState } from '@/lib/actions/validated-action';
import {
  createContext,
  useActionState,
  useCallback,
  useContext,
  useId,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useReportOutcome } from './feedback';

export const buttonClass = {
  primary:
    'rounded-lg bg-stone-900 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-stone-800 disabled:cursor-not-allowed disabled:opacity-50',
  danger:
    'rounded-lg bg-red-700 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50',
  secondary:
    'rounded-lg bg-white px-3 py-2 text-sm font-medium text-stone-800 ring-1 ring-inset ring-stone-300 hover:bg-stone-50 disabled:cursor-not-allowed disabled:opacity-50',
};

const CloseDialogContext = createContext<() => void>(() => {});

/** Closes the dialog the calling form is in. */
export function useCloseDialog(): () => void {
  return useContext(CloseDialogContext);
}

export type DialogAction = (previous: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * Runs the action of the form in a dialog. Once it succeeds the dialog closes and its outcome is
 * reported beside the actions; a refusal stays in the dialog and takes focus (`form` goes on the
 * <form>).
 */
export function useDialogAction(action: DialogAction) {
  const close = useCloseDialog();
  const report = useReportOutcome();
  const [state, formAction, pending] = useActionState(async (previous: ActionState, formData: FormData) => {
    const result = await action(previous, formData);
    if (result?.ok) {
      close();
      report(result);
    }
    return result;
  }, null);
  const refusal = state && !state.ok ? state : null;
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, refusal);
  return { form, formAction, pending, refusal };
}

/**
 * A button that opens a modal dialog (the native <dialog>: the page behind is inert, Escape closes
 * it and focus returns to the button; Tab cycles inside it).
 * When the action is not possible the button is disabled and says why. The body is re-created on
 * every opening (`key`), so a dialog never shows the previous attempt's figures or messages.
 */
export function ActionDialog({
  label,
  title,
  blockedReason,
  children,
}: {
  label: string;
  title: string;
  blockedReason: string | null;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [opened, setOpened] = useState(0);
  const titleId = useId();
  const reasonId = useId();
  const close = useCallback(() => dialog.current?.close(), []);
  return (
    <div>
      <button
        type="button"
        className={buttonClass.secondary}
        disabled={blockedReason !== null}
        aria-haspopup="dialog"
        aria-describedby={blockedReason ? reasonId : undefined}
        onClick={() => {
          setOpened((count) => count + 1);
          dialog.current?.showModal();
        }}
      >
        {label}
      </button>
      {blockedReason ? (
        <p id={reasonId} className="mt-1 max-w-56 text-xs text-stone-500">
          {blockedReason}
        </p>
      ) : null}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onKeyDown={keepTabInside}
        className="m-auto w-full max-w-2xl rounded-2xl border border-stone-200 bg-white p-0 text-stone-900 shadow-xl backdrop:bg-stone-900/40"
      >
        <div className="max-h-[85vh] overflow-y-auto p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {opened > 0 ? (
            <CloseDialogContext.Provider value={close}>
              <div key={opened}>{children}</div>
            </CloseDialogContext.Provider>
          ) : null}
        </div>
      </dialog>
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm font-medium text-red-700">
      {message}
    </p>
  );
}

/** The form-level refusal or failure, shown in the dialog. */
export function FormError({ message }: { message: string | undefined }) {
  return (
    <div aria-live="assertive">
      {message ? (
        <p
          role="alert"
          {...REFUSAL_MESSAGE}
          className="mt-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800"
        >
          {message}
        </p>
      ) : null}
    </div>
  );
}

/** A problem found while staff fill the form (e.g. more than is left), read out when it appears. */
export function FormProblem({ message }: { message: string | null }) {
  return (
    <div aria-live="polite">
      {message ? <p className="text-sm font-medium text-red-700">{message}</p> : null}
    </div>
  );
}

/** The foot of a dialog's form: Close, and the button that does the action. */
export function DialogButtons({
  label,
  danger = false,
  disabled,
}: {
  label: string;
  danger?: boolean;
  disabled: boolean;
}) {
  const close = useCloseDialog();
  return (
    <div className="flex justify-end gap-2">
      <button type="button" className={buttonClass.secondary} onClick={close}>
        Close
      </button>
      <button type="submit" className={danger ? buttonClass.danger : buttonClass.primary} disabled={disabled}>
        {label}
      </button>
    </div>
  );
}

/** Amounts before and after, so staff see exactly what the action will do. */
export function BeforeAfter({ rows }: { rows: { label: string; before: string; after: string }[] }) {
  return (
    <table className="mt-4 w-full text-sm">
      <caption className="sr-only">What changes</caption>
      <thead>
        <tr className="text-left text-xs uppercase tracking-wide text-stone-500">
          <td />
          <th scope="col" className="py-1 text-right font-medium">
            Now
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            After
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label} className="border-t border-stone-100">
            <th scope="row" className="py-1.5 text-left font-normal text-stone-700">
              {row.label}
            </th>
            <td className="py-1.5 text-right tabular-nums">{row.before}</td>
            <td className="py-1.5 text-right font-semibold tabular-nums">{row.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
