import 'server-only';

import { prisma } from '@/lib/db';
import { addDays } from '@/lib/time';

/*
 * The dashboard's money: per currency (never added across currencies) and per window, what was
 * placed at checkout and what was captured and refunded, from the capture and refund rows (one
 * covering index each).
 */

export interface CurrencyRevenue {
  currency: string;
  /** Σ amount of orders placed with Klarna in the window (authorized; some may be cancelled later). */
  placed: number;
  captured: number;
  refunded: number;
  /** Captured minus refunded in the window: the money that moved to the shop. */
  net: number;
}

export interface RevenueWindow {
  from: Date;
  rows: CurrencyRevenue[];
}

export interface RevenueSummary {
  /** Since midnight UTC. */
  today: RevenueWindow;
  /** Since Monday midnight UTC. */
  week: RevenueWindow;
}

/** Midnight UTC of `now`'s day. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Midnight UTC of the Monday of `now`'s week (ISO weeks start on Monday). */
export function startOfUtcWeek(now: Date): Date {
  const day = startOfUtcDay(now);
  return addDays(day, -((day.getUTCDay() + 6) % 7));
}

async function revenueSince(from: Date, now: Date): Promise<CurrencyRevenue[]> {
  const [placed, captured, refunded] = await Promise.all([
    prisma.order.groupBy({
      by: ['currency'],
      where: { placedAt: { gte: from, lte: now } },
      _sum: { orderAmount: true },
    }),
    prisma.capture.groupBy({
      by: ['currency'],
      where: { capturedAt: { gte: from, lte: now } },
      _sum: { amount: true },
    }),
    prisma.refund.groupBy({
      by: ['currency'],
      where: { refundedAt: { gte: from, lte: now } },
      _sum: { amount: true },
    }),
  ]);
  const byCurrency = new Map<string, CurrencyRevenue>();
  const row = (currency: string) => {
    let found = byCurrency.get(currency);
    if (!found) {
      found = { currency, placed: 0, captured: 0, refunded: 0, net: 0 };
      byCurrency.set(currency, found);
    }
    return found;
  };
  for (const group of placed) row(group.currency).placed += group._sum.orderAmount ?? 0;
  for (const group of captured) row(group.currency).captured += group._sum.amount ?? 0;
  for (const group of refunded) row(group.currency).refunded += group._sum.amount ?? 0;
  return [...byCurrency.values()]
    .map((entry) => ({ ...entry, net: entry.captured - entry.refunded }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Today's and this week's revenue per currency (UTC days; the week starts on Monday). */
export async function getRevenueSummary(now: Date): Promise<RevenueSummary> {
  const today = startOfUtcDay(now);
  const week = startOfUtcWeek(now);
  const [todayRows, weekRows] = await Promise.all([revenueSince(today, now), revenueSince(week, now)]);
  return { today: { from: today, rows: todayRows }, week: { from: week, rows: weekRows } };
}
