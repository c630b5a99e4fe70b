'use client';

import type { FieldErrors } from '@/lib/actions/validated-action';
import { formatMoney, isCurrencyCode, readMoneyInput, type MoneyInputReading } from '@/lib/money';
import { captureBasis, refundBasis, selectLines } from '@/lib/order-admin/line-selection';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  BeforeAfter,
  DialogButtons,
  FormError,
  FormProblem,
  useDialogAction,
  type DialogAction,
} from './action-dialog';
import { choicesOf, LinePicker } from './line-picker';
import { TextField } from './text-field';
import type { ActionOrder } from './types';

type Verb = 'capture' | 'refund';

/** What differs, in words and posted fields, between capturing and refunding. */
const KINDS = {
  capture: {
    everything: 'remaining',
    everythingText: 'Everything left',
    expectedField: 'expectedCapturedAmount',
    placeholder: '120.50',
    doneLabel: 'Captured',
    leftLabel: 'Left to capture',
    overLimit: (left: string) => `Only ${left} is left to capture.`,
    button: 'Capture',
    pending: 'Capturing…',
    danger: false,
  },
  refund: {
    everything: 'all',
    everythingText: 'Everything refundable',
    expectedField: 'expectedRefundedAmount',
    placeholder: '25.00',
    doneLabel: 'Refunded',
    leftLabel: 'Still refundable',
    overLimit: (left: string) => `Only ${left} can be refunded.`,
    button: 'Refund',
    pending: 'Refunding…',
    danger: true,
  },
} as const;

type Mode = (typeof KINDS)[Verb]['everything'] | 'lines' | 'amount';

/** How much was captured (refunded) so far, how much is left, and how many of each line are left. */
function figuresOf(verb: Verb, order: ActionOrder) {
  const captured = new Map(order.lines.map((line) => [line.position, line.captured]));
  if (verb === 'capture') {
    return {
      done: order.capturedAmount,
      left: order.remainingAmount,
      basis: captureBasis(order.lines, captured),
    };
  }
  const refunded = new Map(order.lines.map((line) => [line.position, line.refunded]));
  return {
    done: order.refundedAmount,
    left: order.capturedAmount - order.refundedAmount,
    basis: refundBasis(order.lines, captured, refunded),
  };
}

/** A typed amount in the order's currency, or why it cannot be read. */
function readTyped(text: string, currency: string): MoneyInputReading {
  return isCurrencyCode(currency)
    ? readMoneyInput(text, currency)
    : { ok: false, message: `The shop cannot read amounts in ${currency}.` };
}

/**
 * The capture or refund form: everything left, chosen lines or a typed amount; the action's own
 * fields (`fields`, given the refused fields' errors); what changes; and the button, which names the
 * amount. A typed amount that cannot be read, or is above what is left, is refused next to the
 * field (once staff have typed something, or on submitting) and never sent; the server refuses it
 * too.
 */
export function AmountForm({
  verb,
  action,
  order,
  fields,
}: {
  verb: Verb;
  action: DialogAction;
  order: ActionOrder;
  fields: (fieldErrors: FieldErrors) => ReactNode;
}) {
  const kind = KINDS[verb];
  const { form, formAction, pending, refusal } = useDialogAction(action);
  const [mode, setMode] = useState<Mode>(kind.everything);
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [amountText, setAmountText] = useState('');
  /** Submitting shows the amount's problem even before anything was typed. */
  const [submitted, setSubmitted] = useState(false);
  const amountInput = useRef<HTMLInputElement>(null);
  const fmt = (amount: number) => formatMoney(amount, order.currency, order.locale);
  const { done, left, basis } = figuresOf(verb, order);

  const chosen = mode === 'lines' ? selectLines(order.lines, basis, choicesOf(quantities), verb) : null;
  const typed = mode === 'amount' ? readTyped(amountText, order.currency) : null;
  const amountProblem = !typed
    ? null
    : !typed.ok
      ? typed.message
      : typed.amount === 0
        ? `Enter an amount above ${fmt(0)}.`
        : typed.amount > left
          ? kind.overLimit(fmt(left))
          : null;
  const shownAmountProblem = amountText.trim() !== '' || submitted ? amountProblem : null;
  const amount =
    mode === kind.everything
      ? left
      : mode === 'lines'
        ? chosen?.ok
          ? chosen.amount
          : null
        : typed?.ok && amountProblem === null
          ? typed.amount
          : null;
  const linesProblem = mode === 'lines' && chosen && !chosen.ok ? chosen.message : null;
  const fieldErrors = refusal?.fieldErrors ?? {};
  const canSubmit = mode === 'amount' ? !pending : amount !== null && amount > 0 && !pending;

  const refuseUnreadable = (event: FormEvent<HTMLFormElement>) => {
    if (mode !== 'amount' || amountProblem === null) return;
    event.preventDefault();
    setSubmitted(true);
    amountInput.current?.focus();
  };

  return (
    <form ref={form} action={formAction} onSubmit={refuseUnreadable} noValidate className="mt-4 space-y-4">
      <input type="hidden" name="orderId" value={order.id} />
      <input type="hidden" name={kind.expectedField} value={done} />
      {mode !== 'amount' ? <input type="hidden" name="expectedAmount" value={amount ?? 0} /> : null}

      <ModeChoice
        legend={`What to ${verb}`}
        options={[
          [kind.everything, `${kind.everythingText} (${fmt(left)})`],
          ['lines', 'Chosen lines'],
          ['amount', 'An amount'],
        ]}
        mode={mode}
        onChange={setMode}
      />

      {mode === 'lines' ? (
        <LinePicker
          lines={order.lines}
          left={basis.left}
          quantities={quantities}
          onChange={(position, value) => setQuantities((current) => ({ ...current, [position]: value }))}
          verb={verb}
          currency={order.currency}
          locale={order.locale}
          fieldErrors={fieldErrors}
        />
      ) : null}

      {mode === 'amount' ? (
        <TextField
          ref={amountInput}
          id={`${verb}-amount`}
          name="amount"
          label={`Amount (${order.currency})`}
          inputMode="decimal"
          autoComplete="off"
          value={amountText}
          onChange={(event) => setAmountText(event.target.value)}
          placeholder={kind.placeholder}
          hint="A decimal point or comma, without thousands separators."
          error={shownAmountProblem ?? fieldErrors.amount}
          announceError
        />
      ) : null}

      {fields(fieldErrors)}

      <BeforeAfter
        rows={[
          {
            label: kind.doneLabel,
            before: fmt(done),
            after: amount !== null ? fmt(done + amount) : '—',
          },
          {
            label: kind.leftLabel,
            before: fmt(left),
            after: amount !== null ? fmt(Math.max(0, left - amount)) : '—',
          },
        ]}
      />
      <FormProblem message={linesProblem} />
      <FormError message={refusal?.message} />
      <DialogButtons
        label={
          pending
            ? kind.pending
            : amount !== null && amount > 0
              ? `${kind.button} ${fmt(amount)}`
              : kind.button
        }
        danger={kind.danger}
        disabled={!canSubmit}
      />
    </form>
  );
}

/** Radio buttons for how much to capture or refund: everything, chosen lines, or an amount. */
function ModeChoice<M extends string>({
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
