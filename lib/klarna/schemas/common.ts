import { z } from 'zod';

/*
 * Building blocks shared by the Payments, Order Management and Customer Token schemas.
 *
 * Two kinds of schema live here:
 * - request schemas carry Klarna's documented constraints (lengths, patterns, ranges), so the
 *   inferred types document what we may send and tests can check payloads before Klarna does;
 * - response schemas are lenient: unknown fields are dropped, `null` counts as absent, and only
 *   the fields the storefront relies on are required. Klarna adds fields over time and that must
 *   never turn a successful capture into an error on our side.
 */

/** Drops `null`-valued keys, so an optional response field sent as `null` reads as absent. */
function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null));
}

/** A response object: extra fields are ignored, `null` fields are treated as missing. */
export function responseObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess(withoutNulls, z.object(shape));
}

/** Integer minor units (e.g. cents, öre); Klarna never takes decimals. */
export const minorUnits = z.int();

export const countryCode = z.string().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code');
export const currencyCode = z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 currency code');
export const localeCode = z.string().regex(/^[A-Za-z]{2}(?:-[A-Za-z]{2})*$/, 'must be a locale like sv-SE');

const text = (max: number) => z.string().max(max);

/** Klarna's error body: `{ error_code, error_messages, correlation_id }` (api-reference §2). */
export const errorBodySchema = responseObject({
  error_code: z.string(),
  error_messages: z.array(z.string()).default([]),
  correlation_id: z.string().optional(),
  service_version: z.string().optional(),
  // Customer Token order errors (step-up) add these.
  fraud_status: z.string().optional(),
  reason: z.string().optional(),
  step_up_id: z.string().optional(),
});

/** Payments `address` (request side: billing or shipping). */
export const addressSchema = z.object({
  attention: text(99).optional(),
  city: text(99).optional(),
  country: countryCode.optional(),
  email: text(99).optional(),
  family_name: text(99).optional(),
  given_name: text(99).optional(),
  organization_name: text(99).optional(),
  phone: text(99).optional(),
  postal_code: text(10).optional(),
  /** Mandatory for US and AU (ISO 3166-2 subdivision, e.g. `CA`, `NSW`). */
  region: text(99).optional(),
  street_address: text(99).optional(),
  street_address2: text(99).optional(),
  title: text(20).optional(),
});

/** An address as Klarna returns it (Order Management allows longer values; all optional). */
export const addressResponseSchema = responseObject({
  attention: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  email: z.string().optional(),
  family_name: z.string().optional(),
  given_name: z.string().optional(),
  organization_name: z.string().optional(),
  phone: z.string().optional(),
  postal_code: z.string().optional(),
  region: z.string().optional(),
  street_address: z.string().optional(),
  street_address2: z.string().optional(),
  title: z.string().optional(),
});

const productIdentifiersSchema = z.object({
  brand: text(70).optional(),
  category_path: text(750).optional(),
  global_trade_item_number: text(50).optional(),
  manufacturer_part_number: text(70).optional(),
  color: text(64).optional(),
  size: text(64).optional(),
});

const subscriptionIntervals = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;

/** Marks an order line as recurring (subscriptions; tokenized payments). */
const subscriptionSchema = z.object({
  name: z.string().min(1).max(255),
  interval: z.enum(subscriptionIntervals),
  interval_count: z.int().min(1),
});

export const orderLineTypes = [
  'physical',
  'discount',
  'shipping_fee',
  'sales_tax',
  'digital',
  'gift_card',
  'store_credit',
  'surcharge',
] as const;

/** Largest unit price / line total Klarna accepts, in minor units. */
const MAX_LINE_AMOUNT = 200_000_000;

/**
 * One order line as sent to Klarna (api-reference §3.3). Amounts include tax;
 * `total_amount = quantity × unit_price − total_discount_amount`, and `tax_rate` is in basis points.
 */
export const orderLineSchema = z.object({
  type: z.enum(orderLineTypes).optional(),
  reference: text(255).optional(),
  name: z.string().min(1).max(255),
  quantity: z.int().min(0),
  quantity_unit: z.string().min(1).max(8).optional(),
  /** May be negative for discount, gift card and store credit lines. */
  unit_price: minorUnits.max(MAX_LINE_AMOUNT),
  tax_rate: z.int().min(0).max(10_000).optional(),
  total_amount: minorUnits.max(MAX_LINE_AMOUNT),
  total_discount_amount: minorUnits.min(0).optional(),
  /** Negative on discount lines. */
  total_tax_amount: minorUnits.optional(),
  merchant_data: text(1024).optional(),
  product_url: text(1024).optional(),
  image_url: text(1024).optional(),
  product_identifiers: productIdentifiersSchema.optional(),
  subscription: subscriptionSchema.optional(),
});

/**
 * An order line as Klarna returns it. Order Management fills unset fields with empty strings and
 * adds the `return_fee` type, so only the amounts and the name are required here.
 */
export const orderLineResponseSchema = responseObject({
  type: z.string().optional(),
  reference: z.string().optional(),
  name: z.string(),
  quantity: z.int(),
  quantity_unit: z.string().optional(),
  unit_price: minorUnits,
  tax_rate: z.int().optional(),
  total_amount: minorUnits,
  total_discount_amount: minorUnits.optional(),
  total_tax_amount: minorUnits.optional(),
  merchant_data: z.string().optional(),
  product_url: z.string().optional(),
  image_url: z.string().optional(),
  subscription: responseObject({
    name: z.string(),
    interval: z.string(),
    interval_count: z.int(),
  }).optional(),
});

/**
 * Callback URLs for a Payments session or order. Klarna requires https in production; the schema
 * does not, so the local emulator (http on loopback) works with the same code.
 */
export const merchantUrlsSchema = z.object({
  confirmation: text(2000).optional(),
  notification: text(2000).optional(),
  push: text(2000).optional(),
  authorization: text(2000).optional(),
  app_return_url: text(2000).optional(),
});

/** Extra merchant data (EMD): a JSON document serialised into `body`. */
export const attachmentSchema = z.object({
  body: z.string(),
  content_type: z.string(),
});

const hexColor = z.string().regex(/^#[A-Fa-f0-9]{6}$/, 'must be a #rrggbb colour');

/** Widget colours. */
export const widgetOptionsSchema = z.object({
  color_border: hexColor.optional(),
  color_border_selected: hexColor.optional(),
  color_details: hexColor.optional(),
  color_text: hexColor.optional(),
  radius_border: z.string().optional(),
});

const fraudStatuses = ['ACCEPTED', 'PENDING', 'REJECTED'] as const;
export const fraudStatusSchema = z.enum(fraudStatuses);
export type FraudStatus = z.infer<typeof fraudStatusSchema>;

/**
 * How the customer paid. Klarna documents an object `{ type }`, but one of its own examples shows
 * a bare string; both are read into the object form.
 */
export const authorizedPaymentMethodSchema = z.union([
  z.string().transform((type) => ({ type })),
  responseObject({
    type: z.string(),
    number_of_days: z.int().optional(),
    number_of_installments: z.int().optional(),
  }),
]);
