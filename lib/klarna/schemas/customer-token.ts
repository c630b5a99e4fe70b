import { z } from 'zod';
import {
  addressSchema,
  attachmentSchema,
  authorizedPaymentMethodSchema,
  currencyCode,
  fraudStatusSchema,
  minorUnits,
  orderLineSchema,
  responseObject,
} from './common';

/* Klarna Customer Token API v1 (`/customer-token/v1`), api-reference §5. */

const customerTokenStatuses = ['ACTIVE', 'CANCELLED', 'SUSPENDED'] as const;

/** `GET /tokens/{token}` response. */
export const customerTokenSchema = responseObject({
  payment_method_type: z.string(),
  status: z.enum(customerTokenStatuses),
  card: responseObject({
    brand: z.string().optional(),
    expiry_date: z.string().optional(),
    masked_number: z.string().optional(),
  }).optional(),
  direct_debit: responseObject({
    masked_number: z.string().optional(),
  }).optional(),
});
export type CustomerToken = z.infer<typeof customerTokenSchema>;

/** Customer Token caps line amounts lower than Payments does. */
const MAX_TOKEN_LINE_AMOUNT = 100_000_000;

const tokenOrderLineSchema = orderLineSchema.extend({
  reference: z.string().max(256).optional(),
  merchant_data: z.string().max(255).optional(),
  unit_price: minorUnits.max(MAX_TOKEN_LINE_AMOUNT),
  total_amount: minorUnits.max(MAX_TOKEN_LINE_AMOUNT),
});

/** `POST /tokens/{token}/order` body: charge a stored token (a subscription renewal). */
export const customerTokenOrderRequestSchema = z.object({
  purchase_currency: currencyCode,
  order_amount: minorUnits.min(1),
  order_tax_amount: minorUnits.min(0).optional(),
  order_lines: z.array(tokenOrderLineSchema).min(1).max(1000),
  auto_capture: z.boolean().optional(),
  merchant_reference1: z.string().max(255).optional(),
  merchant_reference2: z.string().max(255).optional(),
  merchant_data: z.string().max(6000).optional(),
  merchant_urls: z
    .object({
      confirmation: z.string().max(2000),
      push: z.string().max(2000).optional(),
    })
    .optional(),
  shipping_address: addressSchema.optional(),
  attachment: attachmentSchema.optional(),
  /** Whether a failed charge may be recovered by the shopper (returns a `step_up_id`). */
  step_up: z.enum(['SUPPORTED', 'NOT_SUPPORTED']).optional(),
});
export type CustomerTokenOrderRequest = z.infer<typeof customerTokenOrderRequestSchema>;

/** Token order response. Klarna's spec requires `redirect_url`, but its own examples omit it. */
export const customerTokenOrderSchema = responseObject({
  order_id: z.string().min(1),
  fraud_status: fraudStatusSchema,
  redirect_url: z.string().optional(),
  authorized_payment_method: authorizedPaymentMethodSchema.optional(),
});
export type CustomerTokenOrder = z.infer<typeof customerTokenOrderSchema>;

/** `PATCH /tokens/{token}/status` body; `CANCELLED` is the only transition and cannot be undone. */
export const customerTokenStatusUpdateSchema = z.object({
  status: z.literal('CANCELLED'),
});
export type CustomerTokenStatusUpdate = z.infer<typeof customerTokenStatusUpdateSchema>;
