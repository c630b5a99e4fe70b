import type { CaptureRecord, OrderRecord, RefundRecord } from '../store.js';
import type { Address } from '../types.js';
import { remainingAuthorized } from './lifecycle.js';
import { lineView } from './lines.js';

/** Order Management's response bodies, field for field as the spec's `MerchantOrderDto`, `Capture`, `Refund`. */

const iso = (epochMs: number) => new Date(epochMs).toISOString();

export function captureView(capture: CaptureRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    capture_id: capture.capture_id,
    klarna_reference: capture.klarna_reference,
    captured_amount: capture.captured_amount,
    captured_at: iso(capture.captured_at),
    description: capture.description,
    order_lines: capture.order_lines.map(lineView),
    refunded_amount: capture.refunded_amount,
  };
  if (capture.reference !== undefined) view.reference = capture.reference;
  if (capture.billing_address) view.billing_address = capture.billing_address;
  if (capture.shipping_address) view.shipping_address = capture.shipping_address;
  view.shipping_info = capture.shipping_info;
  return view;
}

export function refundView(refund: RefundRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    refund_id: refund.refund_id,
    refunded_amount: refund.refunded_amount,
    refunded_at: iso(refund.refunded_at),
    description: refund.description,
    order_lines: refund.order_lines.map(lineView),
  };
  if (refund.reference !== undefined) view.reference = refund.reference;
  return view;
}

function customerView(order: OrderRecord): Record<string, string> | undefined {
  const customer = order.customer;
  if (!customer?.date_of_birth && !customer?.national_identification_number) return undefined;
  const view: Record<string, string> = {};
  if (customer.date_of_birth) view.date_of_birth = customer.date_of_birth;
  if (customer.national_identification_number) {
    view.national_identification_number = customer.national_identification_number;
  }
  return view;
}

function withAddress(view: Record<string, unknown>, field: string, address: Address | undefined): void {
  if (address) view[field] = address;
}

/** `GET /ordermanagement/v1/orders/{order_id}`. */
export function orderView(order: OrderRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    order_id: order.orderId,
    status: order.status,
    fraud_status: order.fraudStatus,
    order_amount: order.orderAmount,
    original_order_amount: order.originalOrderAmount,
    captured_amount: order.capturedAmount,
    refunded_amount: order.refundedAmount,
    remaining_authorized_amount: remainingAuthorized(order),
    purchase_currency: order.purchaseCurrency,
    locale: order.locale,
    order_lines: order.orderLines.map(lineView),
  };
  if (order.merchantReference1 !== undefined) view.merchant_reference1 = order.merchantReference1;
  if (order.merchantReference2 !== undefined) view.merchant_reference2 = order.merchantReference2;
  if (order.merchantData !== undefined) view.merchant_data = order.merchantData;
  view.klarna_reference = order.klarnaReference;
  const customer = customerView(order);
  if (customer) view.customer = customer;
  withAddress(view, 'billing_address', order.billingAddress);
  withAddress(view, 'shipping_address', order.shippingAddress);
  view.created_at = iso(order.createdAt);
  view.purchase_country = order.purchaseCountry;
  view.expires_at = iso(order.expiresAt);
  view.captures = order.captures.map(captureView);
  view.refunds = order.refunds.map(refundView);
  view.shipping_info = order.shippingInfo;
  view.initial_payment_method = order.initialPaymentMethod;
  return view;
}
