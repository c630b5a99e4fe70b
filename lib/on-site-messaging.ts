import 'server-only';

import { klarnaClientId } from '@/lib/klarna/client-id';
import { getKlarnaConfig } from '@/lib/klarna/config';
import {
  fetchKlarnaMessage,
  type KlarnaMessage,
  type MessagingPlacement,
  type MessagingRequest,
} from '@/lib/klarna/messaging';
import type { Market } from '@/lib/markets';
import { unstable_cache } from 'next/cache';

export type { KlarnaMessage, MessagingPlacement };

/**
 * Klarna's offer line on shop pages, never at a page's expense: answers are cached per market,
 * placement and amount; a call that fails or takes longer than a moment shows no message, and
 * the failure is not cached, so the next render asks again.
 */

/** What a placement shows: Klarna's message, nothing (Klarna has no offer), or nothing for now. */
export type MessagingResult =
  | { status: 'shown'; message: KlarnaMessage }
  | { status: 'hidden' }
  /** Klarna could not be asked (unreachable, too slow, a bad answer): try again later. */
  | { status: 'unavailable' };

export interface MessagingSubject {
  market: Market;
  placement: MessagingPlacement;
  /** Minor units in the market's currency; null where no offer applies (see the helpers below). */
  purchaseAmount?: number | null;
}

/** How long an answer is kept: Klarna's own `Cache-Control` for the messaging API. */
const CACHE_SECONDS = 300;

/** The page renders without the line rather than wait longer than this for Klarna. */
export const MESSAGING_TIMEOUT_MS = 1_500;

const HIDDEN: MessagingResult = { status: 'hidden' };

/** Amount-based placements need a whole, positive amount; Klarna's offers are for one payment, never a subscription. */
export function productMessagingAmount(
  product: { kind: 'ONE_TIME' | 'SUBSCRIPTION' },
  unitAmount: number,
  quantity: number,
): number | null {
  if (product.kind === 'SUBSCRIPTION') return null;
  const amount = unitAmount * quantity;
  return Number.isSafeInteger(amount) && amount > 0 ? amount : null;
}

/** A basket with a subscription keeps the normal checkout (its first charge is not Klarna's offer). */
export function cartMessagingAmount(cart: {
  lines: { kind: 'ONE_TIME' | 'SUBSCRIPTION' }[];
  summary: { total: number };
}): number | null {
  if (cart.lines.length === 0 || cart.lines.some((line) => line.kind === 'SUBSCRIPTION')) return null;
  const { total } = cart.summary;
  return Number.isSafeInteger(total) && total > 0 ? total : null;
}

function requestFor(subject: MessagingSubject): MessagingRequest | null {
  const { market, placement, purchaseAmount } = subject;
  if (placement === 'top-strip-promotion-badge') {
    return { region: market.region, placement, locale: market.locale };
  }
  if (purchaseAmount === null || purchaseAmount === undefined) return null;
  return { region: market.region, placement, locale: market.locale, purchaseAmount };
}

/** Asks Klarna for a message as the store `clientId`. */
export type MessageFetcher = (request: MessagingRequest, clientId: string) => Promise<KlarnaMessage | null>;

/** Asks Klarna through Next's data cache; a thrown failure is never stored. */
const cachedFetch: MessageFetcher = (request, clientId) =>
  unstable_cache(
    () =>
      fetchKlarnaMessage(request, { config: getKlarnaConfig(), clientId, timeoutMs: MESSAGING_TIMEOUT_MS }),
    ['klarna-message', clientId, request.locale, request.placement, String(request.purchaseAmount ?? '')],
    { revalidate: CACHE_SECONDS },
  )();

/**
 * The message for a placement. Never throws: a placement that cannot be filled is simply not shown.
 * The store is named by the region's Klarna client identifier (lib/klarna/client-id); a region
 * without one shows no messaging. `fetchMessage` defaults to the cached call against the
 * configured Klarna.
 */
export async function klarnaMessage(
  subject: MessagingSubject,
  fetchMessage: MessageFetcher = cachedFetch,
  clientId: string | null = klarnaClientId(subject.market.country),
): Promise<MessagingResult> {
  const request = requestFor(subject);
  if (!request || clientId === null) return HIDDEN;
  try {
    const message = await fetchMessage(request, clientId);
    return message ? { status: 'shown', message } : HIDDEN;
  } catch (error) {
    console.warn(
      JSON.stringify({
        level: 'warn',
        event: 'klarna.messaging.unavailable',
        locale: request.locale,
        placement: request.placement,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    return { status: 'unavailable' };
  }
}
