import { badValue, KlarnaError } from '../errors.js';
import { newId } from '../ids.js';
import type { CaptureRecord, OrderRecord, RefundRecord, ShippingInfo } from '../store.js';
import type { OrderLine } from '../types.js';
import { check, type FieldPolicy, type Schema } from '../validate.js';
import { extendedExpiry, remainingAuthorized } from './lifecycle.js';
import { lineIssues } from './lines.js';
import {
  captureSchema,
  refundSchema,
  updateAuthorizationSchema,
  updateConsumerSchema,
  updateMerchantReferencesSchema,
  updateShippingInfoSchema,
  type CaptureRequest,
} from './schemas.js';

/**
 * The Order Management operations on one order (api-reference §4.3). Each validates its body
 * (400 `BAD_VALUE`), then checks the order's state (403 with Klarna's code and message), then
 * changes the order so that status and amounts are right after every call. The caller has
 * already found the order (404s) and brought it up to the clock (`refreshOrder`).
 */

const forbidden = (code: string, message: string) => new KlarnaError(403, code, [message]);
const notAllowed = (message: string) => forbidden('NOT_ALLOWED', message);

/** Markets where a refund may carry a return fee line (api-reference §4.3, DOC-OM-REFUND). */
const RETURN_FEE_COUNTRIES: ReadonlySet<string> = new Set([
  'AT',
  'DE',
  'DK',
  'FI',
  'FR',
  'NL',
  'NO',
  'SE',
  'IT',
  'ES',
  'IE',
  'PT',
  'CZ',
  'AU',
  'GR',
]);

function parse<T>(schema: Schema<T>, body: unknown, fields: FieldPolicy): T {
  const { value, issues } = check(schema, body ?? {}, fields);
  if (issues.length > 0 || value === undefined) throw badValue(issues.length > 0 ? issues : ['body']);
  return value;
}

function isOpen(order: OrderRecord): boolean {
  return order.status === 'AUTHORIZED' || order.status === 'PART_CAPTURED';
}

/** Adds a capture and moves the order to PART_CAPTURED or CAPTURED. Used by auto-capture too. */
export function addCapture(order: OrderRecord, request: CaptureRequest, now: number): CaptureRecord {
  const capture: CaptureRecord = {
    capture_id: newId(),
    klarna_reference: `${order.klarnaReference}-${order.captures.length + 1}`,
    captured_amount: request.captured_amount,
    captured_at: now,
    description: request.description ?? '',
    // The request was parsed into fresh objects that nothing else holds: no copy needed.
    order_lines: (request.order_lines ?? []) as OrderLine[],
    refunded_amount: 0,
    shipping_info: request.shipping_info ?? [],
  };
  if (request.reference !== undefined) capture.reference = request.reference;
  // Addresses are flat: a spread is a full copy, so a later customer-details update leaves the capture alone.
  if (order.billingAddress) capture.billing_address = { ...order.billingAddress };
  if (order.shippingAddress) capture.shipping_address = { ...order.shippingAddress };
  order.captures.push(capture);
  order.capturedAmount += request.captured_amount;
  order.status = order.capturedAmount >= order.orderAmount ? 'CAPTURED' : 'PART_CAPTURED';
  return capture;
}

/** `POST /orders/{id}/captures`. */
export function capture(order: OrderRecord, body: unknown, now: number, fields: FieldPolicy): CaptureRecord {
  const request = parse(captureSchema, body, fields);
  const issues = lineIssues(request.order_lines ?? [], request.captured_amount, 'captured_amount');
  if (issues.length > 0) throw badValue(issues);

  // A pending order waits for Klarna's fraud decision; a rejected one may still be captured
  // within the override window (until `refreshOrder` cancels it).
  if (order.fraudStatus === 'PENDING') {
    throw forbidden('CAPTURE_NOT_ALLOWED', 'Capture not allowed. The order is pending a fraud decision.');
  }
  if (!isOpen(order) || request.captured_amount > remainingAuthorized(order)) {
    throw forbidden('CAPTURE_NOT_ALLOWED', 'Capture not allowed');
  }
  return addCapture(order, request, now);
}

