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
