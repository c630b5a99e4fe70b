import 'server-only';

import { isPostgresUrl, prisma } from '@/lib/db';
import { env } from '@/lib/env';
import type { EventOutcome, FraudStatus, OrderStatus, Prisma } from '@/lib/generated/prisma/client';
import type { OrderMirror } from '@/lib/order-admin/klarna-mirror';
import { parseRecordedLines, type RecordedLine, type SoldLine } from '@/lib/order-admin/line-selection';
import type { OrderSort } from '@/lib/validations/admin-orders';

/*
 * The admin's data access: the orders list (keyset pagination over indexed columns), status counts,
 * the 30-day chart, the order detail with its timeline, and the writes that keep an order in step
 * with Klarna (captures, refunds, the mirrored fields, audit events, the action lease).
 */

// =============================================================================================
// The orders list

export interface AdminOrderListQuery {
  status?: OrderStatus;
  fraudStatus?: FraudStatus;
  /** Authorized or part captured, accepted by Klarna's fraud check, with something left to capture. */
  needsCapture?: boolean;
  /** Open authorizations that expire within this many days (or already have, unsynced). */
  expiresWithinDays?: number;
  search?: string;
  sort: OrderSort;
  /** Opaque cursors from a previous page: rows after `after`, or before `before`. */
  after?: string;
  before?: string;
  pageSize: number;
  now: Date;
}

export interface AdminOrderRow {
  id: string;
  number: string;
  email: string;
  status: OrderStatus;
  fraudStatus: FraudStatus | null;
  currency: string;
  locale: string;
  orderAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  authorizationExpiresAt: Date | null;
  createdAt: Date;
  klarnaOrderId: string | null;
  merchantReference1: string | null;
  /** Set on a renewal: the subscription it charged, and which period. */
  subscription: RenewedSubscription | null;
  subscriptionPeriod: number | null;
}

export interface RenewedSubscription {
  id: string;
  name: string;
}

export interface AdminOrderPage {
  rows: AdminOrderRow[];
  /** Cursor of the next (older, for newest-first) page, or null on the last page. */
  nextCursor: string | null;
  /** Cursor of the previous page, or null on the first page. */
  previousCursor: string | null;
}

const OPEN_STATUSES: OrderStatus[] = ['AUTHORIZED', 'PART_CAPTURED'];

const rowSelect = {
  id: true,
  number: true,
  email: true,
  status: true,
  fraudStatus: true,
  currency: true,
  locale: true,
  orderAmount: true,
  capturedAmount: true,
  refundedAmount: true,
  authorizationExpiresAt: true,
  createdAt: true,
  klarnaOrderId: true,
  merchantReference1: true,
  subscription: { select: { id: true, name: true } },
  subscriptionPeriod: true,
} as const satisfies Prisma.OrderSelect;

type SortField = 'createdAt' | 'orderAmount' | 'authorizationExpiresAt';

/** Each sort is one indexed column plus the id as a tie-breaker, so a page is an index range. */
const SORTS: Record<OrderSort, { field: SortField; direction: 'asc' | 'desc' }> = {
  newest: { field: 'createdAt', direction: 'desc' },
  oldest: { field: 'createdAt', direction: 'asc' },
  'amount-desc': { field: 'orderAmount', direction: 'desc' },
  'amount-asc': { field: 'orderAmount', direction: 'asc' },
  expiry: { field: 'authorizationExpiresAt', direction: 'asc' },
};

type CursorValue = string | number;

function encodeCursor(value: Date | number | null, id: string): string {
  const sortValue: CursorValue | null = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

/** A cursor from the URL; anything malformed is treated as no cursor (the first page). */
function decodeCursor(cursor: string | undefined, field: SortField): { value: Date | number; id: string } | null {
  if (!cursor) return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[1] !== 'string') return null;
    const [value, id] = decoded as [unknown, string];
    if (field === 'orderAmount') return typeof value === 'number' && Number.isSafeInteger(value) ? { value, id } : null;
    if (typeof value !== 'string') return null;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : { value: date, id };
  } catch {
    return null;
  }
}

