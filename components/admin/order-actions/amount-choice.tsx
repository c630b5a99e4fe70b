'use client';

import { FieldError } from './action-dialog';

/** The text input style of the capture and refund forms. */
export const inputClass =
  'mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-sm shadow-sm focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700 aria-invalid:border-red-600';

/** Radio buttons for how much to capture or refund: everything, chosen lines, or an amount. */
export function ModeChoice<M extends string>({
  legend,
  options,
  mode,
  onChange,
}: {
  legend: string;
  options: readonly (readonly [value: M, text: string])[];
  mode: M;
  onChange: (mode: M) => void;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-stone-800">{legend}</legend>
      <div className="mt-2 space-y-1.5 text-sm">
        {options.map(([value, text]) => (
          <label key={value} className="flex items-center gap-2">
            <input
              type="radio"
              name="mode"
              value={value}
              checked={mode === value}
              onChange={() => onChange(value)}
            />
            {text}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A typed amount in the order's currency, posted as `amount`. */
export function AmountField({
  id,
  currency,
  value,
  onChange,
  placeholder,
  error,
}: {
  id: string;
  currency: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  error: string | undefined;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        Amount ({currency})
      </label>
      <input
        id={id}
        name="amount"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={inputClass}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
