import type { OrderStateDTO } from '@/lib/data/order-reads';
import type { EventActor } from '@/lib/data/orders';
import type { MailOptions } from '@/lib/mail/settings';
import { succeed, type Failure, type Success } from '@/lib/result';
import type { CartPayloadFailureReason } from './payload';
import type { CheckoutOptions, CheckoutSessionView } from './start-session';

/*
 * How placing an order (or, for a checkout that charges nothing today, subscribing) ends. The
 * shopper's server action turns this into what the checkout page shows, Klarna's authorization
 * callback into an HTTP answer.
 */

/** What the shopper approved with Klarna's widget, and who hands it over. */
export interface Approval {
  authorizationToken: string;
  actor: EventActor;
}

export interface FinalizeInput extends Approval {
  paymentSessionId: string;
}

/** Tests shorten the waits for another request's claim, and the claim timeouts of lib/data/claims.ts. */
export interface ClaimWaitOptions {
  /** How long to wait for another request's claim before answering that it is in progress. */
  waitForClaimMs?: number;
  staleClaimMs?: number;
  now?: () => Date;
}

/** `mail`: where the order confirmation goes out (default: SMTP_URL; null: no mail). */
export type FinalizeOptions = CheckoutOptions & ClaimWaitOptions & MailOptions;

/**
 * The shopper must approve again, for the cart as it is now (`session` holds its new figures).
 * `market_changed`: the cart moved to another market than the session's, so this session can never
 * be paid for it; checkout starts again in the cart's market, on a new session (`session` is null).
 */
export type ReauthorizeReason = 'cart_changed' | 'authorization_invalid' | 'data_mismatch' | 'market_changed';

/** Bad input or a state that forbids placing the order. Nothing was written. */
export type RefusalReason =
  | 'unknown_session'
  | 'approval_used_elsewhere'
  | 'cart_closed'
  | 'details_missing'
  | 'needs_review'
  | 'token_refused'
  | 'klarna_refused'
  | CartPayloadFailureReason;

export type FinalizeResult =
  /** The order exists (now, or already: `created` says which). The shopper goes to its page. */
  | Success<{ outcome: 'placed'; orderId: string; accessKey: string; number: string; created: boolean }>
  /**
   * Nothing was charged today (intent `tokenize`, free trials): no order, but the customer token and
   * the subscriptions it pays for exist (now, or already).
   */
  | Success<{ outcome: 'subscribed'; subscriptionIds: string[]; created: boolean }>
  | Failure<ReauthorizeReason, { session: CheckoutSessionView | null }>
  /**
   * `declined`: Klarna refused the purchase. `unavailable`: Klarna is down or slow; nothing was
   * recorded and the same approval can be retried. `in_progress`: another request is placing this
   * order right now.
   */
  | Failure<'declined' | 'unavailable' | 'in_progress'>
  | Failure<RefusalReason>;

export type FinalizeFailure = Extract<FinalizeResult, { ok: false }>;

export type ReauthorizeFailure = Extract<FinalizeResult, { reason: ReauthorizeReason }>;

export function needsReauthorization(result: FinalizeResult): result is ReauthorizeFailure {
  return !result.ok && 'session' in result;
}

export const MESSAGES = {
  cartChanged: 'Your cart changed after you approved the payment. Check the new total and confirm again.',
  authorizationInvalid:
    'Your Klarna approval has expired or was already used. Please confirm the payment again.',
  dataMismatch:
    'Your order details changed since you approved the payment. Please confirm the payment again.',
  unavailable:
    'Klarna is not responding right now. Nothing was charged and your cart is saved; please try again.',
  inProgress: 'Your order is being placed. This page will update in a moment.',
  declined:
    'Klarna declined this purchase, so nothing was charged. Your cart is saved: check your details and try Klarna again.',
  detailsMissing: 'Enter your contact details before paying.',
} as const;

export function placed(order: OrderStateDTO, created: boolean): FinalizeResult {
  return succeed({
    outcome: 'placed' as const,
    orderId: order.id,
    accessKey: order.accessKey,
    number: order.number,
    created,
  });
}
