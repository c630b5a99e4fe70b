/**
 * Reading Klarna's answers about customer tokens: what a token's status means for its
 * subscriptions, how a charge failure is classified, and how the payment method is described to
 * the shopper. Pure: no calls, no database.
 */
import type { CustomerToken, KlarnaError } from '@/lib/klarna';

/**
 * What a failed token charge means:
 * - `unanswered`: no (readable) answer, so it may have gone through: re-send with the same key;
 * - `token_cancelled` / `token_suspended` / `token_unknown`: the token cannot be charged;
 * - `refused`: Klarna declined this charge (payment method failed or unusable, bad request).
 */
export type ChargeFailureKind =
  'unanswered' | 'token_cancelled' | 'token_suspended' | 'token_unknown' | 'refused';

export function classifyChargeFailure(error: KlarnaError): ChargeFailureKind {
  if (error.transient || error.code === 'INVALID_RESPONSE' || error.status === null) return 'unanswered';
  if (error.code === 'TOKEN_CANCELED' || error.code === 'TOKEN_CANCELLED') return 'token_cancelled';
  if (error.code === 'TOKEN_SUSPENDED') return 'token_suspended';
  if (error.code === 'TOKEN_NOT_FOUND' || (error.status === 404 && error.code === 'NOT_FOUND')) {
    return 'token_unknown';
  }
  return 'refused';
}

/** Klarna's error as one line for logs and staff: `403 PAYMENT_METHOD_FAILED: Purchase … failed`. */
export function describeKlarnaError(error: KlarnaError): string {
  const status = error.status === null ? 'no answer' : String(error.status);
  const messages = error.messages.length > 0 ? `: ${error.messages.join('; ')}` : '';
  return `${status} ${error.code}${messages}`;
}

/** "VISA •••• 1234", "Direct debit •••• 6789", "Klarna (invoice)". */
export function describePaymentMethod(token: CustomerToken): string {
  const lastFour = (masked: string) => masked.replace(/[^0-9]/g, '').slice(-4);
  if (token.card?.masked_number) {
    return `${token.card.brand ?? 'Card'} •••• ${lastFour(token.card.masked_number)}`;
  }
  if (token.direct_debit?.masked_number) {
    return `Direct debit •••• ${lastFour(token.direct_debit.masked_number)}`;
  }
  return `Klarna (${token.payment_method_type.toLowerCase().replaceAll('_', ' ')})`;
}
