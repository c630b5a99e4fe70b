import { badValue, KlarnaError } from '../errors.js';
import type { CaptureRecord, OrderRecord } from '../store.js';
import { check, integer, object, type FieldPolicy } from '../validate.js';

/**
 * Extending a capture's payment due date (`extend-due-date-options`, `extend-due-date`). At Klarna
 * this is a paid feature whose fees are agreed per merchant; the emulator offers every capture of
 * a pay-later order the same table, once: 7, 14 or 28 more days for 1 % of what is still owed on
 * the capture per 7 days (at least 1 minor unit).
 */

export const DUE_DATE_EXTENSION_DAYS = [7, 14, 28] as const;

export interface DueDateOption {
  number_of_days: number;
  amount: number;
}

const extendDueDateSchema = object<{ number_of_days: number }>(
  { number_of_days: integer({ min: 1, max: 365 }) },
  { required: ['number_of_days'] },
);

const notPossible = (reason: string) =>
  new KlarnaError(403, 'NOT_ALLOWED', [`${reason} Extension of due date is not possible.`]);

/** Why the capture's due date cannot be extended, or undefined when it can. */
function refusal(order: OrderRecord, capture: CaptureRecord): string | undefined {
  if (order.status === 'CANCELLED') return 'The order is cancelled.';
  if (capture.dueDateExtensionDays !== undefined) return 'The due date was already extended.';
  if (capture.refunded_amount >= capture.captured_amount) return 'The capture is refunded in full.';
  return undefined;
}

/** `GET …/captures/{capture_id}/extend-due-date-options`: the table, empty when no extension is possible. */
export function dueDateOptions(
  order: OrderRecord,
  capture: CaptureRecord,
): { currency: string; options: DueDateOption[] } {
  const owed = capture.captured_amount - capture.refunded_amount;
  const options =
    refusal(order, capture) === undefined
      ? DUE_DATE_EXTENSION_DAYS.map((days) => ({
          number_of_days: days,
          amount: Math.max(1, Math.round((owed * days) / 700)),
        }))
      : [];
  // The spec's example spells the currency in lower case ("usd").
  return { currency: order.purchaseCurrency.toLowerCase(), options };
}

/** `PATCH …/captures/{capture_id}/extend-due-date` `{number_of_days}`: one of the offered options, once. */
export function extendDueDate(
  order: OrderRecord,
  capture: CaptureRecord,
  body: unknown,
  fields: FieldPolicy,
): void {
  const { value, issues } = check(extendDueDateSchema, body ?? {}, fields);
  if (issues.length > 0 || !value) throw badValue(issues.length > 0 ? issues : ['body']);
  const reason = refusal(order, capture);
  if (reason) throw notPossible(reason);
  if (!(DUE_DATE_EXTENSION_DAYS as readonly number[]).includes(value.number_of_days)) {
    throw notPossible(`${value.number_of_days} days is not one of the offered options.`);
  }
  capture.dueDateExtensionDays = value.number_of_days;
}
