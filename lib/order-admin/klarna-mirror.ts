import type { OrderMirror } from '@/lib/data/orders';
import type { MerchantOrder } from '@/lib/klarna';
import { isCurrencyCode, minorToDecimalString } from '@/lib/money';

export type { OrderMirror };

/*
 * The local copy of a Klarna order: which of Klarna's fields the Order row mirrors and how they are
 * compared. Pure, so the mapping and the wording of differences are tested without Klarna.
 */

/**
 * What staff can still do with an order's money, each amount a fact of its own: Klarna's status
 * says whether the authorization is open; a refund changes neither it nor what is left to capture.
 */
export interface OrderAmounts {
  authorized: number;
  captured: number;
  refunded: number;
  /** Still authorized and not captured: Klarna's `remaining_authorized_amount` (0 once closed). */
  leftToCapture: number;
  /** Captured and not yet refunded. */
  refundable: number;
}

const OPEN_STATUSES: ReadonlySet<string> = new Set(['AUTHORIZED', 'PART_CAPTURED']);

export function orderAmounts(order: {
  status: string;
  orderAmount: number;
  capturedAmount: number;
  refundedAmount: number;
}): OrderAmounts {
  return {
    authorized: order.orderAmount,
    captured: order.capturedAmount,
    refunded: order.refundedAmount,
    leftToCapture: OPEN_STATUSES.has(order.status)
      ? Math.max(0, order.orderAmount - order.capturedAmount)
      : 0,
    refundable: Math.max(0, order.capturedAmount - order.refundedAmount),
  };
}

/** How much of what was captured went back: none, part of it, or all of it. */
export type RefundState = 'NONE' | 'PART' | 'FULL';

export function refundStateOf(order: { capturedAmount: number; refundedAmount: number }): RefundState {
  if (order.refundedAmount <= 0) return 'NONE';
  return order.refundedAmount >= order.capturedAmount ? 'FULL' : 'PART';
}

function dateOrNull(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Klarna sends "" for an unset reference; the row stores null. */
function textOrNull(value: string | undefined): string | null {
  return value ? value : null;
}

export function mirrorOf(order: MerchantOrder): OrderMirror {
  return {
    status: order.status,
    klarnaStatus: order.status,
    fraudStatus: order.fraud_status,
    orderAmount: order.order_amount,
    capturedAmount: order.captured_amount,
    refundedAmount: order.refunded_amount,
    authorizationExpiresAt: dateOrNull(order.expires_at),
    klarnaReference: textOrNull(order.klarna_reference),
    merchantReference1: textOrNull(order.merchant_reference1),
    merchantReference2: textOrNull(order.merchant_reference2),
  };
}

/** The local side of the comparison (the Order row as it is). */
export type LocalMirror = Omit<OrderMirror, 'klarnaStatus' | 'fraudStatus'> & {
  klarnaStatus: string | null;
  fraudStatus: OrderMirror['fraudStatus'] | null;
};

function money(amount: number, currency: string): string {
  return isCurrencyCode(currency)
    ? `${currency} ${minorToDecimalString(amount, currency)}`
    : `${amount} (minor units)`;
}

function day(date: Date | null): string {
  return date ? date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'none';
}

/**
 * Expiries within a minute of each other are the same expiry: the checkout records its own estimate
 * (placed + 28 days) a few milliseconds off Klarna's, which is not worth an event.
 */
function sameMinute(a: Date | null, b: Date | null): boolean {
  if (!a || !b) return a === b;
  return Math.abs(a.getTime() - b.getTime()) < 60_000;
}

/**
 * What differs between the local copy and Klarna's, one human-readable phrase per field, e.g.
 * `status AUTHORIZED → EXPIRED`, `captured SEK 0.00 → 249.00`. Empty when they agree.
 */
export function describeDifferences(local: LocalMirror, klarna: OrderMirror, currency: string): string[] {
  const differences: string[] = [];
  if (local.status !== klarna.status) differences.push(`status ${local.status} → ${klarna.status}`);
  if (local.fraudStatus !== klarna.fraudStatus) {
    differences.push(`fraud status ${local.fraudStatus ?? 'none'} → ${klarna.fraudStatus}`);
  }
  const amounts = [
    ['authorized', local.orderAmount, klarna.orderAmount],
    ['captured', local.capturedAmount, klarna.capturedAmount],
    ['refunded', local.refundedAmount, klarna.refundedAmount],
  ] as const;
  for (const [label, before, after] of amounts) {
    if (before !== after) differences.push(`${label} ${money(before, currency)} → ${money(after, currency)}`);
  }
  if (!sameMinute(local.authorizationExpiresAt, klarna.authorizationExpiresAt)) {
    differences.push(
      `authorization expiry ${day(local.authorizationExpiresAt)} → ${day(klarna.authorizationExpiresAt)}`,
    );
  }
  const references = [
    ['merchant reference 1', local.merchantReference1, klarna.merchantReference1],
    ['merchant reference 2', local.merchantReference2, klarna.merchantReference2],
  ] as const;
  for (const [label, before, after] of references) {
    if (before !== after) differences.push(`${label} "${before ?? ''}" → "${after ?? ''}"`);
  }
  return differences;
}
