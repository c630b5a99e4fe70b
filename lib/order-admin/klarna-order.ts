import type { MerchantOrder } from '@/lib/klarna';

/* What Klarna's copy of an order says, in the terms staff actions check. */

/** Describes Klarna's order status in a sentence ("part captured"). */
export function statusText(klarna: MerchantOrder): string {
  return klarna.status.toLowerCase().replace('_', ' ');
}

/** Whether Klarna's authorization has run out (its status may lag until the order is next read). */
export function authorizationExpired(klarna: MerchantOrder, now: Date): boolean {
  if (klarna.status === 'EXPIRED') return true;
  if (!klarna.expires_at) return false;
  const expires = new Date(klarna.expires_at);
  return !Number.isNaN(expires.getTime()) && expires.getTime() <= now.getTime();
}
