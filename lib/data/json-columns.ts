/**
 * The shapes of the JSON columns (prisma/models.prisma: addresses, the Klarna lines payload, the
 * checkout customer, recorded capture and refund lines, shipping info), parsed with zod where the
 * data layer reads a row, so every DTO comes back typed and nothing above lib/data casts.
 *
 * Reading is as forgiving as the column's use allows: an address or recorded line that does not
 * fit shows as none (a page must still render an old or hand-edited row); the lines payload,
 * which checkout sends to Klarna again, must fit or the read throws.
 */
import type { Prisma } from '@/lib/generated/prisma/client';
import type { KlarnaOrderTotals } from '@/lib/order-lines';
import type { KlarnaAddress } from '@/lib/validations/checkout';
import { z } from 'zod';

/**
 * An address as stored on an order or customer token: Klarna's address object as the checkout sent
 * it (every field optional, as in Klarna's own schema; unknown keys are dropped).
 */
const storedAddressSchema = z.object({
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
  street_address: z.string().optional(),
  street_address2: z.string().optional(),
  postal_code: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  phone: z.string().optional(),
  country: z.string().optional(),
});
export type StoredAddress = z.infer<typeof storedAddressSchema>;

/** Klarna's address object as the checkout form builds it (lib/validations/checkout.ts). */
const klarnaAddressSchema = z.object({
  given_name: z.string(),
  family_name: z.string(),
  email: z.string(),
  street_address: z.string(),
  street_address2: z.string().optional(),
  postal_code: z.string(),
  city: z.string(),
  region: z.string().optional(),
  phone: z.string().optional(),
  country: z.string(),
}) satisfies z.ZodType<KlarnaAddress>;

/** The validated checkout form on a payment session: sent to authorize() and to place order. */
const checkoutCustomerSchema = z.object({
  billing_address: klarnaAddressSchema,
  shipping_address: klarnaAddressSchema,
});
export type CheckoutCustomer = z.infer<typeof checkoutCustomerSchema>;

const minorUnits = z.number().int();

/** One of Klarna's order lines as lib/order-lines.ts builds them. */
const klarnaOrderLineSchema = z.object({
  type: z.enum(['physical', 'digital', 'discount', 'shipping_fee', 'sales_tax']),
  reference: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unit_price: minorUnits,
  tax_rate: z.number().int().optional(),
  total_amount: minorUnits,
  total_discount_amount: minorUnits,
  total_tax_amount: minorUnits,
  product_url: z.string().optional(),
  image_url: z.string().optional(),
  subscription: z
    .object({
      name: z.string(),
      interval: z.enum(['DAY', 'WEEK', 'MONTH', 'YEAR']),
      interval_count: z.number().int(),
    })
    .optional(),
});

/** A payment session's lines payload: exactly what was last sent to Klarna. */
const linesPayloadSchema = z.object({
  order_lines: z.array(klarnaOrderLineSchema),
  order_amount: minorUnits,
  order_tax_amount: minorUnits,
}) satisfies z.ZodType<KlarnaOrderTotals>;

/** A line as recorded on a Capture or Refund row. */
const recordedLineSchema = z.object({
  /** The sold line it came from; null when a line found at Klarna matched none. */
  position: z.number().int().nullable(),
  reference: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  totalAmount: minorUnits,
});
export type RecordedLine = z.infer<typeof recordedLineSchema>;

/** The shipping details recorded with a capture. */
const shippingInfoSchema = z.object({
  shippingCompany: z.string().optional(),
  trackingNumber: z.string().optional(),
  trackingUri: z.string().optional(),
});
export type RecordedShippingInfo = z.infer<typeof shippingInfoSchema>;

type JsonColumn = Prisma.JsonValue | null | undefined;

/** An order's or customer token's address; one that does not fit reads as an empty address. */
export function readAddress(value: JsonColumn): StoredAddress {
  return storedAddressSchema.safeParse(value).data ?? {};
}

/** A payment session's checkout form; null when none was stored (or it is incomplete). */
export function readCheckoutCustomer(value: JsonColumn): CheckoutCustomer | null {
  return checkoutCustomerSchema.safeParse(value).data ?? null;
}

/** A payment session's lines payload; throws when the stored value is not one. */
export function readLinesPayload(value: JsonColumn): KlarnaOrderTotals {
  return linesPayloadSchema.parse(value);
}

/** A capture's or refund's recorded lines; a line that does not fit is left out. */
export function readRecordedLines(value: JsonColumn): RecordedLine[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((line) => {
    const parsed = recordedLineSchema.safeParse(line);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A capture's shipping details, or null when none were given. */
export function readShippingInfo(value: JsonColumn): RecordedShippingInfo | null {
  return shippingInfoSchema.safeParse(value).data ?? null;
}

/**
 * A value for a JSON column. The shapes above are plain JSON data (strings, numbers, arrays,
 * objects); TypeScript cannot see that through an interface, so it is said here, once.
 */
export function jsonColumn(
  value: StoredAddress | CheckoutCustomer | KlarnaOrderTotals | RecordedLine[] | RecordedShippingInfo,
): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
