import { randomUUID } from 'node:crypto';
import type { RunningEmulator } from '../src/index.js';
import { KlarnaApi, orderBodyFrom, seCart } from './helpers.js';

/** Order Management calls over real HTTP, plus placing orders through the Payments API to manage. */
export class OrderApi extends KlarnaApi {
  /** Places an order for `cart` approved as `email`; returns its id. */
  async placedOrder(
    cart: Record<string, unknown> = seCart(),
    email = 'customer@email.se',
    extra: Record<string, unknown> = {},
  ) {
    const { token } = await this.authorizedSession(cart, email);
    const placed = await this.placeOrder(token, orderBodyFrom(cart, extra));
    if (placed.status !== 200) throw new Error(`place order failed: ${placed.text}`);
    return placed.json.order_id;
  }

  getOrder(orderId: string) {
    return this.request('GET', `/ordermanagement/v1/orders/${orderId}`);
  }

  /** A write; `key` is sent as `Klarna-Idempotency-Key` when given. */
  write(method: 'POST' | 'PATCH', orderId: string, suffix: string, body?: unknown, key?: string) {
    return this.request(method, `/ordermanagement/v1/orders/${orderId}${suffix}`, {
      ...(body === undefined ? {} : { body }),
      ...(key ? { headers: { 'Klarna-Idempotency-Key': key } } : {}),
    });
  }

  capture(orderId: string, body: unknown, key: string = randomUUID()) {
    return this.write('POST', orderId, '/captures', body, key);
  }

  refund(orderId: string, body: unknown, key: string = randomUUID()) {
    return this.write('POST', orderId, '/refunds', body, key);
  }

  /** A Swedish subscription token from a `tokenize` session approved as `email`; returns its id. */
  async customerToken(email = 'customer@email.se'): Promise<string> {
    const { token } = await this.authorizedSession(seCart({ intent: 'tokenize' }), email);
    const created = await this.createCustomerToken(token, {
      description: 'Monthly socks',
      intended_use: 'SUBSCRIPTION',
      locale: 'sv-SE',
      purchase_country: 'SE',
      purchase_currency: 'SEK',
    });
    if (created.status !== 200) throw new Error(`token failed: ${created.text}`);
    return created.json.token_id;
  }

  /** Charges a customer token; `key` is sent as `Klarna-Idempotency-Key` unless null. */
  chargeToken(tokenId: string, body: unknown = TOKEN_CHARGE, key: string | null = randomUUID()) {
    return this.request('POST', `/customer-token/v1/tokens/${tokenId}/order`, {
      body,
      ...(key ? { headers: { 'Klarna-Idempotency-Key': key } } : {}),
    });
  }
}

export function orderApi(emulator: RunningEmulator, region: 'eu' | 'na' | 'oc' = 'eu'): OrderApi {
  return new OrderApi(emulator, region);
}

/** The first line of `seCart()`: one shirt of 100.00 SEK at 25 % VAT. */
export const ONE_SHIRT = {
  type: 'physical',
  reference: 'SHIRT-1',
  name: 'Shirt',
  quantity: 1,
  unit_price: 10000,
  tax_rate: 2500,
  total_amount: 10000,
  total_tax_amount: 2000,
};

/** A charge of one shirt on a Swedish customer token. */
export const TOKEN_CHARGE = {
  purchase_currency: 'SEK',
  order_amount: 10000,
  order_tax_amount: 2000,
  order_lines: [ONE_SHIRT],
  merchant_reference1: 'SUB-1',
  merchant_urls: { confirmation: 'https://shop.example/thanks/{order.id}' },
};