/** `POST /orders/{id}/refunds`: refunds are allocated to the captures, oldest first. */
export function refund(order: OrderRecord, body: unknown, now: number, fields: FieldPolicy): RefundRecord {
  const request = parse(refundSchema, body, fields);
  const lines = request.order_lines ?? [];
  const issues = lineIssues(lines, request.refunded_amount, 'refunded_amount');
  if (issues.length > 0) throw badValue(issues);

  if (order.captures.length === 0) {
    throw forbidden('REFUND_NOT_ALLOWED', 'Order has no captures. Refund not possible');
  }
  if (order.refundedAmount + request.refunded_amount > order.capturedAmount) {
    throw forbidden('REFUND_NOT_ALLOWED', 'Over refund is not allowed. Refund not possible.');
  }
  if (lines.some((line) => line.type === 'return_fee')) {
    const oneFullCapture = order.status === 'CAPTURED' && order.captures.length === 1;
    if (!oneFullCapture || !RETURN_FEE_COUNTRIES.has(order.purchaseCountry)) {
      throw forbidden(
        'REFUND_NOT_ALLOWED',
        'Return fee is only possible on an order captured in full in one capture, in a market that supports it. Refund not possible.',
      );
    }
  }

  const record: RefundRecord = {
    refund_id: newId(),
    refunded_amount: request.refunded_amount,
    refunded_at: now,
    description: request.description ?? '',
    order_lines: structuredClone(lines),
  };
  if (request.reference !== undefined) record.reference = request.reference;
  let unallocated = request.refunded_amount;
  for (const captured of order.captures) {
    const share = Math.min(unallocated, captured.captured_amount - captured.refunded_amount);
    captured.refunded_amount += share;
    unallocated -= share;
    if (unallocated === 0) break;
  }
  order.refunds.push(record);
  order.refundedAmount += request.refunded_amount;
  return record;
}

/** `POST /orders/{id}/cancel`: only an order with nothing captured. */
export function cancel(order: OrderRecord): void {
  if (order.status === 'EXPIRED') throw notAllowed('Order has expired. Cancel not possible.');
  if (order.captures.length > 0) {
    throw forbidden('CANCEL_NOT_ALLOWED', 'Order has previous captures. Cancel not possible.');
  }
  if (order.status === 'CANCELLED')
    throw forbidden('CANCEL_NOT_ALLOWED', 'Order is cancelled. Cancel not possible.');
  order.status = 'CANCELLED';
}

/**
 * `PATCH /orders/{id}/authorization`: a new amount and new lines (omitted lines are deleted, as at
 * Klarna). Not below what is captured; an increase needs a payment method that allows it, which
 * the emulator's invoice does everywhere except Switzerland.
 */
export function updateAuthorization(order: OrderRecord, body: unknown, fields: FieldPolicy): void {
  const request = parse(updateAuthorizationSchema, body, fields);
  const lines = request.order_lines ?? [];
  const issues = lineIssues(lines, request.order_amount, 'order_amount');
  if (issues.length > 0) throw badValue(issues);

  if (order.status === 'EXPIRED')
    throw notAllowed('Order has expired. Order authorization cannot be updated.');
  if (!isOpen(order)) throw notAllowed('Update not allowed.');
  if (request.order_amount < order.capturedAmount) {
    throw notAllowed(
      `Resulting authorization amount ${request.order_amount} cannot be less than the captured amount ${order.capturedAmount} for order. Order authorization cannot be updated`,
    );
  }
  if (request.order_amount > order.orderAmount && order.purchaseCountry === 'CH') {
    throw notAllowed('Update not allowed.');
  }
  order.orderAmount = request.order_amount;
  order.orderLines = structuredClone(lines) as OrderLine[];
  order.orderTaxAmount = lines.reduce(
    (sum, line) => sum + (line.type === 'sales_tax' ? line.total_amount : (line.total_tax_amount ?? 0)),
    0,
  );
  if (order.capturedAmount > 0 && order.capturedAmount >= order.orderAmount) order.status = 'CAPTURED';
}

