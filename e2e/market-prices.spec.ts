import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { checkoutPage } from './pages/checkout';

// A shopper in Sweden, the US and Australia reads the same figures and labels on the product page,
// in the cart and at checkout. Each walk runs at a desktop and a phone width.

const VIEWPORTS = [
  { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
  { name: 'mobile', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
] as const;

/** On a phone the checkout's order summary starts closed, behind a bar with the total: open it. */
async function openCheckoutSummary(page: Page, phone: boolean): Promise<void> {
  if (phone) await page.getByRole('button', { name: /Show order summary/ }).click();
}

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
      // The page's text is English: an English month name, in Swedish money's format.
      const terms = /^0,00\skr today, then 199,00\skr per month from \d{1,2} [A-Z][a-z]+ \d{4}$/;
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

    test('AU: GST and A$ on the product page, in the cart and at checkout alike', async ({
      page,
      context,
    }) => {
      const checkout = checkoutPage(page);
      await checkout.chooseMarket(context, 'AU');
      await page.goto('/products/linen-tea-towel');
      await expect(page.getByTestId('price')).toHaveText(/^A\$24\.95\s*incl\. GST$/);
      await checkout.addToCart('linen-tea-towel');

      await page.goto('/cart');
      await expect(page.getByTestId('cart-total')).toHaveText('A$24.95');
      await expect(page.getByText('Includes GST of A$2.27')).toBeVisible();

      await page.goto('/checkout');
      await openCheckoutSummary(page, viewport.name === 'mobile');
      await expect(page.getByTestId('order-total')).toHaveText('A$24.95');
      await expect(page.getByText('Including A$2.27 GST')).toBeVisible();
      await expect(page.getByText(/VAT/)).toHaveCount(0);
    });

    test('US: "Sales tax" and US$ on the product page, in the cart and at checkout alike', async ({
      page,
      context,
    }) => {
      const checkout = checkoutPage(page);
      await checkout.chooseMarket(context, 'US');
      await page.goto('/products/linen-tea-towel');
      await expect(page.getByTestId('price')).toHaveText(/^US\$14\.00\s*plus sales tax, added at checkout$/);
      await checkout.addToCart('linen-tea-towel');

      await page.goto('/cart');
      await expect(page.getByRole('term').filter({ hasText: /^Sales tax$/ })).toBeVisible();
      const cartTax = await page.getByTestId('cart-tax').innerText();
      expect(cartTax).toMatch(/^US\$\d+\.\d{2}$/);
      const cartTotal = await page.getByTestId('cart-total').innerText();

      await page.goto('/checkout');
      await openCheckoutSummary(page, viewport.name === 'mobile');
      await expect(page.getByRole('term').filter({ hasText: /^Sales tax$/ })).toBeVisible();
      await expect(page.getByTestId('order-tax')).toHaveText(cartTax);
      await expect(page.getByTestId('order-total')).toHaveText(cartTotal);
    });
  });
}