/** Smallest string greater than every string that starts with `prefix` (for an index range). */
function prefixRange(prefix: string): { gte: string; lt: string } {
  return { gte: prefix, lt: `${prefix}\uffff` };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORDER_NUMBER_PREFIX = /^[0-9A-Z]{1,4}(-[0-9A-Z]{0,4})?$/i;

/**
 * Search as index ranges only: a Klarna order id matches exactly; an email, an order number or a
 * merchant reference matches from its start. Emails are stored lower-cased (the checkout form
 * lower-cases them), so the term is too. No `LIKE '%…%'`, so a search costs the same at 10 000 or
 * 100 000 orders.
 */
export function searchCondition(term: string): Prisma.OrderWhereInput {
  const text = term.trim();
  if (UUID.test(text)) return { klarnaOrderId: text.toLowerCase() };
  const email = { email: prefixRange(text.toLowerCase()) };
  if (text.includes('@')) return email;
  const references: Prisma.OrderWhereInput[] = [
    { merchantReference1: prefixRange(text) },
    { merchantReference2: prefixRange(text) },
  ];
  const numbers = ORDER_NUMBER_PREFIX.test(text) ? [{ number: prefixRange(text.toUpperCase()) }] : [];
  return { OR: [...numbers, ...references, email] };
}

function filterCondition(query: AdminOrderListQuery): Prisma.OrderWhereInput[] {
  const and: Prisma.OrderWhereInput[] = [];
  if (query.status) and.push({ status: query.status });
  if (query.fraudStatus) and.push({ fraudStatus: query.fraudStatus });
  if (query.needsCapture) and.push({ status: { in: OPEN_STATUSES }, fraudStatus: 'ACCEPTED' });
  if (query.expiresWithinDays !== undefined) {
    const until = new Date(query.now.getTime() + query.expiresWithinDays * 86_400_000);
    and.push({ status: { in: OPEN_STATUSES }, authorizationExpiresAt: { lte: until } });
  }
  if (SORTS[query.sort].field === 'authorizationExpiresAt') and.push({ authorizationExpiresAt: { not: null } });
  if (query.search) and.push(searchCondition(query.search));
  return and;
}

/** Rows strictly after the cursor in the given direction, written so the sort index is a range. */
function keysetCondition(
  field: SortField,
  direction: 'asc' | 'desc',
  cursor: { value: Date | number; id: string },
): Prisma.OrderWhereInput {
  const forward = direction === 'desc' ? 'lte' : 'gte';
  const tieBreak = direction === 'desc' ? 'gte' : 'lte';
  const condition: Prisma.OrderWhereInput = {
    [field]: { [forward]: cursor.value },
    NOT: { [field]: cursor.value, id: { [tieBreak]: cursor.id } },
  };
  return condition;
}

/** One page of orders for the admin list, with cursors to the neighbouring pages. */
export async function listAdminOrders(query: AdminOrderListQuery): Promise<AdminOrderPage> {
  const sort = SORTS[query.sort];
  const backwards = !query.after && Boolean(query.before);
  const cursor = decodeCursor(backwards ? query.before : query.after, sort.field);
  // Paging backwards walks the same index the other way and turns the page round afterwards.
  const direction = backwards ? (sort.direction === 'desc' ? 'asc' : 'desc') : sort.direction;

  const and = filterCondition(query);
  if (cursor) and.push(keysetCondition(sort.field, direction, cursor));
  const found = await prisma.order.findMany({
    where: { AND: and },
    orderBy: [{ [sort.field]: direction }, { id: direction }],
    take: query.pageSize + 1,
    select: rowSelect,
  });

  const hasMore = found.length > query.pageSize;
  const rows = found.slice(0, query.pageSize);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  const cursorOf = (row: AdminOrderRow) => encodeCursor(row[sort.field], row.id);
  return {
    rows,
    nextCursor: last && (backwards ? Boolean(cursor) : hasMore) ? cursorOf(last) : null,
    previousCursor: first && (backwards ? hasMore : Boolean(cursor)) ? cursorOf(first) : null,
  };
}

// =============================================================================================
// Counts and the chart

export interface OrderCounts {
  byStatus: Record<OrderStatus, number>;
  total: number;
  needsCapture: number;
  expiringWithin7Days: number;
}

const ALL_STATUSES: OrderStatus[] = [
  'PLACING',
  'NEEDS_REVIEW',
  'AUTHORIZED',
  'PART_CAPTURED',
  'CAPTURED',
  'CANCELLED',
  'EXPIRED',
  'CLOSED',
];

/**
 * Orders per status from the trigger-maintained counts table (one row per status, whatever the
 * number of orders), plus the two work queues, which only ever hold open authorizations.
 */
export async function countAdminOrders(now: Date): Promise<OrderCounts> {
  const soon = new Date(now.getTime() + 7 * 86_400_000);
  const [rows, openByFraudStatus, expiringWithin7Days] = await Promise.all([
    prisma.orderStatusCount.findMany({ select: { status: true, count: true } }),
    // Grouped over the open orders only (a status index range): filtering on the fraud status in
    // SQL would let the planner walk the fraud-status index, i.e. nearly every order ever placed.
    prisma.order.groupBy({ by: ['fraudStatus'], where: { status: { in: OPEN_STATUSES } }, _count: { _all: true } }),
    prisma.order.count({ where: { status: { in: OPEN_STATUSES }, authorizationExpiresAt: { lte: soon } } }),
  ]);
  const needsCapture = openByFraudStatus.find((row) => row.fraudStatus === 'ACCEPTED')?._count._all ?? 0;
  const byStatus = Object.fromEntries(ALL_STATUSES.map((status) => [status, 0])) as Record<OrderStatus, number>;
  for (const row of rows) {
    if ((ALL_STATUSES as string[]).includes(row.status)) byStatus[row.status as OrderStatus] = row.count;
  }
  const total = Object.values(byStatus).reduce((sum, count) => sum + count, 0);
  return { byStatus, total, needsCapture, expiringWithin7Days };
}

export interface DailyAmounts {
  currency: string;
  /** One entry per day of the window, oldest first (days without orders are 0). */
  days: { day: string; authorized: number; captured: number }[];
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

interface DayTotalRow {
  day: string;
  currency: string;
  amount: bigint | number | string;
}

/** Σ amount per UTC day and currency since `from`, from one covering index. */
async function sumPerDay(table: 'order' | 'capture', from: Date): Promise<DayTotalRow[]> {
  if (isPostgresUrl(env.DATABASE_URL)) {
    return table === 'order'
      ? prisma.$queryRaw<DayTotalRow[]>`
          SELECT to_char("placedAt", 'YYYY-MM-DD') AS day, "currency", SUM("orderAmount") AS amount
          FROM "Order" WHERE "placedAt" >= ${from} GROUP BY 1, 2`
      : prisma.$queryRaw<DayTotalRow[]>`
          SELECT to_char("capturedAt", 'YYYY-MM-DD') AS day, "currency", SUM("amount") AS amount
          FROM "Capture" WHERE "capturedAt" >= ${from} GROUP BY 1, 2`;
  }
  // SQLite keeps DateTime as ISO-8601 text, so the day is its first ten characters and a date
  // string bounds the range.
  const since = utcDay(from);
  return table === 'order'
    ? prisma.$queryRaw<DayTotalRow[]>`
        SELECT substr("placedAt", 1, 10) AS day, "currency", SUM("orderAmount") AS amount
        FROM "Order" WHERE "placedAt" >= ${since} GROUP BY 1, 2`
    : prisma.$queryRaw<DayTotalRow[]>`
        SELECT substr("capturedAt", 1, 10) AS day, "currency", SUM("amount") AS amount
        FROM "Capture" WHERE "capturedAt" >= ${since} GROUP BY 1, 2`;
}

/** Amounts authorized (orders placed) and captured per day and currency over the last `days` days. */
export async function getDailyAmounts(now: Date, days = 30): Promise<DailyAmounts[]> {
  const firstDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const [authorized, captured] = await Promise.all([sumPerDay('order', firstDay), sumPerDay('capture', firstDay)]);
  const dayList = Array.from({ length: days }, (_, index) => utcDay(new Date(firstDay.getTime() + index * 86_400_000)));
  const byCurrency = new Map<string, Map<string, { authorized: number; captured: number }>>();
  const add = (rows: DayTotalRow[], key: 'authorized' | 'captured') => {
    for (const row of rows) {
      let perDay = byCurrency.get(row.currency);
      if (!perDay) {
        perDay = new Map(dayList.map((day) => [day, { authorized: 0, captured: 0 }]));
        byCurrency.set(row.currency, perDay);
      }
      const entry = perDay.get(row.day);
      if (entry) entry[key] += Number(row.amount);
    }
  };
  add(authorized, 'authorized');
  add(captured, 'captured');
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, perDay]) => ({
      currency,
      days: dayList.map((day) => ({ day, ...(perDay.get(day) ?? { authorized: 0, captured: 0 }) })),
    }));
}

