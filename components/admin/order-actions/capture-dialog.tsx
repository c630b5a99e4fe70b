'use client';

import { useFocusAfterRefusal } from '@/components/ui/focus-after-refusal';
import { captureOrderAction } from '@/lib/actions/admin-orders';
import { formatMoney, isCurrencyCode, parseMoneyInput } from '@/lib/money';
import { captureBasis, selectLines } from '@/lib/order-admin/line-selection';
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
import { captureBlocked } from './availability';
import { useReportOutcome } from './feedback';
import { choicesOf, LinePicker } from './line-picker';
import type { ActionOrder } from './types';

type Mode = 'remaining' | 'lines' | 'amount';

export function CaptureDialog({ order }: { order: ActionOrder }) {
  return (
    <ActionDialog
      label="Capture…"
      title={`Capture payment for order ${order.number}`}
      blockedReason={captureBlocked(order)}
    >
      <CaptureForm order={order} />
    </ActionDialog>
  );
}

function CaptureForm({ order }: { order: ActionOrder }) {
  const close = useCloseDialog();
  const report = useReportOutcome();
  const [state, formAction, pending] = useActionState(
    async (previous: Awaited<ReturnType<typeof captureOrderAction>>, formData: FormData) => {
      const result = await captureOrderAction(previous, formData);
      if (result?.ok) {
        close();
        report(result);
      }
      return result;
    },
    null,
  );
  const [mode, setMode] = useState<Mode>('remaining');
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [amountText, setAmountText] = useState('');
  const fmt = (amount: number) => formatMoney(amount, order.currency, order.locale);

  const basis = captureBasis(order.lines, new Map(order.lines.map((line) => [line.position, line.captured])));
  const chosen = mode === 'lines' ? selectLines(order.lines, basis, choicesOf(quantities), 'capture') : null;
  const typed =
    mode === 'amount' && isCurrencyCode(order.currency) ? parseMoneyInput(amountText, order.currency) : null;
  const amount =
    mode === 'remaining'
      ? order.remainingAmount
      : mode === 'lines'
        ? chosen?.ok
          ? chosen.amount
          : null
        : typed;
  const problem =
    mode === 'lines' && chosen && !chosen.ok
      ? chosen.message
      : amount !== null && amount > order.remainingAmount
        ? `Only ${fmt(order.remainingAmount)} is left to capture.`
        : null;
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const form = useRef<HTMLFormElement>(null);
  useFocusAfterRefusal(form, state && !state.ok ? state : null);
  const canSubmit = amount !== null && amount > 0 && problem === null && !pending;

  return (
    <form ref={form} action={formAction} noValidate className="mt-4 space-y-4">
      <input type="hidden" name="orderId" value={order.id} />
      <input type="hidden" name="expectedCapturedAmount" value={order.capturedAmount} />
      {mode !== 'amount' ? <input type="hidden" name="expectedAmount" value={amount ?? 0} /> : null}

      <ModeChoice
        legend="What to capture"
        options={[
          ['remaining', `Everything left (${fmt(order.remainingAmount)})`],
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
          verb="capture"
          currency={order.currency}
          locale={order.locale}
          fieldErrors={fieldErrors}
        />
      ) : null}

      {mode === 'amount' ? (
        <AmountField
          id="capture-amount"
          currency={order.currency}
          value={amountText}
          onChange={setAmountText}
          placeholder="120.50"
          error={fieldErrors.amount}
        />
      ) : null}

      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor="capture-carrier" className="block text-sm font-medium text-stone-800">
            Carrier <span className="font-normal text-stone-500">(optional)</span>
          </label>
          <input
            id="capture-carrier"
            name="shippingCompany"
            maxLength={100}
            placeholder="postnord"
            aria-invalid={fieldErrors.shippingCompany ? true : undefined}
            aria-describedby={fieldErrors.shippingCompany ? 'capture-carrier-error' : undefined}
            className={inputClass}
          />
          <FieldError id="capture-carrier-error" message={fieldErrors.shippingCompany} />
        </div>
        <div>
          <label htmlFor="capture-tracking" className="block text-sm font-medium text-stone-800">
            Tracking number <span className="font-normal text-stone-500">(optional)</span>
          </label>
          <input
            id="capture-tracking"
            name="trackingNumber"
            maxLength={100}
            aria-invalid={fieldErrors.trackingNumber ? true : undefined}
            aria-describedby={fieldErrors.trackingNumber ? 'capture-tracking-error' : undefined}
            className={inputClass}
          />
          <FieldError id="capture-tracking-error" message={fieldErrors.trackingNumber} />
        </div>
        <div>
          <label htmlFor="capture-tracking-uri" className="block text-sm font-medium text-stone-800">
            Tracking link <span className="font-normal text-stone-500">(optional)</span>
          </label>
          <input
            id="capture-tracking-uri"
            name="trackingUri"
            type="url"
            maxLength={1024}
            aria-invalid={fieldErrors.trackingUri ? true : undefined}
            aria-describedby={fieldErrors.trackingUri ? 'capture-tracking-uri-error' : undefined}
            className={inputClass}
          />
          <FieldError id="capture-tracking-uri-error" message={fieldErrors.trackingUri} />
        </div>
      </div>

      <BeforeAfter
        rows={[
          {
            label: 'Captured',
            before: fmt(order.capturedAmount),
            after: amount !== null ? fmt(order.capturedAmount + amount) : '—',
          },
          {
            label: 'Left to capture',
            before: fmt(order.remainingAmount),
            after: amount !== null ? fmt(Math.max(0, order.remainingAmount - amount)) : '—',
          },
        ]}
      />
      <FormProblem message={problem} />
      <FormError message={state && !state.ok ? state.message : undefined} />

      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={close}>
          Close
        </button>
        <button type="submit" className={buttonClass.primary} disabled={!canSubmit}>
          {pending ? 'Capturing…' : amount !== null && amount > 0 ? `Capture ${fmt(amount)}` : 'Capture'}
        </button>
      </div>
    </form>
  );
}
