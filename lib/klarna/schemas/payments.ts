import { z } from 'zod';
import {
  addressResponseSchema,
  addressSchema,
  attachmentSchema,
  authorizedPaymentMethodSchema,
  countryCode,
  currencyCode,
  fraudStatusSchema,
  localeCode,
  merchantUrlsSchema,
  minorUnits,
  orderLineResponseSchema,
  orderLineSchema,
  responseObject,
  widgetOptionsSchema,
} from './common';

/* Klarna Payments API v1 (`/payments/v1`), api-reference §3. */

/** `buy_and_default_tokenize` (mixed baskets) is in Klarna's guides though not in the spec's enum. */
const intents = ['buy', 'tokenize', 'buy_and_tokenize', 'buy_and_default_tokenize'] as const;

const organizationEntityTypes = [
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

/** The shopper, as sent on a session or an order. */
const customerSchema = z.object({
  /** A returning customer's token (recurring purchases). */
  customer_token: z.string().optional(),
  date_of_birth: z.iso.date().optional(),
  gender: z.string().optional(),
  /** US only: last four digits of the SSN (or all nine). */
  last_four_ssn: z
    .string()
    .regex(/^([0-9]{4}|[0-9]{9})$/)
    .optional(),
  national_identification_number: z.string().optional(),
  organization_entity_type: z.enum(organizationEntityTypes).optional(),
  organization_registration_id: z.string().optional(),
  title: z.string().optional(),
  type: z.enum(['person', 'organization']).optional(),
  vat_id: z.string().optional(),
});

const customerReadSchema = responseObject({
  date_of_birth: z.string().optional(),
  gender: z.string().optional(),
  organization_entity_type: z.string().optional(),
  organization_registration_id: z.string().optional(),
  title: z.string().optional(),
  type: z.string().optional(),
  vat_id: z.string().optional(),
});

/** Fields a merchant may set on a session, create or update (`session` in Klarna's spec). */
const sessionFields = {
  acquiring_channel: z.enum(['ECOMMERCE', 'IN_STORE', 'TELESALES']).optional(),
  intent: z.enum(intents).optional(),
  locale: localeCode.optional(),
  purchase_country: countryCode,
  purchase_currency: currencyCode,
  /** Total including tax and discounts; must equal the sum of the line totals. */
  order_amount: minorUnits.min(0),
  order_tax_amount: minorUnits.min(0).optional(),
  order_lines: z.array(orderLineSchema).min(1).max(1000),
  merchant_urls: merchantUrlsSchema.optional(),
  merchant_reference1: z.string().max(255).optional(),
  merchant_reference2: z.string().max(255).optional(),
  merchant_data: z.string().max(6000).optional(),
  billing_address: addressSchema.optional(),
  shipping_address: addressSchema.optional(),
  customer: customerSchema.optional(),
  attachment: attachmentSchema.optional(),
  options: widgetOptionsSchema.optional(),
  custom_payment_method_ids: z.array(z.string()).optional(),
  design: z.string().optional(),
};

/** `POST /payments/v1/sessions` body. */
export const sessionCreateRequestSchema = z.object({
  ...sessionFields,
  /** Recovery after a failed customer-token charge (step-up). */
  step_up_id: z.string().optional(),
});
export type SessionCreateRequest = z.infer<typeof sessionCreateRequestSchema>;

/** `POST /payments/v1/sessions/{id}` body: every field optional; the result is validated as a new session. */
export const sessionUpdateRequestSchema = z.object(sessionFields).partial();
export type SessionUpdateRequest = z.infer<typeof sessionUpdateRequestSchema>;

/** One way to pay offered for the session (e.g. `klarna`, `pay_later`). */
const paymentMethodCategorySchema = responseObject({
  identifier: z.string(),
  name: z.string().optional(),
  asset_urls: responseObject({
    descriptive: z.string().optional(),
    standard: z.string().optional(),
  }).optional(),
});

/** Create-session response. The session id appears only here: `session_read` has none. */
export const merchantSessionSchema = responseObject({
  session_id: z.string().min(1).max(255),
  /** The only Klarna value the browser may see. */
  client_token: z.string().min(1).max(4096),
  payment_method_categories: z.array(paymentMethodCategorySchema).default([]),
});
export type MerchantSession = z.infer<typeof merchantSessionSchema>;

/** `GET /payments/v1/sessions/{id}` response. */
export const sessionReadSchema = responseObject({
  status: z.enum(['complete', 'incomplete']),
  intent: z.string().optional(),
  acquiring_channel: z.string().optional(),
  locale: z.string().optional(),
  purchase_country: z.string(),
  purchase_currency: z.string(),
  order_amount: minorUnits,
  order_tax_amount: minorUnits.optional(),
  order_lines: z.array(orderLineResponseSchema).default([]),
  merchant_urls: responseObject({
    confirmation: z.string().optional(),
    notification: z.string().optional(),
    push: z.string().optional(),
    authorization: z.string().optional(),
  }).optional(),
  merchant_reference1: z.string().optional(),
  merchant_reference2: z.string().optional(),
  merchant_data: z.string().optional(),
  billing_address: addressResponseSchema.optional(),
  shipping_address: addressResponseSchema.optional(),
  customer: customerReadSchema.optional(),
  expires_at: z.string().optional(),
  client_token: z.string().optional(),
  /** Present once the shopper has authorized. */
  authorization_token: z.string().optional(),
  payment_method_categories: z.array(paymentMethodCategorySchema).default([]),
});
export type SessionRead = z.infer<typeof sessionReadSchema>;

/**
 * `POST /payments/v1/authorizations/{token}/order` body. Lines, amounts and addresses must match
 * what the shopper authorized, or Klarna answers 409.
 */
export const createOrderRequestSchema = z.object({
  purchase_country: countryCode,
  purchase_currency: currencyCode,
  locale: localeCode.optional(),
  order_amount: minorUnits.min(0),
  order_tax_amount: minorUnits.min(0).optional(),
  order_lines: z.array(orderLineSchema).min(1).max(1000),
  /** Capture immediately (digital goods); needs contract support. */
  auto_capture: z.boolean().optional(),
  billing_address: addressSchema.optional(),
  shipping_address: addressSchema.optional(),
  customer: customerSchema.optional(),
  custom_payment_method_ids: z.array(z.string()).optional(),
  merchant_urls: merchantUrlsSchema.optional(),
  merchant_reference1: z.string().max(255).optional(),
  merchant_reference2: z.string().max(255).optional(),
  merchant_data: z.string().max(6000).optional(),
});
export type CreateOrderRequest = z.infer<typeof createOrderRequestSchema>;

/** Create-order response: the Klarna order id and whether the order is already accepted. */
export const paymentsOrderSchema = responseObject({
  order_id: z.string().min(1),
  fraud_status: fraudStatusSchema,
  /** Absent when no confirmation URL was given. */
  redirect_url: z.string().optional(),
  authorized_payment_method: authorizedPaymentMethodSchema.optional(),
});
export type PaymentsOrder = z.infer<typeof paymentsOrderSchema>;

/** `POST /payments/v1/authorizations/{token}/customer-token` body. */
export const customerTokenCreationRequestSchema = z.object({
  description: z.string().min(1).max(255),
  intended_use: z.literal('SUBSCRIPTION'),
  locale: localeCode,
  purchase_country: countryCode,
  purchase_currency: currencyCode,
  billing_address: addressSchema.optional(),
  customer: customerSchema.optional(),
  merchant_urls: merchantUrlsSchema.optional(),
});
export type CustomerTokenCreationRequest = z.infer<typeof customerTokenCreationRequestSchema>;

export const customerTokenCreationResponseSchema = responseObject({
  token_id: z.string().min(1),
  payment_method_reference: z.string().optional(),
  redirect_url: z.string().optional(),
  billing_address: addressResponseSchema.optional(),
  customer: responseObject({
    date_of_birth: z.string().optional(),
    gender: z.string().optional(),
  }).optional(),
});
export type CustomerTokenCreationResponse = z.infer<typeof customerTokenCreationResponseSchema>;