/** Everything the orders list page shows: one page of rows, the counts and the chart. */
export async function loadOrdersPage(query: AdminOrderListQuery) {
  const [page, counts, chart] = await Promise.all([
    listAdminOrders(query),
    countAdminOrders(query.now),
    getDailyAmounts(query.now),
  ]);
  return { page, counts, chart };
}

// =============================================================================================
// The order page

export interface AdminEventDTO {
  id: string;
  type: string;
  actor: string;
  outcome: EventOutcome;
  amount: number | null;
  idempotencyKey: string | null;
  correlationId: string | null;
  message: string | null;
  /** How often the same request came again after this event (Klarna carried it out once). */
  replays: number;
  lastReplayAt: Date | null;
  createdAt: Date;
}

export interface AdminCaptureDTO {
  id: string;
  klarnaCaptureId: string;
  klarnaReference: string | null;
  amount: number;
  lines: RecordedLine[];
  shippingInfo: { shippingCompany?: string; trackingNumber?: string; trackingUri?: string } | null;
  description: string | null;
  idempotencyKey: string | null;
  actor: string;
  capturedAt: Date;
}

export interface AdminRefundDTO {
  id: string;
  klarnaRefundId: string;
  amount: number;
  lines: RecordedLine[];
  description: string | null;
  idempotencyKey: string | null;
  actor: string;
  refundedAt: Date;
}

