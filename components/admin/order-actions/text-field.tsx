'use client';

import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { FieldError } from './action-dialog';

/** The text input style of the order action forms. */
export const inputClass =
  'mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-sm shadow-sm focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700 disabled:bg-stone-100 aria-invalid:border-red-600';

/**
 * A labelled text input with its hint and its error: the error, when there is one, is what the
 * input's description reads out (else the hint). With `announceError`, an error that appears while
 * staff type (e.g. an amount above what is left) is also read out as it appears.
 */
export function TextField({
  ref,
  id,
  label,
  optional = false,
  hint,
  error,
  announceError = false,
  ...input
}: {
  id: string;
  label: ReactNode;
  optional?: boolean;
  hint?: string;
  error: string | undefined;
  announceError?: boolean;
  ref?: Ref<HTMLInputElement>;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'aria-invalid' | 'aria-describedby'>) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
        {optional ? (
          <>
            {' '}
            <span className="font-normal text-stone-500">(optional)</span>
          </>
        ) : null}
      </label>
      <input
        ref={ref}
        id={id}
        {...input}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : hint ? hintId : undefined}
        className={inputClass}
      />
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-stone-500">
          {hint}
        </p>
      ) : null}
      {announceError ? (
        // Always there, so that a screen reader hears what appears in it.
        <div aria-live="polite">
          <FieldError id={errorId} message={error} />
        </div>
      ) : (
        <FieldError id={errorId} message={error} />
      )}
    </div>
  );
}
