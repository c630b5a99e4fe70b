import type { BrowserContext, Page } from '@playwright/test';
import { STOREFRONT_URL } from './environment';
import { expect, test } from './fixtures';
import { seededName, shopPage } from './pages/shop';

// Klarna's offer line (on-site messaging, served by the emulator) as a shopper in Sweden, the US
// and Australia reads it: under the product's price for the quantity chosen, near the cart's total,
// on the home page's strip, and nowhere a subscription or an amount outside Klarna's limits is.

async function chooseMarket(context: BrowserContext, country: 'SE' | 'US' | 'AU'): Promise<void> {
  await context.addCookies([{ name: 'market', value: country, url: STOREFRONT_URL }]);
}

/** The product page's or the cart's Klarna line. */
function klarnaLine(page: Page) {
  return page.getByTestId('klarna-message');
}

const LAMP = 'brass-reading-lamp';

const PRODUCT_PAGE_CASES = [
  {
    country: 'SE',
    // 1 299,00 kr, then 3 × 1 299,00 kr; Swedish words, as Klarna words them for sv-SE.
    one: 'Dela upp i 3 räntefria betalningar om 433,00 kr.',
    learnMore: 'Läs mer',
    quantity: 3,
    more: 'Dela upp i 3 räntefria betalningar om 1 299,00 kr.',
  },
  {
    country: 'US',
    one: 'Pay in 4 interest-free payments of $31.25.',
    learnMore: 'Learn more',
    quantity: 3,
    more: 'Pay in 4 interest-free payments of $93.75.',
  },
  {
    country: 'AU',
    one: 'Pay in 4 interest-free payments of $49.75.',
    learnMore: 'Learn more',
    quantity: 2,
    more: 'Pay in 4 interest-free payments of $99.50.',
  },
] as const;

for (const { country, one, learnMore, quantity, more } of PRODUCT_PAGE_CASES) {
  test(`${country}: the product page shows Klarna's offer under the price and follows the quantity`, async ({
    page,
    context,
  }) => {
    await chooseMarket(context, country);
    const shop = shopPage(page);
    await shop.gotoProduct(LAMP);

    const line = klarnaLine(page);
    // In the page as served, before any script of ours ran.
    await expect(line).toContainText(one);
    const html = await (await page.request.get(`/products/${LAMP}`)).text();
    expect(html.replace(/\s/g, ' ')).toContain(one.replace(/\s/g, ' '));

    // Under the price.
    const priceBox = await shop.price.first().boundingBox();
    const lineBox = await line.boundingBox();
    expect(priceBox && lineBox && lineBox.y >= priceBox.y + priceBox.height).toBe(true);
    await expect(line.getByRole('link', { name: learnMore })).toHaveAttribute('href', /\/osm\/learn-more\?/);

    // Nothing on the page moved to make room for it (the layout shifts the browser counts for CLS).
    const shifted = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((entries) => {
            const shifts = entries.getEntries() as (PerformanceEntry & {
              value: number;
              hadRecentInput: boolean;
            })[];
            resolve(
              shifts.filter((shift) => !shift.hadRecentInput).reduce((sum, shift) => sum + shift.value, 0),
            );
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(0), 1_000);
        }),
    );
    expect(shifted).toBe(0);

    await shop.quantity.fill(String(quantity));
    await expect(line).toContainText(more);
    await shop.quantity.fill('1');
    await expect(line).toContainText(one);
  });
}

test('US: a quantity whose amount is outside Klarna’s limits shows no offer, in either direction', async ({
  page,
  context,
}) => {
  await chooseMarket(context, 'US');
  const shop = shopPage(page);
  await shop.gotoProduct(LAMP);
  const line = klarnaLine(page);
  await expect(line).toContainText('Pay in 4 interest-free payments of $31.25.');

  // 9 × $125.00 = $1,125.00, over the $1,000.00 the instalments go to.
  await shop.quantity.fill('9');
  await expect(line).toHaveText('');
  await shop.quantity.fill('8');
  await expect(line).toContainText('Pay in 4 interest-free payments of $250.00.');

  // $24.00 espresso cups are under the $35.00 the instalments start at; two of them are not.
  await shop.gotoProduct('stoneware-espresso-cups');
  await expect(line).toBeAttached();
  await expect(line).toHaveText('');
  await shop.quantity.fill('2');
  await expect(line).toContainText('Pay in 4 interest-free payments of $12.00.');
});

