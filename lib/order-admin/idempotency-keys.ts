import { createHash } from 'node:crypto';

/*
 * Deterministic `Klarna-Idempotency-Key`s for Order Management writes (design invariant 4).
 *
 * A key is derived from the order, the action and the cumulative state the action leads to, never
 * from a random value or a clock. So the same intent always yields the same key: a retry after a
 * timeout, a double click or two admins pressing the same button send one key, and Klarna executes
 * it once and replays its answer. A different intent (the next partial capture) has a different
 * cumulative state and therefore a different key.
 *
 * The key is a SHA-256 of the parts, shaped as an RFC 9562 version 8 ("custom") UUID, because Klarna
 * recommends UUIDs. It is also sent as the capture's or refund's `reference`, so a write whose
 * answer was lost can be recognised on the next read of the order.
 */

const NAMESPACE = 'klarna-om-v1';

/** A UUID-shaped SHA-256 of the parts (joined unambiguously). */
export function deterministicKey(...parts: readonly (string | number)[]): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([NAMESPACE, ...parts]))
    .digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80; // version 8
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Whether a capture's or refund's `reference` looks like one of our keys. */
export function looksLikeDeterministicKey(value: string | undefined | null): value is string {
  return typeof value === 'string' && UUID_SHAPE.test(value);
}

/** A capture that brings the order's captured total to `capturedTotalAfter` (minor units). */
export function captureKey(klarnaOrderId: string, capturedTotalAfter: number): string {
  return deterministicKey('capture', klarnaOrderId, capturedTotalAfter);
}

/** A refund that brings the order's refunded total to `refundedTotalAfter` (minor units). */
export function refundKey(klarnaOrderId: string, refundedTotalAfter: number): string {
  return deterministicKey('refund', klarnaOrderId, refundedTotalAfter);
}

/** Cancelling happens at most once per order. */
export function cancelKey(klarnaOrderId: string): string {
  return deterministicKey('cancel', klarnaOrderId);
}

/** Extending the authorization that currently expires at `expiresAt` (Klarna's ISO timestamp). */
export function extendAuthorizationKey(klarnaOrderId: string, expiresAt: string): string {
  return deterministicKey('extend-authorization-time', klarnaOrderId, expiresAt);
}

/** Releasing what is left after `capturedTotal` was captured. */
export function releaseRemainingKey(klarnaOrderId: string, capturedTotal: number): string {
  return deterministicKey('release-remaining-authorization', klarnaOrderId, capturedTotal);
}

/**
 * The `sequence`-th change of the merchant references (how many earlier changes succeeded), from
 * the values Klarna holds to the new ones. The sequence keeps A → B → A → B from reusing the key
 * of the first A → B, which Klarna would replay instead of executing.
 */
export function merchantReferencesKey(
  klarnaOrderId: string,
  sequence: number,
  from: { reference1: string; reference2: string },
  to: { reference1: string; reference2: string },
): string {
  return deterministicKey(
    'merchant-references',
    klarnaOrderId,
    sequence,
    from.reference1,
    from.reference2,
    to.reference1,
    to.reference2,
  );
}
