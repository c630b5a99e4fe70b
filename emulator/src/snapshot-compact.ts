import type { SessionSnapshot } from './sessions.js';
import type { OrderRecord } from './store.js';

/**
 * How a version 2 snapshot wrote an order's lines and addresses once, read back. In memory they
 * appear up to five times: in the session's data, on the order, and on each capture. Version 2
 * wrote them on the order and put a marker in the other places that held the same value:
 *
 * - a capture's `order_lines`, `billing_address` or `shipping_address`: `"same as order"`;
 * - session data's `order_lines`, `billing_address` or `shipping_address`: `"same as order"`,
 *   meaning the order named by the session's `dataOrderId`;
 * - an order's `shippingAddress`: `"same as billingAddress"`.
 *
 * Loading puts the order's values back in place of the markers; the records then share those
 * objects, as a version 3 snapshot's records share every equal value (`snapshot-tables.ts`).
 */

export const SAME_AS_ORDER = 'same as order';
export const SAME_AS_BILLING = 'same as billingAddress';

/** Fields of session data and of a capture that can hold their order's value (`orderLines`, …). */
export const SHARED_WITH_ORDER = ['order_lines', 'billing_address', 'shipping_address'] as const;

/** A session as a version 2 snapshot keeps it. */
export interface CompactSession extends SessionSnapshot {
  /** The order whose values the data fields marked `"same as order"` take. */
  dataOrderId?: string;
}

/** An order as a version 2 snapshot keeps it (markers in the place of shared values). */
export type CompactOrder = OrderRecord;

/** The fields session data and a capture may share with their order. */
interface SharingRecord {
  order_lines?: unknown;
  billing_address?: unknown;
  shipping_address?: unknown;
}

/** Puts the order's values back in place of the markers of a checked snapshot's order (changes `entry`). */
export function expandOrder(entry: CompactOrder): OrderRecord {
  if ((entry.shippingAddress as unknown) === SAME_AS_BILLING) entry.shippingAddress = entry.billingAddress;
  for (const capture of entry.captures) putShared(capture, entry);
  return entry;
}

/** The same for a session's data, with the snapshot's orders by id (changes `entry`). */
export function expandSession(
  entry: CompactSession,
  orders: ReadonlyMap<string, OrderRecord>,
): SessionSnapshot {
  const order = entry.dataOrderId === undefined ? undefined : orders.get(entry.dataOrderId);
  if (order && entry.data) putShared(entry.data, order);
  return entry;
}

function putShared(record: SharingRecord, order: OrderRecord): void {
  if (record.order_lines === SAME_AS_ORDER) record.order_lines = order.orderLines;
  if (record.billing_address === SAME_AS_ORDER) record.billing_address = order.billingAddress;
  if (record.shipping_address === SAME_AS_ORDER) record.shipping_address = order.shippingAddress;
}