export interface AdminOrderDetail {
  id: string;
  number: string;
  email: string;
  userId: string | null;
  region: string;
  country: string;
  currency: string;
  locale: string;
  status: OrderStatus;
  klarnaStatus: string | null;
  fraudStatus: FraudStatus | null;
  klarnaOrderId: string | null;
  klarnaReference: string | null;
  merchantReference1: string | null;
  merchantReference2: string | null;
  subscription: RenewedSubscription | null;
  subscriptionPeriod: number | null;
  orderAmount: number;
  taxAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  authorizationExpiresAt: Date | null;
  placedAt: Date | null;
  createdAt: Date;
  syncedAt: Date | null;
  billingAddress: Record<string, string>;
  shippingAddress: Record<string, string>;
  lines: SoldLine[];
  captures: AdminCaptureDTO[];
  refunds: AdminRefundDTO[];
  events: AdminEventDTO[];
}

function parseObject(json: string | null): Record<string, string> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(
        Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
    }
  } catch {
    // An unreadable value shows as none.
  }
  return {};
}

const lineSelect = {
  position: true,
  type: true,
  reference: true,
  name: true,
  quantity: true,
  unitPrice: true,
  taxRate: true,
  totalAmount: true,
  totalDiscountAmount: true,
  totalTaxAmount: true,
} as const satisfies Prisma.OrderLineSelect;

