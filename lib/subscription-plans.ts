import { MAX_QUANTITY } from '@/lib/validations/cart-limits';

/**
 * The terms of each subscription plan beyond what the catalogue stores (a product's interval and
 * price): a free trial, how many units one subscription may hold, and Klarna's `interval_count`.
 * Kept in code beside the seeded catalogue; a product without an entry gets the defaults.
 */

export interface PlanTerms {
  /** Days before the first charge; 0 = the first period is charged at checkout. */
  trialDays: number;
  /** Units per subscription (e.g. bags per delivery); more is refused at checkout. */
  maxQuantity: number;
  /** Charged every `intervalCount` intervals (Klarna's `interval_count`). */
  intervalCount: number;
}

const DEFAULT_PLAN_TERMS: Readonly<PlanTerms> = Object.freeze({
  trialDays: 0,
  maxQuantity: 1,
  intervalCount: 1,
});

const TERMS_BY_PRODUCT: Readonly<Record<string, Partial<PlanTerms>>> = Object.freeze({
  // Two weeks to try the roaster's pick before the first charge; up to three bags a month.
  'coffee-club-monthly': { trialDays: 14, maxQuantity: 3 },
  // Paid a year ahead, one delivery plan per subscription.
  'coffee-club-yearly': { maxQuantity: 1 },
});

/** The terms of the plan sold as the product with this slug. */
export function planTerms(slug: string): PlanTerms {
  return { ...DEFAULT_PLAN_TERMS, ...TERMS_BY_PRODUCT[slug] };
}

/**
 * The most of a product one cart line may hold: a plan's units per subscription, otherwise the
 * cart's own limit. The product page, the cart and checkout all refuse more.
 */
export function maxQuantityFor(product: { slug: string; kind: 'ONE_TIME' | 'SUBSCRIPTION' }): number {
  return product.kind === 'SUBSCRIPTION'
    ? Math.min(planTerms(product.slug).maxQuantity, MAX_QUANTITY)
    : MAX_QUANTITY;
}

/** Why a plan refuses a larger quantity, in words for the shopper. */
export function planQuantityMessage(name: string, maxQuantity: number): string {
  return maxQuantity === 1
    ? `${name} is one subscription per order: the quantity must be 1.`
    : `${name} allows at most ${maxQuantity} per subscription: choose ${maxQuantity} or fewer.`;
}
