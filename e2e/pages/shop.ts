import { expect, type Page } from '@playwright/test';
import { getMarket } from '../../lib/markets';
import { formatMoney } from '../../lib/money';
import { PRODUCTS } from '../../prisma/catalog';

/** A seeded product's price in a market, formatted as the shop formats it (lib/money). */
export function seededPrice(slug: string, country: string): string {
  return seededTotal(country, [slug, 1]);
}

/**
 * The sum of seeded lines in a VAT market (prices include the tax, so this is the cart total),
 * formatted as the shop formats money.
 */
export function seededTotal(country: string, ...lines: [slug: string, quantity: number][]): string {
  const market = getMarket(country);
  if (!market) throw new Error(`no market ${country}`);
  const amount = lines.reduce((sum, [slug, quantity]) => {
    const product = PRODUCTS.find((candidate) => candidate.slug === slug);
    if (!product) throw new Error(`no seeded product ${slug}`);
    return sum + product.prices[market.currency] * quantity;
  }, 0);
  return formatMoney(amount, market.currency, market.locale);
}

export function seededName(slug: string): string {
  const product = PRODUCTS.find((candidate) => candidate.slug === slug);
  if (!product) throw new Error(`no seeded product ${slug}`);
  return product.name;
}

/** The shop as a shopper uses it: headings, links, labels and buttons by their accessible names. */
export function shopPage(page: Page) {
  const header = page.getByRole('banner');
  const cartCount = header.getByTestId('cart-count');

  return {
    cartCount,
    price: page.getByTestId('price'),
    marketSelector: header.getByLabel('Country and currency'),
    quantity: page.getByRole('spinbutton', { name: 'Quantity', exact: true }),
    addButton: page.getByRole('button', { name: 'Add to cart' }),
    heading: (name: string) => page.getByRole('heading', { name, level: 1 }),

    async gotoHome() {
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    },

    async openCategory(name: string) {
      await page
        .getByRole('navigation', { name: 'Categories' })
        .getByRole('link', { name, exact: true })
        .click();
      await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
    },

    async openProduct(name: string) {
      await page.getByRole('link', { name, exact: true }).click();
      await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
    },

    async gotoProduct(slug: string) {
      await page.goto(`/products/${slug}`);
      await expect(page.getByRole('heading', { name: seededName(slug), level: 1 })).toBeVisible();
    },

    /** Adds the shown product and waits for the shop to confirm it. */
    async addToCart(quantity = 1) {
      await this.quantity.fill(String(quantity));
      await this.addButton.click();
      await expect(
        page.getByText(quantity === 1 ? 'Added to your cart.' : `Added ${quantity} to your cart.`),
      ).toBeVisible();
    },

    async chooseMarket(country: string) {
      const url = page.url();
      await this.marketSelector.selectOption(country);
      await expect(this.marketSelector).toHaveValue(country);
      await page.waitForURL(url);
    },

    async gotoCart() {
      await page.goto('/cart');
      await expect(page.getByRole('heading', { name: 'Your cart', level: 1 })).toBeVisible();
    },

    cartLines: page.getByTestId('cart-line'),
    cartLine: (name: string) =>
      page.getByTestId('cart-line').filter({ has: page.getByRole('link', { name, exact: true }) }),
    lineQuantity: (name: string) => page.getByRole('spinbutton', { name: `Quantity of ${name}` }),
    increase: (name: string) => page.getByRole('button', { name: `Increase quantity of ${name}` }),
    remove: (name: string) => page.getByRole('button', { name: `Remove ${name} from your cart` }),
    total: page.getByTestId('cart-total'),
  };
}

export type ShopPage = ReturnType<typeof shopPage>;