const eventSelect = {
  id: true,
  type: true,
  actor: true,
  outcome: true,
  amount: true,
  idempotencyKey: true,
  correlationId: true,
  message: true,
  replays: true,
  lastReplayAt: true,
  createdAt: true,
} as const satisfies Prisma.OrderEventSelect;

/** Everything the order page shows, or null for an unknown id. */
export async function getAdminOrderDetail(id: string): Promise<AdminOrderDetail | null> {
  const order = await prisma.order.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      email: true,
      userId: true,
      region: true,
      country: true,
      currency: true,
      locale: true,
      status: true,
      klarnaStatus: true,
      fraudStatus: true,
      klarnaOrderId: true,
      klarnaReference: true,
      merchantReference1: true,
      merchantReference2: true,
      subscription: { select: { id: true, name: true } },
      subscriptionPeriod: true,
      orderAmount: true,
      taxAmount: true,
      capturedAmount: true,
      refundedAmount: true,
      authorizationExpiresAt: true,
      placedAt: true,
      createdAt: true,
      syncedAt: true,
      billingAddress: true,
      shippingAddress: true,
      paymentSessionId: true,
      lines: { orderBy: { position: 'asc' }, select: lineSelect },
      captures: {
        orderBy: { capturedAt: 'asc' },
        select: {
          id: true,
          klarnaCaptureId: true,
          klarnaReference: true,
          amount: true,
          lines: true,
          shippingInfo: true,
          description: true,
          idempotencyKey: true,
          actor: true,
          capturedAt: true,
        },
      },
      refunds: {
        orderBy: { refundedAt: 'asc' },
        select: {
          id: true,
          klarnaRefundId: true,
          amount: true,
          lines: true,
          description: true,
          idempotencyKey: true,
          actor: true,
          refundedAt: true,
        },
      },
    },
  });
  if (!order) return null;
  // Attempts to place the order before it existed are recorded against its payment session
  // (a subscription renewal has none).
  const events = await prisma.orderEvent.findMany({
    where: {
      OR: [
        { orderId: order.id },
        ...(order.paymentSessionId ? [{ paymentSessionId: order.paymentSessionId, orderId: null }] : []),
      ],
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: eventSelect,
  });
  const { paymentSessionId: _paymentSessionId, ...rest } = order;
  return {
    ...rest,
    billingAddress: parseObject(order.billingAddress),
    shippingAddress: parseObject(order.shippingAddress),
    captures: order.captures.map((capture) => ({
      ...capture,
      lines: parseRecordedLines(capture.lines),
      shippingInfo: capture.shippingInfo ? parseObject(capture.shippingInfo) : null,
    })),
    refunds: order.refunds.map((refund) => ({ ...refund, lines: parseRecordedLines(refund.lines) })),
    events,
  };
}

// =============================================================================================
// What an Order Management use-case needs, and its writes

export interface OrderForAction {
  id: string;
  number: string;
  klarnaOrderId: string | null;
  region: string;
  currency: string;
  locale: string;
  status: OrderStatus;
  klarnaStatus: string | null;
  fraudStatus: FraudStatus | null;
  orderAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  authorizationExpiresAt: Date | null;
  klarnaReference: string | null;
  merchantReference1: string | null;
  merchantReference2: string | null;
  syncedAt: Date | null;
  lines: SoldLine[];
  captures: { klarnaCaptureId: string; lines: RecordedLine[] }[];
  refunds: { klarnaRefundId: string; lines: RecordedLine[] }[];
  /** Successful merchant-reference changes so far (part of their idempotency key). */
  merchantReferenceChanges: number;
}

