import type { PaymentMethodCategory } from './types';

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

export function isOfferedCategory(identifier: string): boolean {
  return identifier === KLARNA_CATEGORY;
}
