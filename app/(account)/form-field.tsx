import { REFUSAL_MESSAGE } from '@/components/ui/refusal-message';
import type { InputHTMLAttributes, ReactNode } from 'react';

interface FormFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

/** A labelled input whose error message is announced and tied to the input for screen readers. */
export function FormField({ name, label, error, hint, ...input }: FormFieldProps) {
  const describedBy =
    [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      <input
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 shadow-sm outline-none transition focus:border-brand-700 focus:ring-2 focus:ring-brand-700 aria-invalid:border-red-600"
        {...input}
      />
      {hint && !error ? (
        <p id={`${name}-hint`} className="text-sm text-stone-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${name}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The form-level message (wrong password, duplicate email, …), read out when it appears; focus
 * moves to it when no field is to blame (useFocusAfterRefusal).
 */
export function FormMessage({ message }: { message?: string }) {
  return (
    <div aria-live="polite" className="min-h-0">
      {message ? (
        <p
          {...REFUSAL_MESSAGE}
          className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800"
        >
          {message}
        </p>
      ) : null}
    </div>
  );
}

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main
      id="main"
      tabIndex={-1}
      className="focus:outline-none mx-auto flex w-full max-w-md flex-col px-4 py-12 sm:py-20"
    >
      <div className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="mb-6 text-2xl font-semibold tracking-tight text-stone-900">{title}</h1>
        {children}
      </div>
    </main>
  );
}
