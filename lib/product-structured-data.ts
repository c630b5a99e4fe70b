/**
 * A product page's structured data: schema.org `Product` with one `Offer` in the market's currency,
 * so search engines and link previews show the price and availability the page shows.
 */
import type { Product, UnitPriceSpecification, WithContext } from 'schema-dts';
import type { Market } from './markets';
import { minorToDecimalString, type CurrencyCode } from './money';

export interface StructuredProduct {
  slug: string;
  name: string;
  description: string;
  /** Paths under public/ (or absolute URLs), the main image first. */
  images: string[];
  interval: 'MONTH' | 'YEAR' | null;
  /** The price the page shows in the market's currency; undefined when it is not sold there. */
  price?: { unitAmount: number; currency: CurrencyCode };
}

/** UN/CEFACT codes for a subscription's billing period (schema.org's `unitCode`). */
const BILLING_PERIOD = { MONTH: 'MON', YEAR: 'ANN' } as const;

/**
 * `Product` for one market. `baseUrl` is the shop's public origin: every URL in structured data is
 * absolute. The page's address is the market-free one (the market cookie picks the market), and a
 * product not sold in the market has no offer. The catalogue keeps no stock count: an active
 * product on sale in the market is in stock.
 */
export function productStructuredData(
  product: StructuredProduct,
  market: Pick<Market, 'taxStyle'>,
  baseUrl: string,
): WithContext<Product> {
  const url = new URL(`/products/${encodeURIComponent(product.slug)}`, baseUrl).href;
  const data: WithContext<Product> = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.name,
    description: product.description,
    sku: product.slug,
    image: product.images.map((image) => new URL(image, baseUrl).href),
    url,
  };
  if (!product.price) return data;

  const price = minorToDecimalString(product.price.unitAmount, product.price.currency);
  const priceCurrency = product.price.currency;
  const priceSpecification: UnitPriceSpecification = {
    '@type': 'UnitPriceSpecification',
    price,
    priceCurrency,
    // VAT markets show prices with VAT; US prices are shown before sales tax.
    valueAddedTaxIncluded: market.taxStyle === 'vat',
    ...(product.interval
      ? {
          referenceQuantity: {
            '@type': 'QuantitativeValue',
            value: 1,
            unitCode: BILLING_PERIOD[product.interval],
          },
        }
      : {}),
  };
  return {
    ...data,
    offers: {
      '@type': 'Offer',
      url,
      price,
      priceCurrency,
      priceSpecification,
      availability: 'https://schema.org/InStock',
    },
  };
}

/**
 * JSON for an inline `<script type="application/ld+json">`. `<`, `>` and `&` are written as
 * `\u003c`, `\u003e`, `\u0026` (the same JSON), so no text in the data can close the script tag or
 * open an HTML comment.
 */
export function jsonLdScriptText(data: object): string {
  return JSON.stringify(data).replace(
    /[<>&]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
