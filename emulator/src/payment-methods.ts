import type { PaymentMethodCategory } from './types.js';

/** The payment method categories the emulator offers; assets are served by the emulator itself. */
export const KLARNA_CATEGORY = 'klarna';
export const KLARNA_CATEGORY_NAME = 'Pay later with Klarna';

export function paymentMethodCategories(origin: string): PaymentMethodCategory[] {
  const badge = `${origin}/kp/assets/badges/klarna.svg`;
  return [
    {
      identifier: KLARNA_CATEGORY,
      name: KLARNA_CATEGORY_NAME,
      asset_urls: { descriptive: badge, standard: badge },
    },
  ];
}

/**
 * `paymentMethodCategories(origin)` as JSON text, kept per origin: every create session answers
 * with it and clients reach the emulator at one or two origins. Bounded: a client sending endless
 * different Host headers only empties it.
 */
const categoriesJson = new Map<string, string>();
export function paymentMethodCategoriesJson(origin: string): string {
  let json = categoriesJson.get(origin);
  if (json === undefined) {
    json = JSON.stringify(paymentMethodCategories(origin));
    if (categoriesJson.size >= 64) categoriesJson.clear();
    categoriesJson.set(origin, json);
  }
  return json;
}

export function isOfferedCategory(identifier: string): boolean {
  return identifier === KLARNA_CATEGORY;
}
