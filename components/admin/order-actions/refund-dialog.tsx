'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { refundOrderAction } from '@/lib/actions/admin-orders';
import { formatMoney, isCurrencyCode, parseMoneyInput } from '@/lib/money';
import { refundBasis, selectLines } from '@/lib/order-admin/line-selection';
import { useActionState, useRef, useState } from 'react';
import {
  ActionDialog,
  BeforeAfter,
  buttonClass,
  FieldError,
  FormError,
  FormProblem,
  useCloseDialog,
} from './action-dialog';
import { AmountField, inputClass, ModeChoice } from './amount-choice';
import { refundBlocked } from './availability';
import { useReportOutcome } from './feedback';
import { choicesOf, LinePicker } from './line-picker';
import type { ActionOrder } from './types';

type Mode = 'all' | 'lines' | 'amount';

export function RefundDialog({ order }: { order: ActionOrder }) {
  return (
    <ActionDialog label="Refund…" title={`Refund order ${order.number}`} blockedReason={refundBlocked(order)}>
      <RefundForm order={order} />
    </ActionDialog>
  );
}

function RefundForm({ order }: { order: ActionOrder }) {
  const close = useCloseDialog();
  const report = useReportOutcome();
  const [state, formAction, pending] = useActionState(
    async (previous: Awaited<ReturnType<typeof refundOrderAction>>, formData: FormData) => {
      const result = await refundOrderAction(previous, formData);
      if (result?.ok) {
        close();
        report(result);
      }
      return result;
    },
    null,
  );
  const [mode, setMode] = useState<Mode>('all');
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [amountText, setAmountText] = useState('');
  const fmt = (amount: number) => formatMoney(amount, order.currency, order.locale);
  const refundable = order.capturedAmount - order.refundedAmount;

  const basis = refundBasis(
    order.lines,
    new Map(order.lines.map((line) => [line.position, line.captured])),
    new Map(order.lines.map((line) => [line.position, line.refunded])),
  );
  const chosen = mode === 'lines' ? selectLines(order.lines, basis, choicesOf(quantities), 'refund') : null;
  const typed =
    mode === 'amount' && isCurrencyCode(order.currency) ? parseMoneyInput(amountText, order.currency) : null;
  const amount = mode === 'all' ? refundable : mode === 'lines' ? (chosen?.ok ? chosen.amount : null) : typed;
  const problem =
    mode === 'lines' && chosen && !chosen.ok
      ? chosen.message
      : amount !== null && amount > refundable
        ? `Only ${fmt(refundable)} can be refunded.`
        : null;
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, state && !state.ok ? state : null);
  const canSubmit = amount !== null && amount > 0 && problem === null && !pending;

  return (
    <form ref={form} action={formAction} noValidate className="mt-4 space-y-4">
      <input type="hidden" name="orderId" value={order.id} />
      <input type="hidden" name="expectedRefundedAmount" value={order.refundedAmount} />
      {mode !== 'amount' ? <input type="hidden" name="expectedAmount" value={amount ?? 0} /> : null}

      <ModeChoice
        legend="What to refund"
        options={[
          ['all', `Everything refundable (${fmt(refundable)})`],
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
          verb="refund"
          currency={order.currency}
          locale={order.locale}
          fieldErrors={fieldErrors}
        />
      ) : null}

      {mode === 'amount' ? (
        <AmountField
          id="refund-amount"
          currency={order.currency}
          value={amountText}
          onChange={setAmountText}
          placeholder="25.00"
          error={fieldErrors.amount}
        />
      ) : null}

      <div>
        <label htmlFor="refund-reason" className="block text-sm font-medium text-stone-800">
          Reason
        </label>
        <input
          id="refund-reason"
          name="reason"
          required
          maxLength={255}
          placeholder="Returned by the customer"
          aria-invalid={fieldErrors.reason ? true : undefined}
          aria-describedby={fieldErrors.reason ? 'refund-reason-error' : 'refund-reason-hint'}
          className={inputClass}
        />
        <p id="refund-reason-hint" className="mt-1 text-xs text-stone-500">
          Sent to Klarna with the refund and kept on the timeline.
        </p>
        <FieldError id="refund-reason-error" message={fieldErrors.reason} />
      </div>

      <BeforeAfter
        rows={[
          {
            label: 'Refunded',
            before: fmt(order.refundedAmount),
            after: amount !== null ? fmt(order.refundedAmount + amount) : '—',
          },
          {
            label: 'Still refundable',
            before: fmt(refundable),
            after: amount !== null ? fmt(Math.max(0, refundable - amount)) : '—',
          },
        ]}
      />
      <FormProblem message={problem} />
      <FormError message={state && !state.ok ? state.message : undefined} />

      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={close}>
          Close
        </button>
        <button type="submit" className={buttonClass.danger} disabled={!canSubmit}>
          {pending ? 'Refunding…' : amount !== null && amount > 0 ? `Refund ${fmt(amount)}` : 'Refund'}
        </button>
      </div>
    </form>
  );
}