/** `POST /orders/{id}/extend-authorization-time`. */
export function extendAuthorizationTime(order: OrderRecord, now: number): void {
  if (order.status === 'EXPIRED')
    throw notAllowed('Order has expired. Authorization time cannot be extended.');
  if (!isOpen(order)) throw notAllowed('Authorization time cannot be extended for this order.');
  order.expiresAt = extendedExpiry(order, now);
}

/**
 * `POST /orders/{id}/release-remaining-authorization`: a part-captured order gives up the rest and
 * becomes CLOSED (`remaining_authorized_amount` 0; `order_amount` keeps what was authorized).
 */
export function releaseRemainingAuthorization(order: OrderRecord): void {
  if (order.status === 'CAPTURED') {
    throw notAllowed('Order is fully captured. Remaining authorization cannot be released.');
  }
  if (order.status === 'AUTHORIZED' || order.status === 'CANCELLED') {
    throw notAllowed('Can not release when order is cancelled or has no captures.');
  }
  if (order.status !== 'PART_CAPTURED') {
    throw notAllowed('Order has no remaining authorization. Remaining authorization cannot be released.');
  }
  order.status = 'CLOSED';
}

/** `PATCH /orders/{id}/merchant-references`: fields present overwrite (`""` clears). */
export function updateMerchantReferences(order: OrderRecord, body: unknown, fields: FieldPolicy): void {
  const request = parse(updateMerchantReferencesSchema, body, fields);
  if (order.status === 'CANCELLED') throw notAllowed('Can not update a cancelled order.');
  if (request.merchant_reference1 !== undefined) order.merchantReference1 = request.merchant_reference1;
  if (request.merchant_reference2 !== undefined) order.merchantReference2 = request.merchant_reference2;
}

/** `PATCH /orders/{id}/customer-details`: only the shipping address can change. */
export function updateCustomerDetails(order: OrderRecord, body: unknown, fields: FieldPolicy): void {
  const request = parse(updateConsumerSchema, body, fields);
  if (request.billing_address) {
    throw notAllowed(
      'Billing address cannot be updated for user account order. Customer details cannot be updated.',
    );
  }
  if (order.status === 'CANCELLED') throw notAllowed('Can not update a cancelled order.');
  if (request.shipping_address) order.shippingAddress = structuredClone(request.shipping_address);
}

/** `POST /orders/{id}/shipping-info`. */
export function addOrderShippingInfo(order: OrderRecord, body: unknown, fields: FieldPolicy): void {
  const request = parse(updateShippingInfoSchema, body, fields);
  order.shippingInfo.push(...structuredClone(request.shipping_info));
}

export function findCapture(order: OrderRecord, captureId: string, failure: string): CaptureRecord {
  const found = order.captures.find((candidate) => candidate.capture_id === captureId);
  if (!found) throw new KlarnaError(404, 'NO_SUCH_CAPTURE', [failure]);
  return found;
}

/**
 * The capture a follow-up (shipping info, send-out) is for. The OM spec answers an order without
 * any capture 403 `NOT_ALLOWED` ("Order has no captures"), and an unknown capture 404.
 */
function captureToFollowUp(order: OrderRecord, captureId: string, consequence: string): CaptureRecord {
  if (order.captures.length === 0) throw notAllowed(`Order has no captures. ${consequence}`);
  return findCapture(order, captureId, `Capture could not be found. ${consequence}`);
}

/** `POST /orders/{id}/captures/{capture_id}/shipping-info`. */
export function addCaptureShippingInfo(
  order: OrderRecord,
  captureId: string,
  body: unknown,
  fields: FieldPolicy,
): void {
  const request = parse(updateShippingInfoSchema, body, fields);
  const found = captureToFollowUp(order, captureId, `Shipping info cannot be added to capture ${captureId}.`);
  const added: ShippingInfo[] = structuredClone(request.shipping_info);
  found.shipping_info.push(...added);
}

/** `POST /orders/{id}/captures/{capture_id}/trigger-send-out`: the emulator sends nothing. */
export function triggerSendOut(order: OrderRecord, captureId: string): void {
  captureToFollowUp(order, captureId, `Send out cannot be triggered for capture ${captureId}.`);
}
