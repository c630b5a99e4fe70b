import 'server-only';

import { klarnaRequest, type KlarnaCallOptions } from './client';
import type { KlarnaRegion } from './config';
import { requireIdempotencyKey } from './idempotency';
import {
  customerTokenOrderSchema,
  customerTokenSchema,
  type CustomerToken,
  type CustomerTokenOrder,
  type CustomerTokenOrderRequest,
  type CustomerTokenStatusUpdate,
} from './schemas/customer-token';

/* Klarna Customer Token API v1: charging a stored token (api-reference §5). */

/** Identifies a customer token and the region that issued it. */
export interface CustomerTokenRef {
  region: KlarnaRegion;
  customerToken: string;
}

function tokenPath(customerToken: string, suffix = ''): string {
  return `/customer-token/v1/tokens/${encodeURIComponent(customerToken)}${suffix}`;
}

/** Reads a token: payment method and status (`ACTIVE`, `SUSPENDED`, `CANCELLED`). */
export async function readCustomerToken(
  ref: CustomerTokenRef,
  options: KlarnaCallOptions = {},
): Promise<CustomerToken> {
  const { data } = await klarnaRequest({
    ...options,
    region: ref.region,
    method: 'GET',
    path: tokenPath(ref.customerToken),
    schema: customerTokenSchema,
  });
  return data;
}

/**
 * Charges a token (e.g. a subscription renewal). The idempotency key makes a retry safe: Klarna
 * replays the first answer instead of charging again. A declined charge throws a KlarnaError whose
 * `details` may hold `step_up_id`, `fraud_status` and `reason`.
 */
export async function createCustomerTokenOrder(
  ref: CustomerTokenRef & { order: CustomerTokenOrderRequest; idempotencyKey: string },
  options: KlarnaCallOptions = {},
): Promise<CustomerTokenOrder> {
  const { data } = await klarnaRequest({
    ...options,
    region: ref.region,
    method: 'POST',
    path: tokenPath(ref.customerToken, '/order'),
    body: ref.order,
    idempotencyKey: requireIdempotencyKey(ref.idempotencyKey),
    schema: customerTokenOrderSchema,
  });
  return data;
}

/** Cancels a token for good (cancelled tokens cannot be restored). Klarna answers 202. */
export async function cancelCustomerToken(
  ref: CustomerTokenRef,
  options: KlarnaCallOptions = {},
): Promise<void> {
  const body: CustomerTokenStatusUpdate = { status: 'CANCELLED' };
  await klarnaRequest({
    ...options,
    region: ref.region,
    method: 'PATCH',
    path: tokenPath(ref.customerToken, '/status'),
    body,
  });
}
