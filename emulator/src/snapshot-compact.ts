import type { SessionSnapshot } from './sessions.js';
import type { CaptureRecord, OrderRecord } from './store.js';

/**
 * How a snapshot (version 2) writes an order's lines and addresses once. In memory they appear
 * up to five times: in the session's data, on the order, and on each capture. A snapshot writes
 * them on the order and puts a marker in the other places that hold the same value:
 *
 * - a capture's `order_lines`, `billing_address` or `shipping_address`: `"same as order"`;
 * - session data's `order_lines`, `billing_address` or `shipping_address`: `"same as order"`,
 *   meaning the order named by the session's `dataOrderId`;
 * - an order's `shippingAddress`: `"same as billingAddress"`.
 *
 * Loading puts the order's values back in place of the markers. The records then share those
 * objects, which is safe: the emulator replaces an order's lines or addresses, never edits them.
 * Writing a snapshot shares them the same way (see `markShared`), so that each later snapshot
 * recognises a shared value by identity instead of comparing it field by field.
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

/** Equality of two JSON values: what the snapshot text of each would show. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // As many keys, each with the same value. (A key holding `undefined` makes two objects differ here
  // though not in JSON; then the value is simply written twice.)
  let count = 0;
  for (const key in left) {
    if (!sameJson(left[key], right[key])) return false;
    count++;
  }
  for (const _key in right) count--;
  return count === 0;
}

/** The fields session data and a capture may share with their order. */
interface SharingRecord {
  order_lines?: unknown;
  billing_address?: unknown;
  shipping_address?: unknown;
}

/** Whether `value` is a copy of the order's value `shared`: another object, with the same JSON. */
function isCopyOf(value: unknown, shared: unknown): boolean {
  return value !== undefined && value !== shared && sameJson(value, shared);
}

/** `record` with the values it shares with `order` replaced by the marker; `record` itself if none. */
function markShared<T extends SharingRecord>(record: T, order: OrderRecord): T {
  // Each field by name rather than in a loop over names: this runs for every session and capture.
  // A copy is first replaced by the order's own object, so that this and every later snapshot can
  // tell a shared value by identity alone.
  if (isCopyOf(record.order_lines, order.orderLines)) record.order_lines = order.orderLines;
  if (isCopyOf(record.billing_address, order.billingAddress)) record.billing_address = order.billingAddress;
  if (isCopyOf(record.shipping_address, order.shippingAddress)) {
    record.shipping_address = order.shippingAddress;
  }
  const lines = record.order_lines !== undefined && record.order_lines === order.orderLines;
  const billing = record.billing_address !== undefined && record.billing_address === order.billingAddress;
  const shipping = record.shipping_address !== undefined && record.shipping_address === order.shippingAddress;
  if (!lines && !billing && !shipping) return record;
  const marked: SharingRecord = { ...record };
  if (lines) marked.order_lines = SAME_AS_ORDER;
  if (billing) marked.billing_address = SAME_AS_ORDER;
  if (shipping) marked.shipping_address = SAME_AS_ORDER;
  return marked as T;
}

/**
 * Marks what `session` (a new object from `sessionToSnapshot`, changed here) shares with `order`,
 * the order placed with the session's latest authorization.
 */
export function compactSession(session: CompactSession, order: OrderRecord | undefined): CompactSession {
  if (!session.data || !order) return session;
  const data = markShared(session.data, order);
  if (data !== session.data) {
    session.data = data;
    session.dataOrderId = order.orderId;
  }
  return session;
}

/**
 * The order with markers in place of what its captures share with it. Compacted before the sessions
 * (see `takeSnapshot`), and its own shipping address before its captures, so that every shared
 * value has settled on one object for the next snapshot.
 */
export function compactOrder(order: OrderRecord): CompactOrder {
  if (isCopyOf(order.shippingAddress, order.billingAddress)) order.shippingAddress = order.billingAddress;
  const sameShipping = order.shippingAddress !== undefined && order.shippingAddress === order.billingAddress;
  let captures: CaptureRecord[] | undefined;
  for (let i = 0; i < order.captures.length; i++) {
    const capture = order.captures[i] as CaptureRecord;
    const marked = markShared(capture, order);
    if (marked !== capture) (captures ??= order.captures.slice())[i] = marked;
  }
  if (!captures && !sameShipping) return order;
  const compact = { ...order };
  if (captures) compact.captures = captures;
  if (sameShipping) compact.shippingAddress = SAME_AS_BILLING as never;
  return compact;
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
