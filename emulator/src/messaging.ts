import { formatAmount } from './html.js';
import { findMarket, type Market } from './markets.js';

/**
 * On-site messaging: the line under a price that tells a shopper how Klarna can pay for it ("Pay in
 * 3 interest-free payments of 433,00 kr"). Klarna decides the offer from the market, the locale
 * and the amount; the emulator does the same from the table below, so a storefront can show,
 * update and hide its messaging offline exactly as it will against Klarna.
 *
 * The offers and limits are the emulator's own (Klarna's differ per merchant contract): one
 * interest-free instalment plan per market and, in the markets where Klarna sells it, pay in 30
 * days for amounts the instalments do not cover. Outside both ranges there is no messaging.
 */

export const PLACEMENT_KEYS = [
  'credit-promotion-badge',
  'credit-promotion-auto-size',
  'top-strip-promotion-badge',
] as const;
export type PlacementKey = (typeof PLACEMENT_KEYS)[number];

interface Offer {
  /** Interest-free instalments and the amounts (minor units, inclusive) they are offered for. */
  instalments: { count: number; min: number; max: number };
  /** Pay in 30 days, where sold, and its amounts. */
  payLater?: { min: number; max: number };
}

/** Instalment plans by market, in the market's currency. Markets not listed get the EU default, scaled. */
const OFFERS: Record<string, Offer> = {
  US: { instalments: { count: 4, min: 35_00, max: 1_000_00 } },
  CA: { instalments: { count: 4, min: 50_00, max: 1_500_00 } },
  AU: { instalments: { count: 4, min: 1_00, max: 2_000_00 } },
  NZ: { instalments: { count: 4, min: 1_00, max: 2_000_00 } },
  GB: { instalments: { count: 3, min: 30_00, max: 2_000_00 } },
  SE: { instalments: { count: 3, min: 100_00, max: 20_000_00 }, payLater: { min: 1_00, max: 50_000_00 } },
  NO: { instalments: { count: 3, min: 100_00, max: 20_000_00 }, payLater: { min: 1_00, max: 50_000_00 } },
  DK: { instalments: { count: 3, min: 75_00, max: 15_000_00 }, payLater: { min: 1_00, max: 35_000_00 } },
};
const EUR_OFFER: Offer = {
  instalments: { count: 3, min: 35_00, max: 1_500_00 },
  payLater: { min: 1_00, max: 5_000_00 },
};

function offerFor(market: Market): Offer | undefined {
  return OFFERS[market.country] ?? (market.currency === 'EUR' ? EUR_OFFER : undefined);
}

interface Wording {
  instalments: (count: number, amount: string) => string;
  instalmentsStrip: (count: number) => string;
  payLater: string;
  generic: string;
  learnMore: string;
}

const ENGLISH: Wording = {
  instalments: (count, amount) => `Pay in ${count} interest-free payments of ${amount}.`,
  instalmentsStrip: (count) => `Pay in ${count} interest-free payments with Klarna.`,
  payLater: 'Pay in 30 days.',
  generic: 'Pay later with Klarna.',
  learnMore: 'Learn more',
};

/** By the locale's language; English for the languages not listed. */
const WORDING: Record<string, Wording> = {
  en: ENGLISH,
  sv: {
    instalments: (count, amount) => `Dela upp i ${count} räntefria betalningar om ${amount}.`,
    instalmentsStrip: (count) => `Dela upp i ${count} räntefria betalningar med Klarna.`,
    payLater: 'Betala inom 30 dagar.',
    generic: 'Betala senare med Klarna.',
    learnMore: 'Läs mer',
  },
  de: {
    instalments: (count, amount) => `Bezahle in ${count} zinsfreien Raten von je ${amount}.`,
    instalmentsStrip: (count) => `Bezahle in ${count} zinsfreien Raten mit Klarna.`,
    payLater: 'In 30 Tagen bezahlen.',
    generic: 'Später bezahlen mit Klarna.',
    learnMore: 'Mehr erfahren',
  },
};

export interface TextNode {
  name: 'TEXT_MAIN';
  type: 'TEXT';
  value: string;
}
export interface ActionNode {
  name: 'ACTION_LEARN_MORE';
  type: 'ACTION';
  url: string;
  label: string;
}
export interface ImageNode {
  name: 'KLARNA_LOGO';
  type: 'IMAGE';
  alt: string;
  url: string;
}
export interface MessagingContent {
  content: { nodes: [TextNode, ActionNode, ImageNode] };
}

export interface MessagingRequest {
  /** The store's messaging client id (Klarna's `client_id`). */
  clientId: string;
  placementKey: PlacementKey;
  /** A locale Klarna serves, canonical (`sv-SE`). */
  locale: string;
  /** Minor units of the market's currency; absent for a placement that names no amount. */
  purchaseAmount?: number;
}

/** The market a messaging locale names (its country part), if Klarna sells there and the locale is one of its own. */
export function messagingMarket(locale: string): Market | undefined {
  const market = findMarket(locale.slice(3));
  return market?.locales.includes(locale) ? market : undefined;
}

/**
 * The message for a placement, or undefined when Klarna would show none (the amount is outside
 * every offer of the market). `origin` is the emulator's, for the logo and the learn-more page.
 */
export function messagingContent(request: MessagingRequest, origin: string): MessagingContent | undefined {
  const market = messagingMarket(request.locale);
  const offer = market && offerFor(market);
  if (!market || !offer) return undefined;
  const words = WORDING[request.locale.slice(0, 2)] ?? ENGLISH;
  const text = messageText(request, market, offer, words);
  if (text === undefined) return undefined;
  const query = new URLSearchParams({
    client_id: request.clientId,
    locale: request.locale,
    placement_key: request.placementKey,
  });
  if (request.purchaseAmount !== undefined) query.set('purchase_amount', String(request.purchaseAmount));
  return {
    content: {
      nodes: [
        { name: 'TEXT_MAIN', type: 'TEXT', value: text },
        {
          name: 'ACTION_LEARN_MORE',
          type: 'ACTION',
          url: `${origin}/osm/learn-more?${query.toString()}`,
          label: words.learnMore,
        },
        { name: 'KLARNA_LOGO', type: 'IMAGE', alt: 'Klarna', url: `${origin}/kp/assets/badges/klarna.svg` },
      ],
    },
  };
}

function messageText(
  { placementKey, locale, purchaseAmount }: MessagingRequest,
  market: Market,
  offer: Offer,
  words: Wording,
): string | undefined {
  const { instalments, payLater } = offer;
  if (placementKey === 'top-strip-promotion-badge') return words.instalmentsStrip(instalments.count);
  if (purchaseAmount === undefined) return words.generic;
  if (purchaseAmount >= instalments.min && purchaseAmount <= instalments.max) {
    // Klarna rounds each payment up to the minor unit; the last one is smaller when it does not divide.
    const each = Math.ceil(purchaseAmount / instalments.count);
    return words.instalments(instalments.count, formatAmount(each, market.currency, locale));
  }
  if (payLater && purchaseAmount >= payLater.min && purchaseAmount <= payLater.max) return words.payLater;
  return undefined;
}
