import { randomUUID } from 'node:crypto';
import { MINUTE_MS } from '@/lib/time';

/*
 * Claims and leases: a row is marked as being worked on by one process (a claim id plus the time it
 * was taken) so that a second process waits or backs off instead of calling Klarna twice. If the
 * holder dies, the claim goes stale after the timeout below and another process may take it over,
 * after re-reading Klarna to learn what the dead one managed to do.
 *
 * One table of timeouts for every flow. Each is longer than the slowest legitimate holder (Klarna
 * calls with their retries) so that a live holder is never taken over.
 */
export const CLAIM_TIMEOUT_MS = {
  /** An order being placed at Klarna (Order.status PLACING). */
  orderPlacement: MINUTE_MS,
  /** A customer token being created at Klarna (CustomerToken.status CREATING). */
  tokenCreation: MINUTE_MS,
  /** A subscription renewal being charged (SubscriptionCharge.status CHARGING). */
  renewalCharge: 2 * MINUTE_MS,
  /** A batch of due subscriptions leased by one renewal run (Subscription.leaseUntil). */
  renewalBatch: 5 * MINUTE_MS,
  /** A staff action on an order: three Klarna calls with retries. */
  orderAction: 2 * MINUTE_MS,
  /** A mail being sent to a shopper (OrderMail.claimedUntil): longer than the SMTP timeouts. */
  orderMail: MINUTE_MS,
} as const;

export type ClaimKind = keyof typeof CLAIM_TIMEOUT_MS;

/** A fresh id for one claim or lease. */
export function newClaimId(): string {
  return randomUUID();
}

/** Claims of this kind taken before this moment are stale. */
export function staleBefore(kind: ClaimKind, now: Date): Date {
  return new Date(now.getTime() - CLAIM_TIMEOUT_MS[kind]);
}

/** When a lease of this kind taken at `now` runs out. */
export function leaseUntil(kind: ClaimKind, now: Date): Date {
  return new Date(now.getTime() + CLAIM_TIMEOUT_MS[kind]);
}
