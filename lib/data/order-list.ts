import 'server-only';

import { isPostgresUrl, prisma } from '@/lib/db';
import { env } from '@/lib/env';
import type { FraudStatus, OrderStatus, Prisma } from '@/lib/generated/prisma/client';
import { addDays } from '@/lib/time';
import type { OrderSort } from '@/lib/validations/admin-orders';
import { orderListingSelect, type OrderListing } from './order-reads';

/*
 * The admin's orders list and dashboard: one page of orders (keyset pagination over indexed
 * columns), status counts from the trigger-kept counts table, and the 30-day chart.
 */

export type { FraudStatus, OrderStatus };

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

export interface AdminOrderRow extends OrderListing {
  email: string;
  authorizationExpiresAt: Date | null;
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

/** Open authorizations: what can still be captured, extended or cancelled. */
export const OPEN_STATUSES: OrderStatus[] = ['AUTHORIZED', 'PART_CAPTURED'];

const rowSelect = {
  ...orderListingSelect,
  email: true,
  authorizationExpiresAt: true,
  klarnaOrderId: true,
  merchantReference1: true,
  subscription: { select: { id: true, name: true } },
  subscriptionPeriod: true,
} as const satisfies Prisma.OrderSelect;

type SortField = 'createdAt' | 'orderAmount' | 'authorizationExpiresAt' | 'currency';
type Direction = 'asc' | 'desc';
interface SortKey {
  field: SortField;
  direction: Direction;
}

/**
 * Each sort is indexed columns plus the id as a tie-breaker, so a page is an index range. Amounts
 * are sorted within their currency (currencies in alphabetical order), never SEK against USD.
 */
const SORTS: Record<OrderSort, SortKey[]> = {
  newest: [{ field: 'createdAt', direction: 'desc' }],
  oldest: [{ field: 'createdAt', direction: 'asc' }],
  'amount-desc': [
    { field: 'currency', direction: 'asc' },
    { field: 'orderAmount', direction: 'desc' },
  ],
  'amount-asc': [
    { field: 'currency', direction: 'asc' },
    { field: 'orderAmount', direction: 'asc' },
  ],
  expiry: [{ field: 'authorizationExpiresAt', direction: 'asc' }],
};

/** Whether the list is sorted by amount, and so shown in one group per currency. */
export function groupsByCurrency(sort: OrderSort): boolean {
  return SORTS[sort].some((key) => key.field === 'currency');
}

type SortValue = Date | number | string;

function encodeCursor(values: (SortValue | null)[], id: string): string {
  const plain = values.map((value) => (value instanceof Date ? value.toISOString() : value));
  return Buffer.from(JSON.stringify([...plain, id])).toString('base64url');
}

function decodeValue(field: SortField, value: unknown): SortValue | null {
  if (field === 'orderAmount') return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
  if (typeof value !== 'string') return null;
  if (field === 'currency') return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A cursor from the URL; anything malformed is treated as no cursor (the first page). */
function decodeCursor(cursor: string | undefined, keys: SortKey[]): { values: SortValue[]; id: string } | null {
  if (!cursor) return null;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== keys.length + 1) return null;
    const id: unknown = decoded.at(-1);
    if (typeof id !== 'string') return null;
    const values = keys.map((key, index) => decodeValue(key.field, decoded[index]));
    return values.every((value) => value !== null) ? { values, id } : null;
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
 * A Klarna order id matches exactly; an order number or a merchant reference matches from its
 * start (index ranges); an email matches any part of it ("svensson", "@example.se"), and a
 * customer's name any part of the billing name ("anna", "anna svensson"). Emails and billing names
 * are stored lower-cased, so the term is too. The email and name matches read every order the
 * other filters leave, which is fine for staff searching, not for a shopper-facing page.
 */
export function searchCondition(term: string): Prisma.OrderWhereInput {
  const text = term.trim();
  if (UUID.test(text)) return { klarnaOrderId: text.toLowerCase() };
  const lower = text.toLowerCase();
  const email = { email: { contains: lower } };
  if (text.includes('@')) return email;
  const references: Prisma.OrderWhereInput[] = [
    { merchantReference1: prefixRange(text) },
    { merchantReference2: prefixRange(text) },
  ];
  const numbers = ORDER_NUMBER_PREFIX.test(text) ? [{ number: prefixRange(text.toUpperCase()) }] : [];
  const name = { billingName: { contains: lower.replace(/\s+/g, ' ') } };
  return { OR: [...numbers, ...references, email, name] };
}

function filterCondition(query: AdminOrderListQuery): Prisma.OrderWhereInput[] {
  const and: Prisma.OrderWhereInput[] = [];
  if (query.status) and.push({ status: query.status });
  if (query.fraudStatus) and.push({ fraudStatus: query.fraudStatus });
  if (query.needsCapture) and.push({ status: { in: OPEN_STATUSES }, fraudStatus: 'ACCEPTED' });
  if (query.expiresWithinDays !== undefined) {
    const until = addDays(query.now, query.expiresWithinDays);
    and.push({ status: { in: OPEN_STATUSES }, authorizationExpiresAt: { lte: until } });
  }
  if (SORTS[query.sort].some((key) => key.field === 'authorizationExpiresAt')) {
    and.push({ authorizationExpiresAt: { not: null } });
  }
  if (query.search) and.push(searchCondition(query.search));
  return and;
}

/**
 * Rows strictly after the cursor in the given order of keys (the id last): each key is a range
 * from the cursor's value, minus the rows equal to it that are not after it, so the leading
 * column of the sort index is a range.
 */
function keysetCondition(
  keys: SortKey[],
  cursor: { values: SortValue[]; id: string },
  idDirection: Direction,
): Prisma.OrderWhereInput {
  const all = [...keys, { field: 'id' as const, direction: idDirection }];
  const values = [...cursor.values, cursor.id];
  const after = (index: number): Prisma.OrderWhereInput => {
    const key = all[index]!;
    const value = values[index]!;
    if (index === all.length - 1) return { [key.field]: { [key.direction === 'desc' ? 'lt' : 'gt']: value } };
    return {
      [key.field]: { [key.direction === 'desc' ? 'lte' : 'gte']: value },
      NOT: { AND: [{ [key.field]: value }, { NOT: after(index + 1) }] },
    };
  };
  return after(0);
}

const flip = (direction: Direction): Direction => (direction === 'desc' ? 'asc' : 'desc');

/** One page of orders for the admin list, with cursors to the neighbouring pages. */
export async function listAdminOrders(query: AdminOrderListQuery): Promise<AdminOrderPage> {
  const sort = SORTS[query.sort];
  const backwards = !query.after && Boolean(query.before);
  const cursor = decodeCursor(backwards ? query.before : query.after, sort);
  // Paging backwards walks the same index the other way and turns the page round afterwards.
  const keys = backwards ? sort.map((key) => ({ ...key, direction: flip(key.direction) })) : sort;
  const idDirection = keys.at(-1)!.direction;

  const and = filterCondition(query);
  if (cursor) and.push(keysetCondition(keys, cursor, idDirection));
  const found = await prisma.order.findMany({
    where: { AND: and },
    orderBy: [...keys.map((key) => ({ [key.field]: key.direction })), { id: idDirection }],
    take: query.pageSize + 1,
    select: rowSelect,
  });

  const hasMore = found.length > query.pageSize;
  const rows = found.slice(0, query.pageSize);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  const cursorOf = (row: AdminOrderRow) =>
    encodeCursor(
      sort.map((key) => row[key.field]),
      row.id,
    );
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
  const soon = addDays(now, 7);
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
  const dayList = Array.from({ length: days }, (_, index) => utcDay(addDays(firstDay, index)));
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
