import 'server-only';

import { klarnaRequest, type KlarnaCallOptions } from './client';
import { regionForPurchaseCountry, type KlarnaRegion } from './config';
import {
  customerTokenCreationResponseSchema,
  merchantSessionSchema,
  paymentsOrderSchema,
  sessionReadSchema,
  type CreateOrderRequest,
  type CustomerTokenCreationRequest,
  type CustomerTokenCreationResponse,
  type MerchantSession,
  type PaymentsOrder,
  type SessionCreateRequest,
  type SessionRead,
  type SessionUpdateRequest,
} from './schemas/payments';

/* Klarna Payments API v1: sessions, authorizations and orders (api-reference §3). */

const segment = encodeURIComponent;

/** A created session with the region it lives in: later calls for it must go to the same region. */
export type CreatedSession = MerchantSession & { region: KlarnaRegion };

/**
 * Opens a payment session in the region of `session.purchase_country`. The `client_token` is the
 * only part the browser may see.
 */
export async function createSession(
  session: SessionCreateRequest,
  options: KlarnaCallOptions = {},
): Promise<CreatedSession> {
  const region = regionForPurchaseCountry(session.purchase_country);
  const { data } = await klarnaRequest({
    ...options,
    region,
    method: 'POST',
    path: '/payments/v1/sessions',
    body: session,
    schema: merchantSessionSchema,
  });
  return { ...data, region };
}

/** Reads a session: its status, current cart and, once the shopper has authorized, the token. */
export async function readSession(
  region: KlarnaRegion,
  sessionId: string,
  options: KlarnaCallOptions = {},
): Promise<SessionRead> {
  const { data } = await klarnaRequest({
    ...options,
    region,
    method: 'GET',
    path: `/payments/v1/sessions/${segment(sessionId)}`,
    schema: sessionReadSchema,
  });
  return data;
}

/** Replaces session fields (typically the cart); Klarna validates the result as a new session. */
export async function updateSession(
  region: KlarnaRegion,
  sessionId: string,
  session: SessionUpdateRequest,
  options: KlarnaCallOptions = {},
): Promise<void> {
  await klarnaRequest({
    ...options,
    region,
    method: 'POST',
    path: `/payments/v1/sessions/${segment(sessionId)}`,
    body: session,
  });
}

/**
 * Turns an authorization into a Klarna order. The body must repeat the authorized cart and
 * addresses exactly (409 `BAD_VALUE` otherwise); the token is single-use and valid for 60 minutes.
 * Never retried automatically: Klarna offers no idempotency key here, so the caller reconciles.
 */
export async function placeOrder(
  authorizationToken: string,
  order: CreateOrderRequest,
  options: KlarnaCallOptions = {},
): Promise<PaymentsOrder> {
  const { data } = await klarnaRequest({
    ...options,
    region: regionForPurchaseCountry(order.purchase_country),
    method: 'POST',
    path: `/payments/v1/authorizations/${segment(authorizationToken)}/order`,
    body: order,
    schema: paymentsOrderSchema,
  });
  return data;
}

/** Cancels an authorization that will not become an order, releasing the shopper's credit. */
export async function cancelAuthorization(
  region: KlarnaRegion,
  authorizationToken: string,
  options: KlarnaCallOptions = {},
): Promise<void> {
  await klarnaRequest({
    ...options,
    region,
    method: 'DELETE',
    path: `/payments/v1/authorizations/${segment(authorizationToken)}`,
  });
}

/**
 * Creates a customer token (for later charges) from an authorization of a `tokenize` or
 * `buy_and_tokenize` session.
 */
export async function createCustomerToken(
  authorizationToken: string,
  request: CustomerTokenCreationRequest,
  options: KlarnaCallOptions = {},
): Promise<CustomerTokenCreationResponse> {
  const { data } = await klarnaRequest({
    ...options,
    region: regionForPurchaseCountry(request.purchase_country),
    method: 'POST',
    path: `/payments/v1/authorizations/${segment(authorizationToken)}/customer-token`,
    body: request,
    schema: customerTokenCreationResponseSchema,
  });
  return data;
}
