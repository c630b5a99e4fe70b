import type { CreateOrderRequest, CustomerTokenCreationRequest, SessionData } from './types.js';
import { array, boolean, integer, object, string, type Schema, type Shape } from './validate.js';

/**
 * Field constraints of the Klarna Payments API v1 (official OpenAPI file, `components.schemas`),
 * written out by hand so that failures name the field the way Klarna does.
 */

const COUNTRY = /^[A-Za-z]{2,2}$/;
const CURRENCY = /^[A-Za-z]{3,3}$/;
const LOCALE = /^[A-Za-z]{2,2}(?:-[A-Za-z]{2,2})*$/;
const HEX_COLOUR = /^#[A-Fa-f0-9]{6}$/;
const APP_RETURN_URL =
  /^(?![Hh][Tt][Tt][Pp][Ss]?:)[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9])?(\/[a-zA-Z0-9._~-]*)*(\?[a-zA-Z0-9._~&=-]*)?$/;
/**
 * The spec requires `^https://`. One relaxation so a local storefront can receive callbacks:
 * plain http is accepted when the host is the loopback interface (localhost, 127.0.0.1, [::1]).
 */
const MERCHANT_URL =
  /^(?:https:\/\/.+|http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?(?:[/?#].*)?)$/;

export const MAX_LINE_AMOUNT = 200_000_000;

export const ORDER_LINE_TYPES = [
  'physical',
  'discount',
  'shipping_fee',
  'sales_tax',
  'digital',
  'gift_card',
  'store_credit',
  'surcharge',
] as const;

const ORGANIZATION_ENTITY_TYPES = [
  'LIMITED_COMPANY',
  'PUBLIC_LIMITED_COMPANY',
  'ENTREPRENEURIAL_COMPANY',
  'LIMITED_PARTNERSHIP_LIMITED_COMPANY',
  'LIMITED_PARTNERSHIP',
  'GENERAL_PARTNERSHIP',
  'REGISTERED_SOLE_TRADER',
  'SOLE_TRADER',
  'CIVIL_LAW_PARTNERSHIP',
  'PUBLIC_INSTITUTION',
  'OTHER',
] as const;

export const INTENTS = ['buy', 'tokenize', 'buy_and_tokenize', 'buy_and_default_tokenize'] as const;

const text = (max: number, min = 0) => string({ min, max });

export const addressSchema = object({
  attention: text(99),
  city: text(99),
  country: string({ pattern: COUNTRY }),
  email: text(99),
  family_name: text(99),
  given_name: text(99),
  organization_name: text(99),
  phone: text(99),
  postal_code: text(10),
  region: text(99),
  street_address: text(99),
  street_address2: text(99),
  title: text(20),
});

export const customerSchema = object({
  customer_token: string(),
  date_of_birth: string({ pattern: /^\d{4}-\d{2}-\d{2}$/ }),
  gender: string({ enum: ['male', 'female'], caseInsensitive: true }),
  last_four_ssn: string({ pattern: /^([0-9]{4}|[0-9]{9})$/ }),
  national_identification_number: string(),
  organization_entity_type: string({ enum: ORGANIZATION_ENTITY_TYPES }),
  organization_registration_id: string(),
  title: string(),
  type: string({ pattern: /^(person|organization)$/ }),
  vat_id: string(),
});

const merchantUrl = string({ max: 2000, pattern: MERCHANT_URL });

export const merchantUrlsSchema = object({
  confirmation: merchantUrl,
  notification: merchantUrl,
  push: merchantUrl,
  authorization: merchantUrl,
  app_return_url: string({ max: 2000, pattern: APP_RETURN_URL }),
});

const optionsSchema = object({
  color_border: string({ pattern: HEX_COLOUR }),
  color_border_selected: string({ pattern: HEX_COLOUR }),
  color_details: string({ pattern: HEX_COLOUR }),
  color_text: string({ pattern: HEX_COLOUR }),
  radius_border: string(),
});

const attachmentSchema = object(
  { body: string(), content_type: string() },
  { required: ['body', 'content_type'] },
);

const productIdentifiersSchema = object({
  brand: text(70),
  category_path: text(750),
  global_trade_item_number: text(50),
  manufacturer_part_number: text(70),
  color: text(64),
  size: text(64),
});

const subscriptionSchema = object(
  {
    name: text(255, 1),
    interval: string({ enum: ['DAY', 'WEEK', 'MONTH', 'YEAR'] }),
    interval_count: integer({ min: 1 }),
  },
  { required: ['name', 'interval', 'interval_count'] },
);

export const orderLineSchema = object(
  {
    type: string({ enum: ORDER_LINE_TYPES }),
    reference: text(255),
    name: text(255, 1),
    quantity: integer({ min: 0 }),
    quantity_unit: text(8, 1),
    unit_price: integer({ min: -MAX_LINE_AMOUNT, max: MAX_LINE_AMOUNT }),
    tax_rate: integer({ min: 0, max: 10000 }),
    total_amount: integer({ min: -MAX_LINE_AMOUNT, max: MAX_LINE_AMOUNT }),
    total_discount_amount: integer({ min: 0 }),
    total_tax_amount: integer(),
    merchant_data: text(1024),
    product_url: text(1024),
    image_url: text(1024),
    product_identifiers: productIdentifiersSchema,
    subscription: subscriptionSchema,
  },
  { required: ['name', 'quantity', 'total_amount', 'unit_price'] },
);

const orderLines = array(orderLineSchema, { min: 1, max: 1000 });

/** Read-only fields of `session`: accepted on input and ignored, as the spec's readOnly marks them. */
const SESSION_READ_ONLY = [
  'status',
  'expires_at',
  'client_token',
  'authorization_token',
  'payment_method_categories',
] as const;

const sessionShape: Shape = {
  acquiring_channel: string({ enum: ['ECOMMERCE', 'IN_STORE', 'TELESALES'] }),
  intent: string({ enum: INTENTS }),
  locale: string({ pattern: LOCALE }),
  purchase_country: string({ pattern: COUNTRY }),
  purchase_currency: string({ pattern: CURRENCY }),
  order_amount: integer({ min: 0 }),
  order_tax_amount: integer({ min: 0 }),
  order_lines: orderLines,
  merchant_urls: merchantUrlsSchema,
  merchant_reference1: text(255),
  merchant_reference2: text(255),
  merchant_data: text(6000),
  billing_address: addressSchema,
  shipping_address: addressSchema,
  customer: customerSchema,
  attachment: attachmentSchema,
  options: optionsSchema,
  custom_payment_method_ids: array(string()),
  design: string(),
};

/** `session_create`: the four money/market fields are required. */
export const sessionCreateSchema: Schema<SessionData> = object(
  { ...sessionShape, step_up_id: string() },
  {
    required: ['order_amount', 'order_lines', 'purchase_country', 'purchase_currency'],
    ignored: SESSION_READ_ONLY,
  },
);

/** `session` (update, and the data the JS SDK passes to load/authorize): every field optional. */
export const sessionUpdateSchema: Schema<SessionData> = object(sessionShape, { ignored: SESSION_READ_ONLY });

export const createOrderSchema: Schema<CreateOrderRequest> = object(
  {
    order_amount: integer({ min: 0 }),
    order_lines: orderLines,
    purchase_country: string({ pattern: COUNTRY }),
    purchase_currency: string({ pattern: CURRENCY }),
    order_tax_amount: integer({ min: 0 }),
    auto_capture: boolean(),
    billing_address: addressSchema,
    shipping_address: addressSchema,
    customer: customerSchema,
    custom_payment_method_ids: array(string()),
    locale: string({ pattern: LOCALE }),
    merchant_data: text(6000),
    merchant_reference1: text(255),
    merchant_reference2: text(255),
    merchant_urls: merchantUrlsSchema,
  },
  {
    required: ['order_amount', 'order_lines', 'purchase_country', 'purchase_currency'],
    ignored: ['authorization_token', 'payment_method_categories', 'status'],
  },
);

export const customerTokenCreationSchema: Schema<CustomerTokenCreationRequest> = object(
  {
    description: text(255, 1),
    // The spec's enum is `SUBSCRIPTION`; Klarna's own guide sends `subscription`.
    intended_use: string({ enum: ['SUBSCRIPTION'], caseInsensitive: true }),
    locale: string({ pattern: LOCALE }),
    purchase_country: string({ pattern: COUNTRY }),
    purchase_currency: string({ pattern: CURRENCY }),
    billing_address: addressSchema,
    customer: customerSchema,
    // Not in the schema, but Klarna's guide sends `merchant_urls.confirmation` for the redirect.
    merchant_urls: merchantUrlsSchema,
  },
  { required: ['description', 'intended_use', 'locale', 'purchase_country', 'purchase_currency'] },
);
