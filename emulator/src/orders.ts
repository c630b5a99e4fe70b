import { fillPlaceholders } from './authorize.js';
import type { Emulator } from './emulator.js';
import { badValue, invalidOperation, notFound, notMatching } from './errors.js';
import { newId, newKlarnaReference } from './ids.js';
import { addressMismatches, orderLinesMismatches } from './matching.js';
import { arithmeticIssues, marketIssues } from './order-rules.js';
import { createOrderSchema, customerTokenCreationSchema } from './payments-schema.js';
import { personaFor } from './personas.js';
import { normalizeAddress, normalizeSessionData } from './sessions.js';
import type { AuthorizationRecord, CustomerTokenRecord, OrderRecord, SessionRecord } from './store.js';
import type { CreateOrderRequest, CustomerTokenCreationRequest, Region } from './types.js';
import { check, type FieldPolicy } from './validate.js';

/** Orders can be captured for 28 days by default (api-reference §4.3). */
export const ORDER_AUTHORIZATION_DAYS = 28;
const DAY_MS = 86_400_000;

/** Who is calling: the authorization must belong to the same region and API user. */
export interface Caller {
  region: Region;
  merchantId: string;
  origin: string;
}

/**
 * An authorization token that can still be used: it exists for this merchant, was not
 * cancelled or superseded, and is younger than 60 minutes. Otherwise Klarna's 404.
 */
function findUsableAuthorization(emulator: Emulator, token: string, caller: Caller): AuthorizationRecord {
  const authorization = emulator.store.authorizations.get(token);
  if (
    !authorization ||
    authorization.region !== caller.region ||
    authorization.merchantId !== caller.merchantId ||
    authorization.status !== 'active' ||
    emulator.clock.now() >= authorization.expiresAt
  ) {
    throw notFound('Invalid authorization token');
  }
  return authorization;
}

function sessionOf(emulator: Emulator, authorization: AuthorizationRecord): SessionRecord {
  const session = emulator.store.sessions.get(authorization.sessionId);
  if (!session) throw notFound('Invalid authorization token');
  return session;
}

/** Placing an order (or a tokenize intent's token) closes the session; its other tokens die with it. */
function completeSession(emulator: Emulator, session: SessionRecord, usedToken: string): void {
  session.status = 'complete';
  delete session.pendingFinalize;
  for (const authorization of emulator.store.authorizations.values()) {
    if (
      authorization.sessionId === session.id &&
      authorization.token !== usedToken &&
      authorization.status === 'active'
    ) {
      authorization.status = 'superseded';
    }
  }
}

function redirectUrl(emulator: Emulator, caller: Caller, target: string | undefined): string | undefined {
  if (!target) return undefined;
  const id = newId();
  emulator.store.redirects.set(id, target);
  return `${caller.origin}/kp/redirect/${id}`;
}

export interface PlacedOrder {
  order: OrderRecord;
  response: Record<string, unknown>;
}

