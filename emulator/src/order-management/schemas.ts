import { ORDER_LINE_TYPES } from '../payments-schema.js';
import type { ShippingInfo } from '../store.js';
import type { Address, OrderLine } from '../types.js';
import { array, integer, object, string, type Schema } from '../validate.js';

/**
 * Request bodies of the Order Management API v1, written from the official OpenAPI file
 * (`CaptureObject`, `RefundObject`, `UpdateAuthorization`, `UpdateConsumer`,
 * `UpdateMerchantReferences`, `UpdateShippingInfo`, OM `order_line`, OM `Address`).
 */

export const MAX_OM_AMOUNT = 200_000_000;

export type OmLineType = OrderLine['type'] | 'return_fee';
export type OmOrderLine = Omit<OrderLine, 'type'> & { type?: OmLineType };

const text = (max: number, min = 0) => string({ min, max });

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

/** OM's `order_line`: like Klarna Payments' but with `return_fee`, `quantity_unit` 0..10 and `name` 0..255. */
export const omOrderLineSchema: Schema<OmOrderLine> = object(
  {
    type: string({ enum: [...ORDER_LINE_TYPES, 'return_fee'] }),
    reference: text(255),
    name: text(255),
    quantity: integer({ min: 0 }),
    quantity_unit: text(10),
    unit_price: integer({ min: -MAX_OM_AMOUNT, max: MAX_OM_AMOUNT }),
    tax_rate: integer({ min: 0, max: 10000 }),
    total_amount: integer({ min: -MAX_OM_AMOUNT, max: MAX_OM_AMOUNT }),
    total_discount_amount: integer({ min: 0, max: MAX_OM_AMOUNT }),
    total_tax_amount: integer({ min: -MAX_OM_AMOUNT, max: MAX_OM_AMOUNT }),
    merchant_data: text(1024),
    product_url: text(1024),
    image_url: text(1024),
    product_identifiers: productIdentifiersSchema,
    subscription: subscriptionSchema,
  },
  { required: ['name', 'quantity', 'total_amount', 'unit_price'] },
);

const omLines = array(omOrderLineSchema, { max: 1000 });

export const shippingInfoSchema: Schema<ShippingInfo> = object({
  shipping_company: text(100),
  shipping_method: string({
    pattern:
      /^(PickUpStore|Home|BoxReg|BoxUnreg|PickUpPoint|Own|Postal|DHLPackstation|Digital|Undefined|PickUpWarehouse|ClickCollect|PalletDelivery)$/,
  }),
  tracking_number: text(100),
  tracking_uri: text(1024),
  return_shipping_company: text(100),
  return_tracking_number: text(100),
  return_tracking_uri: text(1024),
});

export const omAddressSchema: Schema<Address> = object({
  attention: text(255),
  city: text(200),
  country: string({ pattern: /^[A-Za-z]{2}$/ }),
  email: text(100),
  family_name: text(100),
  given_name: text(100),
  organization_name: text(255),
  phone: text(100),
  postal_code: text(10),
  region: text(200),
  street_address: text(100),
  street_address2: text(100),
  title: text(20),
});

export interface CaptureRequest {
  captured_amount: number;
  description?: string;
  order_lines?: OmOrderLine[];
  reference?: string;
  shipping_delay?: number;
  shipping_info?: ShippingInfo[];
}

/** `CaptureObject`. A capture of 0 is refused: a `Capture` has `captured_amount ≥ 1`. */
export const captureSchema: Schema<CaptureRequest> = object(
  {
    captured_amount: integer({ min: 1, max: MAX_OM_AMOUNT }),
    description: text(255),
    order_lines: omLines,
    reference: text(255),
    shipping_delay: integer({ min: 0 }),
    shipping_info: array(shippingInfoSchema, { max: 500 }),
  },
  { required: ['captured_amount'] },
);

export interface RefundRequest {
  refunded_amount: number;
  description?: string;
  order_lines?: OmOrderLine[];
  reference?: string;
}

export const refundSchema: Schema<RefundRequest> = object(
  {
    refunded_amount: integer({ min: 1, max: MAX_OM_AMOUNT }),
    description: text(255),
    order_lines: omLines,
    reference: text(255),
  },
  { required: ['refunded_amount'] },
);

export interface UpdateAuthorizationRequest {
  order_amount: number;
  description?: string;
  order_lines?: OmOrderLine[];
}

export const updateAuthorizationSchema: Schema<UpdateAuthorizationRequest> = object(
  {
    order_amount: integer({ min: 0, max: MAX_OM_AMOUNT }),
    description: text(255),
    order_lines: omLines,
  },
  { required: ['order_amount'] },
);

export interface UpdateMerchantReferencesRequest {
  merchant_reference1?: string;
  merchant_reference2?: string;
}

export const updateMerchantReferencesSchema: Schema<UpdateMerchantReferencesRequest> = object({
  merchant_reference1: text(255),
  merchant_reference2: text(255),
});

export interface UpdateConsumerRequest {
  shipping_address?: Address;
}

/**
 * `UpdateConsumer` has only `shipping_address`; `billing_address` is accepted here so that the
 * operation can refuse it with Klarna's own 403 rather than a schema error.
 */
export const updateConsumerSchema: Schema<UpdateConsumerRequest & { billing_address?: Address }> = object({
  shipping_address: omAddressSchema,
  billing_address: omAddressSchema,
});

export interface UpdateShippingInfoRequest {
  shipping_info: ShippingInfo[];
}

export const updateShippingInfoSchema: Schema<UpdateShippingInfoRequest> = object(
  { shipping_info: array(shippingInfoSchema, { min: 1, max: 500 }) },
  { required: ['shipping_info'] },
);