export const MERCHANT_REFERENCES_EVENT = 'UPDATE_MERCHANT_REFERENCES';

export async function getOrderForAction(id: string): Promise<OrderForAction | null> {
  const order = await prisma.order.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      klarnaOrderId: true,
      region: true,
      currency: true,
      locale: true,
      status: true,
      klarnaStatus: true,
      fraudStatus: true,
      orderAmount: true,
      capturedAmount: true,
      refundedAmount: true,
      authorizationExpiresAt: true,
      klarnaReference: true,
      merchantReference1: true,
      merchantReference2: true,
      syncedAt: true,
      lines: { orderBy: { position: 'asc' }, select: lineSelect },
      captures: { orderBy: { capturedAt: 'asc' }, select: { klarnaCaptureId: true, lines: true } },
      refunds: { orderBy: { refundedAt: 'asc' }, select: { klarnaRefundId: true, lines: true } },
      _count: { select: { events: { where: { type: MERCHANT_REFERENCES_EVENT, outcome: 'SUCCESS' } } } },
    },
  });
  if (!order) return null;
  const { _count, ...rest } = order;
  return {
    ...rest,
    captures: order.captures.map((capture) => ({ ...capture, lines: parseRecordedLines(capture.lines) })),
    refunds: order.refunds.map((refund) => ({ ...refund, lines: parseRecordedLines(refund.lines) })),
    merchantReferenceChanges: _count.events,
  };
}

/**
 * Takes the order's action lease for `ttlMs` unless another action holds a live one. The lease
 * lapses by itself, so a process that dies mid-action blocks the order for `ttlMs` at most.
 */
export async function acquireActionLease(orderId: string, leaseId: string, now: Date, ttlMs: number): Promise<boolean> {
  const taken = await prisma.order.updateMany({
    where: { id: orderId, OR: [{ actionLockedUntil: null }, { actionLockedUntil: { lt: now } }] },
    data: { actionLockId: leaseId, actionLockedUntil: new Date(now.getTime() + ttlMs) },
  });
  return taken.count === 1;
}

export async function releaseActionLease(orderId: string, leaseId: string): Promise<void> {
  await prisma.order.updateMany({
    where: { id: orderId, actionLockId: leaseId },
    data: { actionLockId: null, actionLockedUntil: null },
  });
}

export interface NewAdminEvent {
  type: string;
  actor: string;
  outcome: EventOutcome;
  amount?: number | null;
  idempotencyKey?: string | null;
  correlationId?: string | null;
  message?: string | null;
}

function eventData(orderId: string, event: NewAdminEvent): Prisma.OrderEventUncheckedCreateInput {
  return {
    orderId,
    type: event.type,
    actor: event.actor,
    outcome: event.outcome,
    amount: event.amount ?? null,
    idempotencyKey: event.idempotencyKey ?? null,
    correlationId: event.correlationId ?? null,
    message: event.message?.slice(0, 1000) ?? null,
  };
}

/** Appends one event to the order's audit trail (design invariant 7). */
export async function recordOrderEvent(orderId: string, event: NewAdminEvent): Promise<void> {
  await prisma.orderEvent.create({ data: eventData(orderId, event) });
}

/**
 * Notes that a request already carried out came again (same idempotency key): its first successful
 * event counts the replay, so the timeline keeps one event per thing that happened (design
 * invariant 7). Returns false when no event of this order carries the key (nothing to note on).
 */
