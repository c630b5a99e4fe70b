import type { Page } from '@playwright/test';
import { getMarket } from '../lib/markets';
import { formatMoney, type CurrencyCode } from '../lib/money';
import { expect, test } from './fixtures';
import { checkoutPage } from './pages/checkout';
import { seededPrice } from './pages/shop';

// A product page as a shopper and a search engine see it: switching between a product's pictures
// with a click, a tap or the keyboard, the market's delivery time, and the page's JSON-LD agreeing
// with the price on screen. Each runs at a desktop and a phone width.

const VIEWPORTS = [
  { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
  { name: 'phone', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
] as const;

const OAK = 'oak-cutting-board';
const PICTURES = [
  'Oak Cutting Board',
  'The board’s flat serving side with bread and cheese',
  'Close-up of the juice groove along the board’s edge',
];

function thumbnail(page: Page, index: number) {
  return page
    .getByRole('list', { name: 'Pictures of this product' })
    .getByRole('button', { name: `Show picture ${index + 1} of ${PICTURES.length}: ${PICTURES[index]}` });
}

/** The product's big picture, by what it shows (thumbnails carry no alt text of their own). */
function mainPicture(page: Page, index: number) {
  return page.getByRole('main').getByRole('img', { name: PICTURES[index], exact: true });
}

async function expectShown(page: Page, index: number): Promise<void> {
  await expect(mainPicture(page, index)).toBeVisible();
  await expect(mainPicture(page, index)).toHaveJSProperty('complete', true);
  expect(
    await mainPicture(page, index).evaluate((img: HTMLImageElement) => img.naturalWidth),
  ).toBeGreaterThan(0);
  for (const [other] of PICTURES.entries()) {
    if (other === index) await expect(thumbnail(page, other)).toHaveAttribute('aria-current', 'true');
    else await expect(thumbnail(page, other)).not.toHaveAttribute('aria-current', /.*/);
  }
}

/** The page's one JSON-LD block, parsed. */
async function structuredData(
  page: Page,
): Promise<Record<string, unknown> & { offers: Record<string, string> }> {
  const scripts = page.locator('script[type="application/ld+json"]');
  await expect(scripts).toHaveCount(1);
  return JSON.parse((await scripts.textContent()) ?? '') as Record<string, unknown> & {
    offers: Record<string, string>;
  };
}

/** A JSON-LD price ("449.00") back in minor units, by its digits: no floats. */
function minorUnits(decimal: string): number {
  expect(decimal).toMatch(/^\d+\.\d{2}$/);
  return Number(decimal.replace('.', ''));
}

for (const viewport of VIEWPORTS) {
  test.describe(viewport.name, () => {
    test.use(viewport.use);
    const phone = viewport.name === 'phone';

    test('a shopper switches between a product’s pictures with a click or a tap, and with the keyboard', async ({
      page,
    }) => {
      await page.goto(`/products/${OAK}`);
      await expectShown(page, 0);

      if (phone) await thumbnail(page, 1).tap();
      else await thumbnail(page, 1).click();
      await expectShown(page, 1);
      await expect(mainPicture(page, 0)).toHaveCount(0);

      // From the thumbnail just used, Tab reaches the next one; Enter and Space both switch.
      await thumbnail(page, 1).focus();
      await page.keyboard.press('Tab');
      await expect(thumbnail(page, 2)).toBeFocused();
      await page.keyboard.press('Enter');
      await expectShown(page, 2);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await expect(thumbnail(page, 0)).toBeFocused();
      await page.keyboard.press('Space');
      await expectShown(page, 0);
    });

    test('the first picture arrives with the page, preloaded and fetched first; one picture needs no thumbnails', async ({
      page,
      request,
    }) => {
      const html = await (await request.get(`/products/${OAK}`)).text();
      const firstPicture = html.match(/<img[^>]*alt="Oak Cutting Board"[^>]*>/)?.[0];
      expect(firstPicture).toBeDefined();
      expect(firstPicture).toContain('src="/products/oak-cutting-board.svg"');
      expect(firstPicture).toMatch(/fetchpriority="high"/i);
      expect(firstPicture).toContain('width="600"');
      expect(firstPicture).toContain('height="600"');
      expect(html).toMatch(/<link rel="preload"[^>]*href="\/products\/oak-cutting-board.svg"/);

      await page.goto('/products/linen-tea-towel');
      await expect(page.getByRole('main').getByRole('img', { name: 'Linen Tea Towel' })).toBeVisible();
      await expect(page.getByRole('list', { name: 'Pictures of this product' })).toHaveCount(0);
    });

    test('the delivery time is the market’s: 1–3 working days in Sweden, 4–7 in the US', async ({
      page,
      context,
    }) => {
      await checkoutPage(page).chooseMarket(context, 'SE');
      await page.goto(`/products/${OAK}`);
      await expect(page.getByTestId('delivery-time')).toHaveText('Delivered in 1–3 working days.');
      await page.goto('/products/coffee-club-monthly');
      await expect(page.getByTestId('delivery-time')).toHaveText('Delivered in 1–3 working days.');

      await checkoutPage(page).chooseMarket(context, 'US');
      await page.goto(`/products/${OAK}`);
      await expect(page.getByTestId('delivery-time')).toHaveText('Delivered in 4–7 working days.');
    });

    for (const country of ['SE', 'US'] as const) {
      test(`${country}: the page’s JSON-LD offers the product at the price and currency shown`, async ({
        page,
        context,
      }) => {
        const market = getMarket(country)!;
        await checkoutPage(page).chooseMarket(context, country);
        for (const slug of [OAK, 'coffee-club-monthly']) {
          await page.goto(`/products/${slug}`);
          const shown = page.getByTestId('price');
          await expect(shown).toContainText(seededPrice(slug, country));

          const data = await structuredData(page);
          expect(data).toMatchObject({
            '@type': 'Product',
            sku: slug,
            name: await page.getByRole('heading', { level: 1 }).innerText(),
          });
          expect(data.offers).toMatchObject({
            '@type': 'Offer',
            priceCurrency: market.currency,
            availability: 'https://schema.org/InStock',
            url: new URL(`/products/${slug}`, page.url()).href,
          });
          const price = formatMoney(
            minorUnits(data.offers.price!),
            data.offers.priceCurrency as CurrencyCode,
            market.locale,
          );
          await expect(shown).toContainText(price);
        }
      });
    }
  });
}