test('AU: an amount over Klarna’s limit shows none on the product page', async ({ page, context }) => {
  await chooseMarket(context, 'AU');
  const shop = shopPage(page);
  await shop.gotoProduct(LAMP);
  const line = klarnaLine(page);
  await expect(line).toContainText('Pay in 4 interest-free payments of $49.75.');
  // 11 × A$199.00 = A$2,189.00, over A$2,000.00.
  await shop.quantity.fill('11');
  await expect(line).toHaveText('');
});

test('SE: the cart shows the offer for its total and follows quantity changes', async ({ page, context }) => {
  await chooseMarket(context, 'SE');
  const shop = shopPage(page);
  await shop.gotoProduct(LAMP);
  await shop.addToCart(1);
  await shop.gotoCart();
  await expect(shop.total).toHaveText('1 299,00 kr');
  const line = klarnaLine(page);
  await expect(line).toContainText('Dela upp i 3 räntefria betalningar om 433,00 kr.');

  await shop.increase(seededName(LAMP)).click();
  await expect(shop.total).toHaveText('2 598,00 kr');
  await expect(line).toContainText('Dela upp i 3 räntefria betalningar om 866,00 kr.');
});

test('AU: the cart shows the offer for its total', async ({ page, context }) => {
  await chooseMarket(context, 'AU');
  const shop = shopPage(page);
  await shop.gotoProduct(LAMP);
  await shop.addToCart(2);
  await shop.gotoCart();
  await expect(shop.total).toHaveText('A$398.00');
  await expect(klarnaLine(page)).toContainText('Pay in 4 interest-free payments of $99.50.');
});

test('SE: a subscription shows no offer on its page or in the cart', async ({ page, context }) => {
  await chooseMarket(context, 'SE');
  const shop = shopPage(page);
  await shop.gotoProduct('coffee-club-monthly');
  await expect(shop.price.first()).toBeVisible();
  await expect(klarnaLine(page)).toHaveCount(0);

  await shop.addToCart(1);
  await shop.gotoCart();
  await expect(shop.cartLines).toHaveCount(1);
  await expect(klarnaLine(page)).toHaveCount(0);
});

for (const [country, text] of [
  ['SE', 'Dela upp i 3 räntefria betalningar med Klarna.'],
  ['US', 'Pay in 4 interest-free payments with Klarna.'],
  ['AU', 'Pay in 4 interest-free payments with Klarna.'],
] as const) {
  test(`${country}: the home page's strip names the market's offer`, async ({ page, context }) => {
    await chooseMarket(context, country);
    await shopPage(page).gotoHome();
    await expect(page.getByTestId('klarna-strip')).toContainText(text);
  });
}

test('the quantity endpoint prices the product itself and refuses bad input with a clear 4xx', async ({
  request,
}) => {
  const ask = (query: string) => request.get(`/api/messaging?${query}`);

  const shown = await ask(`market=SE&product=${LAMP}&quantity=2`);
  expect(shown.status()).toBe(200);
  expect(await shown.json()).toMatchObject({
    status: 'shown',
    message: { text: expect.stringMatching(/^Dela upp i 3 räntefria betalningar om 866,00\skr\.$/) },
  });
  expect(await (await ask('market=SE&product=coffee-club-monthly&quantity=1')).json()).toEqual({
    status: 'hidden',
  });

  const badQuantity = await ask(`market=SE&product=${LAMP}&quantity=abc`);
  expect(badQuantity.status()).toBe(400);
  expect(await badQuantity.json()).toEqual({ error: 'quantity must be a number' });
  const badMarket = await ask(`market=XX&product=${LAMP}&quantity=1`);
  expect(badMarket.status()).toBe(400);
  expect(((await badMarket.json()) as { error: string }).error).toMatch(/market/);
  const unknown = await ask('market=SE&product=no-such-product&quantity=1');
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toEqual({ error: 'No such product.' });
});
