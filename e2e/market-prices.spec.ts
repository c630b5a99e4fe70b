import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { checkoutPage } from './pages/checkout';

// A shopper in Sweden, the US and Australia reads the same figures and labels on the product page,
// in the cart and at checkout. Each walk runs at a desktop and a phone width.

const VIEWPORTS = [
  { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
  { name: 'mobile', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
] as const;

/** The text of the one element with this test id on the page, spaces normalised. */
async function textOf(page: Page, testId: string): Promise<string> {
  const text = await page.getByTestId(testId).first().innerText();
  return text.replace(/\s+/g, ' ').trim();
}

for (const viewport of VIEWPORTS) {
  test.describe(viewport.name, () => {
    test.use(viewport.use);

    test('SE: a free trial says the same on the product page, in the cart and at checkout', async ({
      page,
      context,
      auth,
      newAccount,
    }) => {
      const checkout = checkoutPage(page);
      await checkout.chooseMarket(context, 'SE');
      await auth.gotoSignUp();
      await auth.signUp(newAccount);
      await expect(page).toHaveURL('/');

      await checkout.addToCart('coffee-club-monthly');
      const terms = /^0,00\skr today, then 199,00\skr per month from \d{1,2} \w+ \d{4}$/;
      await expect(page.getByTestId('charge-terms')).toHaveText(terms);
      const onProductPage = await textOf(page, 'charge-terms');

      await page.goto('/cart');
      await expect(page.getByTestId('charge-terms')).toHaveText(terms);
      expect(await textOf(page, 'charge-terms')).toBe(onProductPage);
      await expect(page.getByTestId('cart-total')).toHaveText(/^0,00\s*kr$/);

      await page.goto('/checkout');
      await expect(page.getByTestId('charge-terms')).toHaveText(terms);
      expect(await textOf(page, 'charge-terms')).toBe(onProductPage);
      await expect(page.getByTestId('order-total')).toHaveText(/^0,00\s*kr$/);
    });

    test('SE: a yearly plan refuses quantity 2 on the product page and in the cart', async ({
      page,
      context,
    }) => {
      const checkout = checkoutPage(page);
      await checkout.chooseMarket(context, 'SE');
      const message = 'Coffee Club, yearly is one subscription per order: the quantity must be 1.';
      await page.goto('/products/coffee-club-yearly');
      await page.getByLabel('Quantity').fill('2');
      await expect(page.getByText(message)).toBeVisible();
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await expect(page.getByText(message)).toBeVisible();
      await expect(page.getByRole('link', { name: 'View cart' })).toHaveCount(0);

      await checkout.addToCart('coffee-club-yearly', 1);
      await page.goto('/cart');
      await expect(
        page.getByRole('button', { name: 'Increase quantity of Coffee Club, yearly' }),
      ).toBeDisabled();
      await page.getByLabel('Quantity of Coffee Club, yearly', { exact: true }).fill('2');
      await page.getByRole('button', { name: 'Update' }).click();
      await expect(page.getByText(message)).toBeVisible();
      await page.reload();
      await expect(page.getByLabel('Quantity of Coffee Club, yearly', { exact: true })).toHaveValue('1');
    });

    test('SE: the internal /US/… path never prices a Swedish cart in dollars', async ({ page, context }) => {
      const checkout = checkoutPage(page);
      await checkout.chooseMarket(context, 'SE');
      await checkout.addToCart('linen-tea-towel');

      await page.goto('/US/products/linen-tea-towel');
      await expect(page).toHaveURL('/products/linen-tea-towel');
      await expect(page.getByTestId('price')).toContainText('kr');
      await page.goto('/US/cart');
      await expect(page).toHaveURL('/cart');
      await expect(page.getByTestId('cart-total')).toHaveText(/kr$/);
    });
  });
}
