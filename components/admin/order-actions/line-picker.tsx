'use client';

import { formatMoney } from '@/lib/money';
import { FieldError } from './action-dialog';
import type { ActionLine } from './types';

/**
 * The lines of an order with a quantity input each, for capturing or refunding by lines. `left`
 * says how many of each line may still be taken; inputs for lines with none left are disabled.
 */
export function LinePicker({
  lines,
  left,
  quantities,
  onChange,
  verb,
  currency,
  locale,
  fieldErrors,
}: {
  lines: ActionLine[];
  left: ReadonlyMap<number, number>;
  quantities: Record<number, string>;
  onChange: (position: number, value: string) => void;
  verb: 'capture' | 'refund';
  currency: string;
  locale: string;
  fieldErrors: Record<string, string>;
}) {
  const numberHeadings = [
    'Unit price',
    'Sold',
    verb === 'capture' ? 'Captured' : 'Refunded',
    'Left',
    'Quantity',
  ];
  return (
    <table className="mt-3 w-full text-sm">
      <caption className="sr-only">Lines to {verb}</caption>
      <thead>
        <tr className="text-left text-xs uppercase tracking-wide text-stone-500">
          <th scope="col" className="py-1 font-medium">
            Line
          </th>
          {numberHeadings.map((heading) => (
            <th key={heading} scope="col" className="py-1 text-right font-medium">
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const available = left.get(line.position) ?? 0;
          const field = `quantity-${line.position}`;
          const errorId = `${field}-error`;
          return (
            <tr key={line.position} className="border-t border-stone-100 align-top">
              <th scope="row" className="py-2 text-left font-normal">
                {line.name}
              </th>
              <td className="py-2 text-right tabular-nums">
                {formatMoney(line.unitPrice, currency, locale)}
              </td>
              <td className="py-2 text-right tabular-nums">{line.quantity}</td>
              <td className="py-2 text-right tabular-nums">
                {verb === 'capture' ? line.captured : line.refunded}
              </td>
              <td className="py-2 text-right tabular-nums">{available}</td>
              <td className="py-2 text-right">
                <label htmlFor={field} className="sr-only">
                  Quantity of {line.name} to {verb}
                </label>
                <input
                  id={field}
                  name={field}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={available}
                  step={1}
                  disabled={available === 0}
                  value={quantities[line.position] ?? ''}
                  placeholder="0"
                  onChange={(event) => onChange(line.position, event.target.value)}
                  aria-invalid={fieldErrors[field] ? true : undefined}
                  aria-describedby={fieldErrors[field] ? errorId : undefined}
                  className="w-20 rounded-lg border border-stone-300 px-2 py-1 text-right tabular-nums disabled:bg-stone-100 aria-invalid:border-red-600"
                />
                <FieldError id={errorId} message={fieldErrors[field]} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Staff's typed quantities as choices (blank = 0; anything not a number is passed on as NaN). */
export function choicesOf(quantities: Record<number, string>) {
  return Object.entries(quantities)
    .map(([position, text]) => ({
      position: Number(position),
      quantity: text.trim() === '' ? 0 : Number(text),
    }))
    .filter((choice) => choice.quantity !== 0);
}
