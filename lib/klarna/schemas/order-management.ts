import { z } from 'zod';
import {
  addressResponseSchema,
  fraudStatusSchema,
  minorUnits,
  orderLineResponseSchema,
  orderLineSchema,
  orderLineTypes,
  responseObject,
} from './common';

/* Klarna Order Management API v1 (`/ordermanagement/v1`), api-reference §4. */

const orderStatuses = ['AUTHORIZED', 'PART_CAPTURED', 'CAPTURED', 'CANCELLED', 'EXPIRED', 'CLOSED'] as const;

/** Order Management adds `return_fee` (refunds) to the line types and allows longer units. */
const omOrderLineSchema = orderLineSchema.extend({
  type: z.enum([...orderLineTypes, 'return_fee']).optional(),
  quantity_unit: z.string().max(10).optional(),
  total_discount_amount: minorUnits.min(0).max(200_000_000).optional(),
  total_tax_amount: minorUnits.max(200_000_000).optional(),
});

const shippingMethods = [
  'PickUpStore',
  'Home',
  'BoxReg',
  'BoxUnreg',
  'PickUpPoint',
  'Own',
  'Postal',
  'DHLPackstation',
  'Digital',
  'Undefined',
  'PickUpWarehouse',
  'ClickCollect',
  'PalletDelivery',
] as const;

/** Tracking details for a shipment (order level or per capture). */
export const shippingInfoSchema = z.object({
  shipping_company: z.string().max(100).optional(),
  shipping_method: z.enum(shippingMethods).optional(),
  tracking_number: z.string().max(100).optional(),
  tracking_uri: z.string().max(1024).optional(),
  return_shipping_company: z.string().max(100).optional(),
  return_tracking_number: z.string().max(100).optional(),
  return_tracking_uri: z.string().max(1024).optional(),
});
export type ShippingInfo = z.infer<typeof shippingInfoSchema>;

const shippingInfoResponseSchema = responseObject({
  shipping_company: z.string().optional(),
  shipping_method: z.string().optional(),
  tracking_number: z.string().optional(),
  tracking_uri: z.string().optional(),
  return_shipping_company: z.string().optional(),
  return_tracking_number: z.string().optional(),
  return_tracking_uri: z.string().optional(),
});

const omAmount = minorUnits.min(0).max(200_000_000);

/** `POST /orders/{id}/captures` body (`CaptureObject`). */
export const captureRequestSchema = z.object({
  captured_amount: omAmount,
  description: z.string().max(255).optional(),
  order_lines: z.array(omOrderLineSchema).max(1000).optional(),
  reference: z.string().max(255).optional(),
  /** Days until shipment; needs account enablement. */
  shipping_delay: z.int().min(0).optional(),
  shipping_info: z.array(shippingInfoSchema).max(500).optional(),
});
export type CaptureRequest = z.infer<typeof captureRequestSchema>;

/** A capture as returned by Order Management (`Capture`). */
export const captureSchema = responseObject({
  capture_id: z.string().min(1),
  captured_amount: minorUnits,
  captured_at: z.string().optional(),
  description: z.string().optional(),
  klarna_reference: z.string().optional(),
  reference: z.string().optional(),
  refunded_amount: minorUnits.default(0),
  order_lines: z.array(orderLineResponseSchema).default([]),
  billing_address: addressResponseSchema.optional(),
  shipping_address: addressResponseSchema.optional(),
  shipping_info: z.array(shippingInfoResponseSchema).default([]),
});
export type Capture = z.infer<typeof captureSchema>;

/** `POST /orders/{id}/refunds` body (`RefundObject`). */
export const refundRequestSchema = z.object({
  refunded_amount: omAmount,
  description: z.string().max(255).optional(),
  order_lines: z.array(omOrderLineSchema).max(1000).optional(),
  reference: z.string().max(255).optional(),
});
export type RefundRequest = z.infer<typeof refundRequestSchema>;

/** A refund as returned by Order Management (`Refund`). */
export const refundSchema = responseObject({
  refund_id: z.string().min(1),
  refunded_amount: minorUnits,
  refunded_at: z.string().optional(),
  description: z.string().optional(),
  reference: z.string().optional(),
  credit_invoice: z.boolean().optional(),
  order_lines: z.array(orderLineResponseSchema).default([]),
});
export type Refund = z.infer<typeof refundSchema>;

/**
 * `GET /orders/{id}` response (`MerchantOrderDto`). The amounts and the status drive every admin
 * action, so they are required; everything else is optional.
 */
export const merchantOrderSchema = responseObject({
  order_id: z.string().min(1),
  status: z.enum(orderStatuses),
  fraud_status: fraudStatusSchema,
  order_amount: minorUnits,
  original_order_amount: minorUnits.optional(),
  captured_amount: minorUnits,
  refunded_amount: minorUnits,
  remaining_authorized_amount: minorUnits,
  purchase_currency: z.string(),
  purchase_country: z.string().optional(),
  locale: z.string().optional(),
  order_lines: z.array(orderLineResponseSchema).default([]),
  merchant_reference1: z.string().optional(),
  merchant_reference2: z.string().optional(),
  merchant_data: z.string().optional(),
  klarna_reference: z.string().optional(),
  customer: responseObject({
    date_of_birth: z.string().optional(),
    national_identification_number: z.string().optional(),
  }).optional(),
  billing_address: addressResponseSchema.optional(),
  shipping_address: addressResponseSchema.optional(),
  created_at: z.string().optional(),
  /** The order can be captured until this time. */
  expires_at: z.string().optional(),
  captures: z.array(captureSchema).default([]),
  refunds: z.array(refundSchema).default([]),
  shipping_info: z.array(shippingInfoResponseSchema).default([]),
  initial_payment_method: responseObject({
    type: z.string().optional(),
    description: z.string().optional(),
    number_of_installments: z.int().optional(),
  }).optional(),
});
export type MerchantOrder = z.infer<typeof merchantOrderSchema>;

/** `GET /orders/{id}/captures` response. */
export const captureListSchema = z.array(captureSchema);

/**
 * `PATCH /orders/{id}/authorization` body. Klarna replaces the order lines with these and deletes
 * them when omitted, so send the full new set.
 */
export const updateAuthorizationSchema = z.object({
  order_amount: omAmount,
  description: z.string().max(255).optional(),
  order_lines: z.array(omOrderLineSchema).max(1000).optional(),
});
export type UpdateAuthorization = z.infer<typeof updateAuthorizationSchema>;

/** `PATCH /orders/{id}/merchant-references` body; a present field overwrites, `""` clears. */
export const updateMerchantReferencesSchema = z.object({
  merchant_reference1: z.string().max(255).optional(),
  merchant_reference2: z.string().max(255).optional(),
});
export type UpdateMerchantReferences = z.infer<typeof updateMerchantReferencesSchema>;