export async function noteReplay(
  orderId: string,
  input: { type: string; idempotencyKey: string; at: Date },
): Promise<boolean> {
  const first = await prisma.orderEvent.findFirst({
    where: { orderId, type: input.type, idempotencyKey: input.idempotencyKey, outcome: 'SUCCESS' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  if (!first) return false;
  await prisma.orderEvent.update({
    where: { id: first.id },
    data: { replays: { increment: 1 }, lastReplayAt: input.at },
  });
  return true;
}

/** Like `recordOrderEvent`, for an id from a form: an unknown order gets nothing written. */
export async function recordEventIfOrderExists(orderId: string, event: NewAdminEvent): Promise<void> {
  if (orderId.length === 0 || orderId.length > 64) return;
  const order = await prisma.order.findUnique({ where: { id: orderId }, select: { id: true } });
  if (order) await recordOrderEvent(order.id, event);
}

export interface NewCapture {
  klarnaCaptureId: string;
  klarnaReference?: string | null;
  amount: number;
  lines: RecordedLine[];
  shippingInfo?: Record<string, string> | null;
  description?: string | null;
  idempotencyKey?: string | null;
  actor: string;
  capturedAt: Date;
  /** Recorded with the capture, and only when the capture is recorded now (never twice). */
  event?: NewAdminEvent;
}

export interface NewRefund {
  klarnaRefundId: string;
  amount: number;
  lines: RecordedLine[];
  description?: string | null;
  idempotencyKey?: string | null;
  actor: string;
  refundedAt: Date;
  /** Recorded with the refund, and only when the refund is recorded now (never twice). */
  event?: NewAdminEvent;
}

export interface MirrorWrite {
  orderId: string;
  currency: string;
  /** Klarna's view of the order (or the part of it known), or null to leave the fields as they are. */
  mirror: Partial<OrderMirror> | null;
  syncedAt: Date;
  captures?: NewCapture[];
  refunds?: NewRefund[];
  events?: NewAdminEvent[];
}

/**
 * Writes, in one transaction, what an action or a sync learnt from Klarna: the mirrored fields,
 * captures and refunds not yet recorded (a Klarna id already present is skipped, with its event,
 * and an idempotency key already used is dropped rather than failing the write), and the audit
 * events.
 */
export async function writeOrderMirror(write: MirrorWrite): Promise<{ capturesAdded: number; refundsAdded: number }> {
  return prisma.$transaction(async (tx) => {
    if (write.mirror) {
      await tx.order.update({ where: { id: write.orderId }, data: { ...write.mirror, syncedAt: write.syncedAt } });
    } else {
      await tx.order.update({ where: { id: write.orderId }, data: { syncedAt: write.syncedAt } });
    }

    // The events of the captures and refunds recorded now come first, then the write's own.
    const events: NewAdminEvent[] = [];
    let capturesAdded = 0;
    const captures = write.captures ?? [];
    if (captures.length > 0) {
      const known = await tx.capture.findMany({
        where: {
          OR: [
            { klarnaCaptureId: { in: captures.map((capture) => capture.klarnaCaptureId) } },
            { idempotencyKey: { in: captures.flatMap((capture) => (capture.idempotencyKey ? [capture.idempotencyKey] : [])) } },
          ],
        },
        select: { klarnaCaptureId: true, idempotencyKey: true },
      });
      const knownIds = new Set(known.map((row) => row.klarnaCaptureId));
      const knownKeys = new Set(known.map((row) => row.idempotencyKey));
      for (const capture of captures) {
        if (knownIds.has(capture.klarnaCaptureId)) continue;
        const idempotencyKey = capture.idempotencyKey && !knownKeys.has(capture.idempotencyKey) ? capture.idempotencyKey : null;
        await tx.capture.create({
          data: {
            orderId: write.orderId,
            klarnaCaptureId: capture.klarnaCaptureId,
            klarnaReference: capture.klarnaReference ?? null,
            amount: capture.amount,
            currency: write.currency,
            lines: JSON.stringify(capture.lines),
            shippingInfo: capture.shippingInfo ? JSON.stringify(capture.shippingInfo) : null,
            description: capture.description ?? null,
            idempotencyKey,
            actor: capture.actor,
            capturedAt: capture.capturedAt,
          },
        });
        knownIds.add(capture.klarnaCaptureId);
        if (idempotencyKey) knownKeys.add(idempotencyKey);
        if (capture.event) events.push(capture.event);
        capturesAdded++;
      }
    }

    let refundsAdded = 0;
    const refunds = write.refunds ?? [];
    if (refunds.length > 0) {
      const known = await tx.refund.findMany({
        where: {
          OR: [
            { klarnaRefundId: { in: refunds.map((refund) => refund.klarnaRefundId) } },
            { idempotencyKey: { in: refunds.flatMap((refund) => (refund.idempotencyKey ? [refund.idempotencyKey] : [])) } },
          ],
        },
        select: { klarnaRefundId: true, idempotencyKey: true },
      });
      const knownIds = new Set(known.map((row) => row.klarnaRefundId));
      const knownKeys = new Set(known.map((row) => row.idempotencyKey));
      for (const refund of refunds) {
        if (knownIds.has(refund.klarnaRefundId)) continue;
        const idempotencyKey = refund.idempotencyKey && !knownKeys.has(refund.idempotencyKey) ? refund.idempotencyKey : null;
        await tx.refund.create({
          data: {
            orderId: write.orderId,
            klarnaRefundId: refund.klarnaRefundId,
            amount: refund.amount,
            currency: write.currency,
            lines: JSON.stringify(refund.lines),
            description: refund.description ?? null,
            idempotencyKey,
            actor: refund.actor,
            refundedAt: refund.refundedAt,
          },
        });
        knownIds.add(refund.klarnaRefundId);
        if (idempotencyKey) knownKeys.add(idempotencyKey);
        if (refund.event) events.push(refund.event);
        refundsAdded++;
      }
    }

    events.push(...(write.events ?? []));
    if (events.length > 0) {
      await tx.orderEvent.createMany({ data: events.map((event) => eventData(write.orderId, event)) });
    }
    return { capturesAdded, refundsAdded };
  });
}

// =============================================================================================
// Reconcile

export interface ReconcileCandidate {
  id: string;
  number: string;
}

/**
 * Orders whose copy may fall behind Klarna, in id order from `afterId`: open authorizations (they
 * expire, and may be captured, cancelled or released elsewhere) and, with `includeSettled`, captured
 * or closed orders, which may still be refunded elsewhere.
 */
export async function listOrdersToReconcile(input: {
  afterId?: string;
  take: number;
  includeSettled: boolean;
}): Promise<ReconcileCandidate[]> {
  const statuses: OrderStatus[] = input.includeSettled
    ? [...OPEN_STATUSES, 'CAPTURED', 'CLOSED']
    : OPEN_STATUSES;
  return prisma.order.findMany({
    where: {
      status: { in: statuses },
      klarnaOrderId: { not: null },
      ...(input.afterId ? { id: { gt: input.afterId } } : {}),
    },
    orderBy: { id: 'asc' },
    take: input.take,
    select: { id: true, number: true },
  });
}

/**
 * Recounts orders per status and corrects the counts table where it drifted (it is kept by
 * triggers; a migration that re-created the Order table without them would let it drift).
 * Returns the statuses that were corrected, with the old and new counts.
 */
export async function recountOrderStatuses(): Promise<{ status: string; was: number; now: number }[]> {
  return prisma.$transaction(async (tx) => {
    const actual = await tx.order.groupBy({ by: ['status'], _count: { _all: true } });
    const stored = await tx.orderStatusCount.findMany();
    const actualBy = new Map(actual.map((row) => [row.status as string, row._count._all]));
    const storedBy = new Map(stored.map((row) => [row.status, row.count]));
    const corrections: { status: string; was: number; now: number }[] = [];
    for (const status of new Set([...actualBy.keys(), ...storedBy.keys()])) {
      const now = actualBy.get(status) ?? 0;
      const was = storedBy.get(status) ?? 0;
      if (now === was) continue;
      await tx.orderStatusCount.upsert({ where: { status }, create: { status, count: now }, update: { count: now } });
      corrections.push({ status, was, now });
    }
    return corrections;
  });
}
