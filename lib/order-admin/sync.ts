import 'server-only';

import { type OrderForAction } from '@/lib/data/admin-order';
import {
  writeOrderMirror,
  type NewAdminEvent,
  type NewCapture,
  type NewRefund,
} from '@/lib/data/order-settlements';
import type { OrderMirror } from '@/lib/data/orders';
import type { MerchantOrder } from '@/lib/klarna';
import { sendOrderMailsSoon } from '@/lib/mail/deliver';
import type { MailSettings } from '@/lib/mail/settings';
import { isCurrencyCode, minorToDecimalString } from '@/lib/money';
import { MINUTE_MS } from '@/lib/time';
import { looksLikeDeterministicKey } from './idempotency-keys';
import { recordKlarnaLines } from './line-selection';

/*
 * Bringing the local copy of an order in step with Klarna's: which of Klarna's fields the Order row
 * mirrors, how the two are compared (one phrase per difference, for the timeline), and the captures
 * and refunds Klarna has that the order has no record of.
 */

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
  return Math.abs(a.getTime() - b.getTime()) < MINUTE_MS;
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

/** Who a capture or refund is attributed to when it was learnt from Klarna rather than made here. */
const FOUND_AT_KLARNA = 'klarna';

const SYNC_EVENT = 'ORDER_SYNCED';

function dateOr(value: string | undefined, fallback: Date): Date {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : fallback;
}

function localMirror(order: OrderForAction) {
  return {
    status: order.status,
    klarnaStatus: order.klarnaStatus,
    fraudStatus: order.fraudStatus,
    orderAmount: order.orderAmount,
    capturedAmount: order.capturedAmount,
    refundedAmount: order.refundedAmount,
    authorizationExpiresAt: order.authorizationExpiresAt,
    klarnaReference: order.klarnaReference,
    merchantReference1: order.merchantReference1,
    merchantReference2: order.merchantReference2,
  };
}

/** Captures Klarna holds that the order has no record of (made elsewhere, or their answer was lost). */
function capturesMissingLocally(order: OrderForAction, klarna: MerchantOrder, now: Date): NewCapture[] {
  const known = new Set(order.captures.map((capture) => capture.klarnaCaptureId));
  return klarna.captures
    .filter((capture) => !known.has(capture.capture_id))
    .map((capture) => {
      const shipping = capture.shipping_info[0];
      return {
        klarnaCaptureId: capture.capture_id,
        klarnaReference: capture.klarna_reference ?? null,
        amount: capture.captured_amount,
        lines: recordKlarnaLines(order.lines, capture.order_lines),
        shippingInfo: shipping
          ? Object.fromEntries(
              Object.entries({
                shippingCompany: shipping.shipping_company,
                trackingNumber: shipping.tracking_number,
                trackingUri: shipping.tracking_uri,
              }).filter((entry): entry is [string, string] => Boolean(entry[1])),
            )
          : null,
        description: capture.description || null,
        idempotencyKey: looksLikeDeterministicKey(capture.reference) ? capture.reference : null,
        actor: FOUND_AT_KLARNA,
        capturedAt: dateOr(capture.captured_at, now),
      };
    });
}

function refundsMissingLocally(order: OrderForAction, klarna: MerchantOrder, now: Date): NewRefund[] {
  const known = new Set(order.refunds.map((refund) => refund.klarnaRefundId));
  return klarna.refunds
    .filter((refund) => !known.has(refund.refund_id))
    .map((refund) => ({
      klarnaRefundId: refund.refund_id,
      amount: refund.refunded_amount,
      lines: recordKlarnaLines(order.lines, refund.order_lines),
      description: refund.description || null,
      idempotencyKey: looksLikeDeterministicKey(refund.reference) ? refund.reference : null,
      actor: FOUND_AT_KLARNA,
      refundedAt: dateOr(refund.refunded_at, now),
    }));
}

/** The event of a capture or refund found at Klarna: made here (its answer lost) or elsewhere. */
function foundEvent(
  type: 'CAPTURE' | 'REFUND',
  what: string,
  found: { amount: number; idempotencyKey?: string | null },
): NewAdminEvent {
  return {
    type,
    actor: FOUND_AT_KLARNA,
    outcome: 'SUCCESS',
    amount: found.amount,
    idempotencyKey: found.idempotencyKey,
    message: `${what} found at Klarna and recorded (${
      found.idempotencyKey ? 'made here; its answer had not been recorded' : 'made outside the store'
    }).`,
  };
}

export interface AppliedSync {
  mirror: OrderMirror;
  differences: string[];
  capturesFound: NewCapture[];
  refundsFound: NewRefund[];
}

/**
 * Brings the local copy of an order in step with Klarna's (just read): the mirrored fields, and any
 * capture or refund Klarna has that is not recorded here. Every difference leaves an event, so the
 * timeline shows what changed outside the store (or while an answer was lost).
 */
export async function applyKlarnaOrder(
  order: OrderForAction,
  klarna: MerchantOrder,
  input: {
    actor: string;
    now: Date;
    context: string;
    extraEvents?: NewAdminEvent[];
    /** Where the shopper's receipt or refund notice goes out; null: the shop sends none. */
    mail: MailSettings | null;
  },
): Promise<AppliedSync> {
  const mirror = mirrorOf(klarna);
  const differences = describeDifferences(localMirror(order), mirror, order.currency);
  const capturesFound = capturesMissingLocally(order, klarna, input.now);
  const refundsFound = refundsMissingLocally(order, klarna, input.now);

  // Each found capture or refund carries its own event and the shopper's mail, both written only
  // if it is recorded now: money taken or returned at Klarna is told of like the store's own.
  const mailShopper = input.mail !== null;
  for (const capture of capturesFound) {
    capture.event = foundEvent(
      'CAPTURE',
      `Capture ${capture.klarnaReference ?? capture.klarnaCaptureId}`,
      capture,
    );
    capture.mailShopper = mailShopper;
  }
  for (const refund of refundsFound) {
    refund.event = foundEvent('REFUND', `Refund ${refund.klarnaRefundId}`, refund);
    refund.mailShopper = mailShopper;
  }
  const events: NewAdminEvent[] = [
    ...(differences.length > 0
      ? [
          {
            type: SYNC_EVENT,
            actor: input.actor,
            outcome: 'SUCCESS' as const,
            message: `${input.context}: ${differences.join('; ')}.`,
          },
        ]
      : []),
    ...(input.extraEvents ?? []),
  ];

  await writeOrderMirror({
    orderId: order.id,
    currency: order.currency,
    mirror,
    syncedAt: input.now,
    captures: capturesFound,
    refunds: refundsFound,
    events,
  });
  if (capturesFound.length + refundsFound.length > 0) sendOrderMailsSoon(order.id, { mail: input.mail });
  return { mirror, differences, capturesFound, refundsFound };
}