/** `POST /payments/v1/authorizations/{token}/order`. */
export function placeOrder(
  emulator: Emulator,
  token: string,
  body: unknown,
  caller: Caller,
  fields: FieldPolicy,
): PlacedOrder {
  const authorization = findUsableAuthorization(emulator, token, caller);
  if (authorization.orderId) throw notFound('Invalid authorization token');
  if (authorization.intent === 'tokenize') {
    throw invalidOperation('Not allowed to create orders for intent tokenize.');
  }
  const session = sessionOf(emulator, authorization);

  const { value, issues } = check(createOrderSchema, body, fields);
  if (issues.length > 0 || !value) throw badValue(issues);
  const request: CreateOrderRequest = normalizeSessionData(value);
  const ruleIssues = [...marketIssues(request, caller.region), ...arithmeticIssues(request)];
  if (ruleIssues.length > 0) throw badValue(ruleIssues);

  const authorized = authorization.authorized;
  const mismatches: string[] = [];
  if (request.purchase_country !== authorized.purchase_country) mismatches.push('purchase_country');
  if (request.purchase_currency !== authorized.purchase_currency) mismatches.push('purchase_currency');
  if (request.order_amount !== authorized.order_amount) mismatches.push('order_amount');
  if (
    request.order_tax_amount !== undefined &&
    authorized.order_tax_amount !== undefined &&
    request.order_tax_amount !== authorized.order_tax_amount
  ) {
    mismatches.push('order_tax_amount');
  }
  mismatches.push(
    ...orderLinesMismatches(authorized.order_lines, request.order_lines),
    ...addressMismatches('billing_address', authorized.billing_address, request.billing_address),
    ...addressMismatches('shipping_address', authorized.shipping_address, request.shipping_address),
  );
  if (mismatches.length > 0) throw notMatching(mismatches);

  const now = emulator.clock.now();
  const persona = personaFor(authorization.email);
  const merchantUrls = { ...session.data.merchant_urls, ...request.merchant_urls };
  const orderId = newId();
  const order: OrderRecord = {
    orderId,
    region: caller.region,
    merchantId: caller.merchantId,
    sessionId: session.id,
    authorizationToken: token,
    klarnaReference: newKlarnaReference(),
    status: 'AUTHORIZED',
    fraudStatus: persona.pending ? 'PENDING' : 'ACCEPTED',
    purchaseCountry: request.purchase_country,
    purchaseCurrency: request.purchase_currency,
    locale: request.locale ?? authorized.locale,
    orderAmount: request.order_amount,
    originalOrderAmount: request.order_amount,
    orderTaxAmount: request.order_tax_amount ?? authorized.order_tax_amount ?? 0,
    capturedAmount: 0,
    refundedAmount: 0,
    orderLines: structuredClone(request.order_lines),
    billingAddress: structuredClone(request.billing_address ?? authorized.billing_address),
    shippingAddress: structuredClone(request.shipping_address ?? authorized.shipping_address),
    customer: structuredClone(request.customer ?? authorized.customer),
    merchantUrls,
    initialPaymentMethod: { type: 'INVOICE', description: 'Pay later' },
    email: authorization.email,
    createdAt: now,
    expiresAt: now + ORDER_AUTHORIZATION_DAYS * DAY_MS,
    captures: [],
    refunds: [],
    shippingInfo: [],
  };
  const reference1 = request.merchant_reference1 ?? authorized.merchant_reference1;
  const reference2 = request.merchant_reference2 ?? authorized.merchant_reference2;
  const merchantData = request.merchant_data ?? authorized.merchant_data;
  if (reference1 !== undefined) order.merchantReference1 = reference1;
  if (reference2 !== undefined) order.merchantReference2 = reference2;
  if (merchantData !== undefined) order.merchantData = merchantData;
  if (request.auto_capture) captureInFull(order, now);

  emulator.store.orders.set(orderId, order);
  authorization.orderId = orderId;
  completeSession(emulator, session, token);
  if (persona.pending) scheduleFraudDecision(emulator, order, persona.pending);

  const response: Record<string, unknown> = { order_id: orderId };
  const redirect = redirectUrl(
    emulator,
    caller,
    merchantUrls.confirmation &&
      fillPlaceholders(merchantUrls.confirmation, { sessionId: session.id, orderId }),
  );
  if (redirect) response.redirect_url = redirect;
  response.fraud_status = order.fraudStatus;
  response.authorized_payment_method = { type: 'invoice' };
  return { order, response };
}

/** `auto_capture: true`: the order is created and captured in full at once. */
function captureInFull(order: OrderRecord, now: number): void {
  order.captures.push({
    capture_id: newId(),
    klarna_reference: `${order.klarnaReference}-1`,
    captured_amount: order.orderAmount,
    captured_at: now,
    description: '',
    order_lines: structuredClone(order.orderLines),
    refunded_amount: 0,
    ...(order.billingAddress ? { billing_address: order.billingAddress } : {}),
    ...(order.shippingAddress ? { shipping_address: order.shippingAddress } : {}),
    shipping_info: [],
  });
  order.capturedAmount = order.orderAmount;
  order.status = 'CAPTURED';
}

/**
 * Pending personas (`+pend-accept-NN`, `+pend-reject-NN`): after NN minutes of emulator time the
 * fraud status is decided and the merchant is notified until it answers 2xx.
 */
export function scheduleFraudDecision(
  emulator: Emulator,
  order: OrderRecord,
  pending: { decision: 'ACCEPTED' | 'REJECTED'; afterMinutes: number },
): void {
  emulator.clock.scheduleAt(order.createdAt + pending.afterMinutes * 60_000, () =>
    decideFraud(emulator, order, pending.decision),
  );
}

