import type { Emulator } from './emulator.js';
import { badValue, KlarnaError } from './errors.js';
import { newId, newKlarnaReference } from './ids.js';
import { DAY_MS } from './order-management/lifecycle.js';
import { addCapture } from './order-management/operations.js';
import { arithmeticIssues } from './order-rules.js';
import type { Caller } from './orders.js';
import { ORDER_AUTHORIZATION_DAYS } from './orders.js';
import { addressSchema, orderLineSchema } from './payments-schema.js';
import { personaFor } from './personas.js';
import type { CustomerTokenRecord, OrderRecord } from './store.js';
import type { Address, Attachment, OrderLine } from './types.js';
import { array, boolean, check, integer, object, string, type FieldPolicy, type Schema } from './validate.js';

/**
 * Customer Token API v1 (api-reference §5): read a token, charge it (which places an order that
 * Order Management then manages), cancel it. Tokens belong to the region and API user that
 * created them; to anyone else they do not exist.
 */

interface CustomerTokenOrderRequest {
  order_amount: number;
  order_lines: OrderLine[];
  purchase_currency: string;
  order_tax_amount?: number;
  auto_capture?: boolean;
  merchant_reference1?: string;
  merchant_reference2?: string;
  merchant_data?: string;
  merchant_urls?: { confirmation: string; push?: string };
  shipping_address?: Address;
  attachment?: Attachment;
  step_up?: 'SUPPORTED' | 'NOT_SUPPORTED';
}

/** The CT spec's line caps amounts at 100 000 000 where Klarna Payments allows 200 000 000. */
const CT_MAX_AMOUNT = 100_000_000;

const ctOrderLine: Schema<OrderLine> = (value, path, issues, unknown) => {
  const line = orderLineSchema(value, path, issues, unknown) as OrderLine | undefined;
  if (line) {
    if (Math.abs(line.unit_price) > CT_MAX_AMOUNT) issues.push(`${path}.unit_price`);
    if (Math.abs(line.total_amount) > CT_MAX_AMOUNT) issues.push(`${path}.total_amount`);
  }
  return line;
};

const merchantUrl = string({ max: 2000 });

/** `customer_token_order`. `locale` and `purchase_country` appear in Klarna's guide; they are accepted and ignored. */
const customerTokenOrderSchema: Schema<CustomerTokenOrderRequest> = object(
  {
    order_amount: integer({ min: 1 }),
    order_lines: array(ctOrderLine, { min: 1, max: 1000 }),
    purchase_currency: string({ pattern: /^[A-Za-z]{3}$/ }),
    order_tax_amount: integer({ min: 0 }),
    auto_capture: boolean(),
    merchant_reference1: string({ max: 255 }),
    merchant_reference2: string({ max: 255 }),
    merchant_data: string({ max: 6000 }),
    merchant_urls: object({ confirmation: merchantUrl, push: merchantUrl }, { required: ['confirmation'] }),
    shipping_address: addressSchema,
    attachment: object({ body: string(), content_type: string() }, { required: ['body', 'content_type'] }),
    step_up: string({ enum: ['SUPPORTED', 'NOT_SUPPORTED'] }),
  },
  {
    required: ['order_amount', 'order_lines', 'purchase_currency'],
    ignored: ['usage', 'locale', 'purchase_country'],
  },
);

/** `customer_token_status_change_request`: Klarna only lets a merchant cancel a token. */
const tokenStatusSchema = object({ status: string({ enum: ['CANCELLED'] }) }, { required: ['status'] });

/** The caller's token, or undefined when it does not exist for this caller. */
export function findToken(
  emulator: Emulator,
  tokenId: string,
  caller: Caller,
): CustomerTokenRecord | undefined {
  const token = emulator.store.customerTokens.get(tokenId);
  if (!token || token.region !== caller.region || token.merchantId !== caller.merchantId) return undefined;
  return token;
}

/** `GET /customer-token/v1/tokens/{token}`. */
export function tokenView(token: CustomerTokenRecord): Record<string, unknown> {
  return { payment_method_type: token.paymentMethodType, status: token.status };
}

