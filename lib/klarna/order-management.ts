import 'server-only';

import { klarnaRequest, type KlarnaCallOptions, type KlarnaResponse } from './client';
import type { KlarnaRegion } from './config';
import { KlarnaError } from './errors';
import { requireIdempotencyKey } from './idempotency';
import {
  captureListSchema,
  captureSchema,
  merchantOrderSchema,
  refundSchema,
  type Capture,
  type CaptureRequest,
  type MerchantOrder,
  type Refund,
  type RefundRequest,
  type ShippingInfo,
  type UpdateAuthorization,
  type UpdateMerchantReferences,
} from './schemas/order-management';

/** Klarna keeps an order's authorization for 28 days unless extended (api-reference §4.3). */
export const AUTHORIZATION_DAYS = 28;

/*
 * Klarna Order Management API v1 (api-reference §4). Every write takes an idempotency key: callers
 * derive it from the order, the action and the cumulative state, so a retry (ours or theirs) can
 * never capture or refund twice.
 */

/** Identifies a Klarna order: its id and the region it was placed in. */
export interface OrderRef {
  region: KlarnaRegion;
  orderId: string;
}

/** A write to an order; the key is sent as `Klarna-Idempotency-Key`. */
export interface OrderWrite extends OrderRef {
  idempotencyKey: string;
}

/** What Klarna answers to a capture: ids from the headers (the 201 has no body). */
export interface CaptureCreated {
  captureId: string;
  location: string | null;
  correlationId: string | null;
}

export interface RefundCreated {
  refundId: string;
  location: string | null;
  correlationId: string | null;
}

function orderPath(orderId: string, suffix = ''): string {
  return `/ordermanagement/v1/orders/${encodeURIComponent(orderId)}${suffix}`;
}

/** Reads the order as Klarna sees it: status, amounts, captures, refunds. Re-read before acting. */
export async function getOrder(ref: OrderRef, options: KlarnaCallOptions = {}): Promise<MerchantOrder> {
  const { data } = await klarnaRequest({
    ...options,
    region: ref.region,
    method: 'GET',
    path: orderPath(ref.orderId),
    schema: merchantOrderSchema,
  });
  return data;
}

/** Captures (part of) the authorized amount; `captured_amount` may not exceed what remains. */
export async function captureOrder(
  write: OrderWrite & { capture: CaptureRequest },
  options: KlarnaCallOptions = {},
): Promise<CaptureCreated> {
  const response = await orderWrite(write, 'POST', '/captures', write.capture, options);
  const captureId = response.captureId ?? lastSegment(response.location);
  return {
    captureId: requireCreatedId(captureId, 'Capture-Id', write),
    location: response.location,
    correlationId: response.correlationId,
  };
}

/** Lists the order's captures. */
export async function listCaptures(ref: OrderRef, options: KlarnaCallOptions = {}): Promise<Capture[]> {
  const { data } = await klarnaRequest({
    ...options,
    region: ref.region,
    method: 'GET',
    path: orderPath(ref.orderId, '/captures'),
    schema: captureListSchema,
  });
  return data;
}

/** Reads one capture. */
export async function getCapture(
  ref: OrderRef & { captureId: string },
  options: KlarnaCallOptions = {},
): Promise<Capture> {
  const { data } = await klarnaRequest({
    ...options,
    region: ref.region,
    method: 'GET',
    path: orderPath(ref.orderId, `/captures/${encodeURIComponent(ref.captureId)}`),
    schema: captureSchema,
  });
  return data;
}

/** Refunds (part of) the captured amount; refunds in total may not exceed captures. */
export async function refundOrder(
  write: OrderWrite & { refund: RefundRequest },
  options: KlarnaCallOptions = {},
): Promise<RefundCreated> {
  const response = await orderWrite(write, 'POST', '/refunds', write.refund, options);
  const refundId = response.refundId ?? lastSegment(response.location);
  return {
    refundId: requireCreatedId(refundId, 'Refund-Id', write),
    location: response.location,
    correlationId: response.correlationId,
  };
}