/** Klarna's fraud decision on a pending order, notified to `merchant_urls.notification`; once only. */
export function decideFraud(emulator: Emulator, order: OrderRecord, decision: 'ACCEPTED' | 'REJECTED'): void {
  if (order.fraudStatus !== 'PENDING') return;
  order.fraudStatus = decision;
  const url = order.merchantUrls.notification;
  if (!url) return;
  emulator.callbacks.notification(
    fillPlaceholders(url, { sessionId: order.sessionId, orderId: order.orderId }),
    {
      order_id: order.orderId,
      event_type: decision === 'ACCEPTED' ? 'FRAUD_RISK_ACCEPTED' : 'FRAUD_RISK_REJECTED',
    },
  );
}

export interface CreatedToken {
  token: CustomerTokenRecord;
  response: Record<string, unknown>;
}

/** `POST /payments/v1/authorizations/{token}/customer-token`. */
export function createCustomerToken(
  emulator: Emulator,
  token: string,
  body: unknown,
  caller: Caller,
  fields: FieldPolicy,
): CreatedToken {
  const authorization = findUsableAuthorization(emulator, token, caller);
  if (authorization.customerTokenId) throw notFound('Invalid authorization token');
  if (authorization.intent === 'buy') {
    throw invalidOperation('Not allowed to create customer tokens for intent buy.');
  }
  const session = sessionOf(emulator, authorization);

  const { value, issues } = check(customerTokenCreationSchema, body, fields);
  if (issues.length > 0 || !value) throw badValue(issues);
  const request: CustomerTokenCreationRequest = normalizeSessionData(value);
  const ruleIssues = marketIssues(request, caller.region);
  const authorized = authorization.authorized;
  // Klarna: a token for another country than the session's is a bad purchase_country (§3.6 rule 10).
  if (request.purchase_country !== authorized.purchase_country) ruleIssues.push('purchase_country');
  if (ruleIssues.length > 0) throw badValue(ruleIssues);

  const mismatches: string[] = [];
  if (request.purchase_currency !== authorized.purchase_currency) mismatches.push('purchase_currency');
  const billing = request.billing_address && normalizeAddress(request.billing_address);
  mismatches.push(...addressMismatches('billing_address', authorized.billing_address, billing));
  if (mismatches.length > 0) throw notMatching(mismatches);

  const record: CustomerTokenRecord = {
    tokenId: newId(),
    status: 'ACTIVE',
    region: caller.region,
    merchantId: caller.merchantId,
    sessionId: session.id,
    authorizationToken: token,
    paymentMethodType: 'INVOICE',
    paymentMethodReference: newId(),
    purchaseCountry: request.purchase_country,
    purchaseCurrency: request.purchase_currency,
    locale: request.locale,
    description: request.description,
    intendedUse: request.intended_use,
    email: authorization.email,
    createdAt: emulator.clock.now(),
  };
  const billingAddress = structuredClone(billing ?? authorized.billing_address);
  const customer = structuredClone(request.customer ?? authorized.customer);
  if (billingAddress) record.billingAddress = billingAddress;
  if (customer) record.customer = customer;
  emulator.store.customerTokens.set(record.tokenId, record);
  authorization.customerTokenId = record.tokenId;
  if (authorization.intent === 'tokenize') completeSession(emulator, session, token);

  const response: Record<string, unknown> = { token_id: record.tokenId };
  if (billingAddress) response.billing_address = billingAddress;
  const customerView: Record<string, string> = {};
  if (customer?.date_of_birth) customerView.date_of_birth = customer.date_of_birth;
  if (customer?.gender) customerView.gender = customer.gender;
  response.customer = customerView;
  response.payment_method_reference = record.paymentMethodReference;
  const confirmation = request.merchant_urls?.confirmation ?? session.data.merchant_urls?.confirmation;
  const redirect = redirectUrl(
    emulator,
    caller,
    confirmation && fillPlaceholders(confirmation, { sessionId: session.id }),
  );
  if (redirect) response.redirect_url = redirect;
  return { token: record, response };
}

/** `DELETE /payments/v1/authorizations/{token}`: releases an authorization that was not used. */
export function cancelAuthorization(emulator: Emulator, token: string, caller: Caller): void {
  const authorization = findUsableAuthorization(emulator, token, caller);
  if (authorization.orderId || authorization.customerTokenId) throw notFound('Invalid authorization token');
  authorization.status = 'cancelled';
}