/** `POST /customer-token/v1/tokens/{token}/order`: charges the token and places an order. */
export function chargeToken(
  emulator: Emulator,
  tokenId: string,
  body: unknown,
  caller: Caller,
  fields: FieldPolicy,
): { order: OrderRecord; response: Record<string, unknown> } {
  const token = findToken(emulator, tokenId, caller);
  if (!token) throw new KlarnaError(404, 'TOKEN_NOT_FOUND', ['Customer token not found']);
  if (token.status === 'CANCELLED')
    throw new KlarnaError(403, 'TOKEN_CANCELED', ['Customer token is cancelled']);
  if (token.status === 'SUSPENDED')
    throw new KlarnaError(403, 'TOKEN_SUSPENDED', ['Customer token is suspended']);

  const { value: request, issues } = check(customerTokenOrderSchema, body ?? {}, fields);
  if (issues.length > 0 || !request) throw badValue(issues);
  const ruleIssues = arithmeticIssues({
    purchase_country: token.purchaseCountry,
    purchase_currency: request.purchase_currency,
    order_amount: request.order_amount,
    order_tax_amount: request.order_tax_amount,
    order_lines: request.order_lines,
  });
  if (ruleIssues.length > 0) throw badValue(ruleIssues);
  // A token pays in the currency it was created for; Klarna refuses any other as a payment method
  // not usable for the currency (api-reference §5, DOC-ORDER).
  if (request.purchase_currency.toUpperCase() !== token.purchaseCurrency.toUpperCase()) {
    throw new KlarnaError(403, 'UNAVAILABLE_PAYMENT_METHOD', [
      `The payment method cannot be used for purchase currency ${request.purchase_currency}`,
    ]);
  }

  const now = emulator.clock.now();
  const persona = personaFor(token.email);
  const order: OrderRecord = {
    orderId: newId(),
    region: caller.region,
    merchantId: caller.merchantId,
    sessionId: token.sessionId,
    authorizationToken: token.authorizationToken,
    klarnaReference: newKlarnaReference(),
    status: 'AUTHORIZED',
    fraudStatus: persona.pending ? 'PENDING' : 'ACCEPTED',
    purchaseCountry: token.purchaseCountry,
    purchaseCurrency: token.purchaseCurrency,
    locale: token.locale,
    orderAmount: request.order_amount,
    originalOrderAmount: request.order_amount,
    orderTaxAmount: request.order_tax_amount ?? 0,
    capturedAmount: 0,
    refundedAmount: 0,
    orderLines: structuredClone(request.order_lines),
    merchantUrls: { ...request.merchant_urls },
    initialPaymentMethod: { type: 'INVOICE', description: 'Pay later' },
    email: token.email,
    createdAt: now,
    expiresAt: now + ORDER_AUTHORIZATION_DAYS * DAY_MS,
    captures: [],
    refunds: [],
    shippingInfo: [],
    customerTokenId: token.tokenId,
  };
  const shipping = request.shipping_address ?? token.billingAddress;
  if (token.billingAddress) order.billingAddress = structuredClone(token.billingAddress);
  if (shipping) order.shippingAddress = structuredClone(shipping);
  if (token.customer) order.customer = structuredClone(token.customer);
  if (request.merchant_reference1 !== undefined) order.merchantReference1 = request.merchant_reference1;
  if (request.merchant_reference2 !== undefined) order.merchantReference2 = request.merchant_reference2;
  if (request.merchant_data !== undefined) order.merchantData = request.merchant_data;
  if (request.auto_capture && !persona.pending) {
    addCapture(
      order,
      { captured_amount: order.orderAmount, order_lines: structuredClone(order.orderLines) },
      now,
    );
  }
  emulator.store.orders.set(order.orderId, order);
  if (persona.pending) {
    const decision = persona.pending.decision;
    emulator.clock.scheduleAt(now + persona.pending.afterMinutes * 60_000, () => {
      if (order.fraudStatus === 'PENDING') order.fraudStatus = decision;
    });
  }

  const response: Record<string, unknown> = { order_id: order.orderId, fraud_status: order.fraudStatus };
  // Required in the spec's answer even where Klarna's example leaves it out: without a
  // confirmation URL it leads to the emulator's own "purchase complete" page.
  const confirmation = request.merchant_urls?.confirmation;
  const redirectId = newId();
  emulator.store.redirects.set(redirectId, confirmation?.replaceAll('{order.id}', order.orderId) ?? '');
  response.redirect_url = `${caller.origin}/kp/redirect/${redirectId}`;
  response.authorized_payment_method = { type: 'invoice' };
  return { order, response };
}

/** `PATCH /customer-token/v1/tokens/{token}/status`: only `CANCELLED`, and for good. */
export function cancelToken(
  emulator: Emulator,
  tokenId: string,
  body: unknown,
  caller: Caller,
  fields: FieldPolicy,
): void {
  const token = findToken(emulator, tokenId, caller);
  if (!token) throw new KlarnaError(404, 'NOT_FOUND', ['Invalid token ID']);
  const { issues } = check(tokenStatusSchema, body ?? {}, fields);
  if (issues.length > 0) throw badValue(issues);
  token.status = 'CANCELLED';
}