/** Reads one refund (there is no list endpoint; the order carries `refunds`). */
export async function getRefund(
  ref: OrderRef & { refundId: string },
  options: KlarnaCallOptions = {},
): Promise<Refund> {
  const { data } = await klarnaRequest({
    ...options,
    region: ref.region,
    method: 'GET',
    path: orderPath(ref.orderId, `/refunds/${encodeURIComponent(ref.refundId)}`),
    schema: refundSchema,
  });
  return data;
}

/** Cancels an order that has no captures; the whole authorization is released. */
export async function cancelOrder(write: OrderWrite, options: KlarnaCallOptions = {}): Promise<void> {
  await orderWrite(write, 'POST', '/cancel', undefined, options);
}

/** Pushes `expires_at` out by the account's authorization period (not after expiry). */
export async function extendAuthorizationTime(
  write: OrderWrite,
  options: KlarnaCallOptions = {},
): Promise<void> {
  await orderWrite(write, 'POST', '/extend-authorization-time', undefined, options);
}

/** Gives up the uncaptured rest of a partly captured order. */
export async function releaseRemainingAuthorization(
  write: OrderWrite,
  options: KlarnaCallOptions = {},
): Promise<void> {
  await orderWrite(write, 'POST', '/release-remaining-authorization', undefined, options);
}

/** Overwrites the merchant references that are present (`""` clears one). */
export async function updateMerchantReferences(
  write: OrderWrite & { references: UpdateMerchantReferences },
  options: KlarnaCallOptions = {},
): Promise<void> {
  await orderWrite(write, 'PATCH', '/merchant-references', write.references, options);
}

/**
 * Changes the authorized amount and lines. Klarna replaces the lines (omitting them deletes them)
 * and may refuse an increase after a new risk check.
 */
export async function updateAuthorization(
  write: OrderWrite & { authorization: UpdateAuthorization },
  options: KlarnaCallOptions = {},
): Promise<void> {
  await orderWrite(write, 'PATCH', '/authorization', write.authorization, options);
}

/** Tells Klarna the order reached the merchant's system. */
export async function acknowledgeOrder(write: OrderWrite, options: KlarnaCallOptions = {}): Promise<void> {
  await orderWrite(write, 'POST', '/acknowledge', undefined, options);
}

/** Appends tracking details to the order. */
export async function addShippingInfo(
  write: OrderWrite & { shippingInfo: ShippingInfo[] },
  options: KlarnaCallOptions = {},
): Promise<void> {
  await orderWrite(write, 'POST', '/shipping-info', { shipping_info: write.shippingInfo }, options);
}

function orderWrite(
  write: OrderWrite,
  method: 'POST' | 'PATCH',
  suffix: string,
  body: unknown,
  options: KlarnaCallOptions,
): Promise<KlarnaResponse<undefined>> {
  return klarnaRequest({
    ...options,
    region: write.region,
    method,
    path: orderPath(write.orderId, suffix),
    body,
    idempotencyKey: requireIdempotencyKey(write.idempotencyKey),
  });
}

function lastSegment(location: string | null): string | null {
  const segment = location?.replace(/\/+$/, '').split('/').pop();
  return segment ? decodeURIComponent(segment) : null;
}

/**
 * A 201 without the new id cannot be recorded. The write did happen, so the caller should retry
 * with the same idempotency key (Klarna replays the answer) or re-read the order.
 */
function requireCreatedId(id: string | null, header: string, write: OrderWrite): string {
  if (id) return id;
  throw new KlarnaError({
    status: 201,
    code: 'INVALID_RESPONSE',
    messages: [`${header} and Location headers missing`],
    correlationId: null,
    region: write.region,
    method: 'POST',
    path: orderPath(write.orderId),
  });
}
