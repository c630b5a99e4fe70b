import { CURRENCIES, readMoneyInput, type CurrencyCode } from '@/lib/money';
import { z } from 'zod';

/*
 * The product form of the admin: its prices typed by staff as decimals in each currency the
 * product is sold in (`price_SEK`, …), beside the amounts staff saw (`expected_SEK`, minor units,
 * hidden).
 */

const seenAmount = z.coerce
  .number({ error: 'The form is out of date; reload the page.' })
  .int({ error: 'The form is out of date; reload the page.' })
  .min(0, { error: 'The form is out of date; reload the page.' });

const typedPrice = z.object({ currency: z.enum(CURRENCIES), text: z.string().max(40), expected: seenAmount });

export const productPricingSchema = z
  .object({
    slug: z
      .string({ error: 'Which product? Open it from the products list.' })
      .trim()
      .min(1, { error: 'Which product? Open it from the products list.' })
      .max(200),
    prices: z.array(typedPrice).min(1, { error: 'Enter at least one price.' }),
  })
  .transform((form, context) => {
    const prices = form.prices.flatMap(({ currency, text, expected }) => {
      const reading = readMoneyInput(text, currency);
      const refusal = !reading.ok
        ? reading.message
        : reading.amount === 0
          ? 'A price must be above 0: Klarna cannot take a payment of nothing.'
          : null;
      if (refusal !== null)
        context.addIssue({ code: 'custom', path: [priceField(currency)], message: refusal });
      return reading.ok && refusal === null ? [{ currency, expected, unitAmount: reading.amount }] : [];
    });
    return { ...form, prices };
  });

export type ProductPricingInput = z.output<typeof productPricingSchema>;

/** The form field of the price in `currency`. */
export function priceField(currency: CurrencyCode): string {
  return `price_${currency}`;
}

/** The hidden field with the price staff saw in `currency` (minor units). */
export function expectedPriceField(currency: CurrencyCode): string {
  return `expected_${currency}`;
}

/** The form as the schema reads it: a price for each currency the form has a field for. */
export function productFormToInput(formData: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  return {
    slug: text('slug'),
    prices: CURRENCIES.flatMap((currency) => {
      const typed = text(priceField(currency));
      return typed === undefined
        ? []
        : [{ currency, text: typed, expected: text(expectedPriceField(currency)) }];
    }),
  };
}
