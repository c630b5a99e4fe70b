import type { Browser, Page } from '@playwright/test';
import { formatMoney } from '../lib/money';
import { expect, signInViaApi, test } from './fixtures';
import { seededName, shopPage } from './pages/shop';

/*
 * Staff change a product's price in Admin → Products, and a shopper sees the change on the next
 * page they open: the product page, the category and their cart. The notebook
 * is in no other browser test, so its changes disturb none of them.
 */

const SLUG = 'dot-grid-notebook';
const NAME = seededName(SLUG);
const sek = (amount: number) => formatMoney(amount, 'SEK', 'sv-SE');

async function shopperPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** The product's admin page, reached as staff do: the admin's navigation, then the products list. */
async function openProductForm(page: Page) {
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Products' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
  await page
    .getByRole('table', { name: 'Products and their prices' })
    .getByRole('link', { name: NAME })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  const sekField = page.getByLabel('Price in SEK');
  // The amount in minor units, from what the field shows ("149.00").
  const shown = Math.round(Number((await sekField.inputValue()).replace(',', '.')) * 100);
  return {
    sekField,
    shown,
    save: page.getByRole('button', { name: 'Save' }),
    status: page.getByRole('main').getByRole('status'),
  };
}

test('a new price is what the next shopper sees, on the product page, in the category and in a cart that held it', async ({
  adminPage,
  browser,
}) => {
  const shopper = await shopperPage(browser);
  const shop = shopPage(shopper);
  await shop.gotoProduct(SLUG);
  await shop.addToCart();
  const form = await openProductForm(adminPage);
  const newPrice = form.shown + 1050;

  await form.sekField.fill(`${Math.floor(newPrice / 100)},${String(newPrice % 100).padStart(2, '0')}`);
  await form.save.click();

  await expect(form.status).toHaveText('Saved. The shop shows the change now.');
  await shop.gotoProduct(SLUG);
  await expect(shop.price).toContainText(sek(newPrice));
  await shopper.goto('/c/books-paper');
  await expect(shopper.getByRole('listitem').filter({ hasText: NAME })).toContainText(sek(newPrice));
  await shop.gotoCart();
  const line = shop.cartLine(NAME);
  await expect(line).toContainText(sek(newPrice));
  await expect(line).toContainText(`The price has changed since you added it (it was ${sek(form.shown)}).`);
  await shopper.context().close();
});

test('a price that cannot be charged is refused beside its field, and nothing changes in the shop', async ({
  adminPage,
  browser,
}) => {
  const form = await openProductForm(adminPage);

  await form.sekField.fill('0');
  await form.save.click();

  await expect(form.sekField).toHaveAttribute('aria-invalid', 'true');
  await expect(form.sekField).toBeFocused();
  await expect(form.sekField).toHaveAccessibleDescription(/A price must be above 0/);
  // The refused value stays in the field to be corrected.
  await expect(form.sekField).toHaveValue('0');
  const shopper = await shopperPage(browser);
  const shop = shopPage(shopper);
  await shop.gotoProduct(SLUG);
  await expect(shop.price).toContainText(sek(form.shown));
  await shopper.context().close();
});

test('two members of staff editing at once: the second save is refused, and the first one stands', async ({
  adminPage,
  browser,
  admin,
}) => {
  const colleague = await shopperPage(browser);
  await signInViaApi(colleague.request, admin);
  const first = await openProductForm(adminPage);
  const second = await openProductForm(colleague);

  await first.sekField.fill(String((first.shown + 500) / 100));
  await first.save.click();
  await expect(first.status).toHaveText('Saved. The shop shows the change now.');
  await second.sekField.fill(String((first.shown + 900) / 100));
  await second.save.click();

  await expect(second.status).toHaveText(/Someone else changed this product while you were editing it/);
  await colleague.reload();
  await expect(colleague.getByLabel('Price in SEK')).toHaveValue(/^\d+[.,]\d{2}$/);
  expect(
    Math.round(Number((await colleague.getByLabel('Price in SEK').inputValue()).replace(',', '.')) * 100),
  ).toBe(first.shown + 500);
  await colleague.context().close();
});
