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
 */

export const SAME_AS_ORDER = 'same as order';
export const SAME_AS_BILLING = 'same as billingAddress';

/** Fields of session data and of a capture that can hold the order's value, with the order's name for it. */
export const SHARED_WITH_ORDER = {
  order_lines: 'orderLines',
  billing_address: 'billingAddress',
  shipping_address: 'shippingAddress',
} as const satisfies Record<string, keyof OrderRecord>;

type SharedField = keyof typeof SHARED_WITH_ORDER;
const SHARED_FIELDS = Object.keys(SHARED_WITH_ORDER) as SharedField[];

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
  const keys = Object.keys(left);
  // Records keep no `undefined` values, so equal key counts and equal values mean the same JSON.
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) if (!sameJson(left[key], right[key])) return false;
  return true;
}

/** `record` with the values it shares with `order` replaced by the marker; `record` itself if none. */
function markShared<T extends object>(record: T, order: OrderRecord): T {
  let marked: Record<string, unknown> | undefined;
  for (const field of SHARED_FIELDS) {
    const value = (record as Record<string, unknown>)[field];
    if (value !== undefined && sameJson(value, order[SHARED_WITH_ORDER[field]])) {
      marked ??= { ...(record as Record<string, unknown>) };
      marked[field] = SAME_AS_ORDER;
    }
  }
  return (marked ?? record) as T;
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

export function compactOrder(order: OrderRecord): CompactOrder {
  let captures: CaptureRecord[] | undefined;
  for (let i = 0; i < order.captures.length; i++) {
    const capture = order.captures[i] as CaptureRecord;
    const marked = markShared(capture, order);
    if (marked !== capture) (captures ??= order.captures.slice())[i] = marked;
  }
  const sameShipping =
    order.shippingAddress !== undefined && sameJson(order.shippingAddress, order.billingAddress);
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

function putShared(record: CaptureRecord | object, order: OrderRecord): void {
  const target = record as Record<string, unknown>;
  for (const field of SHARED_FIELDS) {
    if (target[field] === SAME_AS_ORDER) target[field] = order[SHARED_WITH_ORDER[field]];
  }
}
