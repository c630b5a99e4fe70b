import { describe, expect, test } from 'vitest';
import { getMarket } from './markets';
import { jsonLdScriptText, productStructuredData, type StructuredProduct } from './product-structured-data';

const SE = getMarket('SE')!;
const US = getMarket('US')!;
const BASE = 'https://shop.example';

const cups: StructuredProduct = {
  slug: 'stoneware-espresso-cups',
  name: 'Stoneware Espresso Cups, set of 2',
  description: 'Hand-glazed 90 ml cups.',
  images: ['/products/stoneware-espresso-cups.svg', '/products/stoneware-espresso-cups-stacked.svg'],
  interval: null,
  price: { unitAmount: 24900, currency: 'SEK' },
};

describe('productStructuredData', () => {
  test('a schema.org Product with absolute image URLs, the slug as SKU and the page address', () => {
    expect(productStructuredData(cups, SE, BASE)).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Stoneware Espresso Cups, set of 2',
      description: 'Hand-glazed 90 ml cups.',
      sku: 'stoneware-espresso-cups',
      image: [
        'https://shop.example/products/stoneware-espresso-cups.svg',
        'https://shop.example/products/stoneware-espresso-cups-stacked.svg',
      ],
      url: 'https://shop.example/products/stoneware-espresso-cups',
    });
  });

  test('the offer’s price is a decimal string from the minor units, in the market’s currency, in stock', () => {
    expect(productStructuredData(cups, SE, BASE).offers).toMatchObject({
      '@type': 'Offer',
      price: '249.00',
      priceCurrency: 'SEK',
      availability: 'https://schema.org/InStock',
      url: 'https://shop.example/products/stoneware-espresso-cups',
      priceSpecification: { price: '249.00', priceCurrency: 'SEK', valueAddedTaxIncluded: true },
    });
  });

  test.each([
    [2400, 'USD', '24.00'],
    [1995, 'USD', '19.95'],
    [5, 'USD', '0.05'],
    [0, 'USD', '0.00'],
    [129900, 'SEK', '1299.00'],
    [4999, 'AUD', '49.99'],
    [950, 'GBP', '9.50'],
  ] as const)('%i minor units of %s are priced "%s"', (unitAmount, currency, price) => {
    const offers = productStructuredData({ ...cups, price: { unitAmount, currency } }, US, BASE).offers;
    expect(offers).toMatchObject({ price, priceCurrency: currency });
  });

  test('US prices are before sales tax, as the page shows them', () => {
    const us = productStructuredData({ ...cups, price: { unitAmount: 2400, currency: 'USD' } }, US, BASE);
    expect(us.offers).toMatchObject({ priceSpecification: { valueAddedTaxIncluded: false } });
  });

  test('a subscription is offered at the price the page shows, per month or per year', () => {
    const monthly = productStructuredData(
      { ...cups, interval: 'MONTH', price: { unitAmount: 19900, currency: 'SEK' } },
      SE,
      BASE,
    );
    expect(monthly.offers).toMatchObject({
      price: '199.00',
      priceSpecification: { price: '199.00', referenceQuantity: { value: 1, unitCode: 'MON' } },
    });
    const yearly = productStructuredData({ ...cups, interval: 'YEAR' }, SE, BASE);
    expect(yearly.offers).toMatchObject({ priceSpecification: { referenceQuantity: { unitCode: 'ANN' } } });
  });

  test('a product not sold in the market has no offer', () => {
    expect(productStructuredData({ ...cups, price: undefined }, SE, BASE)).not.toHaveProperty('offers');
  });
});

describe('jsonLdScriptText', () => {
  const hostile = {
    ...cups,
    name: 'Cups </script><script>alert(1)</script>',
    description: '<!-- a & b > c',
  };

  test('no product text can end the script element or open a comment', () => {
    const text = jsonLdScriptText(productStructuredData(hostile, SE, BASE));
    expect(text).not.toMatch(/[<>&]/);
    expect(text).toContain('\\u003c/script\\u003e');
    expect(text).toContain('\\u003c!-- a \\u0026 b \\u003e c');
  });

  test('reads back as the same data', () => {
    const data = productStructuredData(hostile, SE, BASE);
    expect(JSON.parse(jsonLdScriptText(data))).toEqual(data);
  });
});
