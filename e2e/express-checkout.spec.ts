import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { E2E_DATABASE_URL, sqlitePath } from './environment';
import { expect, test } from './fixtures';
import { checkoutDb, checkoutPage, emulatorControl, personaEmail, type Country } from './pages/checkout';

// Klarna Express Checkout in Chromium: the emulator's `Klarna.Payments.Buttons` button, its approval
// overlay collecting the address, the shop's review of the priced total, and Pay.

function express(page: Page) {
  const area = page.getByTestId('express-checkout');
  const review = page.getByTestId('express-review');
  return {
    button: () => area.getByRole('button', { name: 'Pay with Klarna' }),
    review,
    payButton: () => review.getByRole('button', { name: /^Pay / }),
    async approveInKlarna(email: string) {
      await expect(this.button()).toBeVisible();
      await this.button().click();
      const overlay = page.frameLocator('iframe[title="Klarna checkout"]');
      await overlay.getByLabel('Email address').fill(email);
      await overlay.getByRole('button', { name: 'Confirm' }).click();
      await expect(review.getByRole('heading', { name: 'Review and pay' })).toBeVisible();
    },
  };
}

for (const country of ['SE', 'US', 'AU'] as const satisfies readonly Country[]) {
  test(`${country}: the product page's Express button buys the chosen quantity in two actions, once`, async ({
    page,
    context,
    request,
  }) => {
    const checkout = checkoutPage(page);
    const buy = express(page);
    const email = personaEmail(country);
    await checkout.chooseMarket(context, country);
    await page.goto('/products/stoneware-espresso-cups');
    await expect(buy.button()).toBeVisible();
    // Chosen after the button appeared: the quantity is read when the button is clicked.
    await page.getByLabel('Quantity').fill('2');

    await buy.approveInKlarna(email);

    await expect(buy.review.getByRole('list', { name: 'Items' })).toContainText('× 2');
    const total = (await buy.review.getByTestId('order-total').textContent()) ?? '';
    if (country === 'US') {
      // The catalogue's 8.25 % estimate became New York's 4 %: the shopper sees the new total first.
      await expect(buy.review.getByTestId('express-total-changed')).toContainText(`to ${total}`);
      await expect(buy.review.getByTestId('express-address')).toContainText('NY');
    } else {
      await expect(buy.review.getByTestId('express-total-changed')).toHaveCount(0);
    }
    await expect(buy.payButton()).toHaveText(`Pay ${total}`);
    await buy.payButton().click();

    await checkout.expectOrderPage();
    await expect(page.getByTestId('order-total')).toHaveText(total);
    const orders = checkoutDb().ordersFor(email);
    expect(orders).toEqual([expect.objectContaining({ status: 'AUTHORIZED', country })]);
    expect(await emulatorControl(request).placedOrderCount(email)).toBe(1);
    expect(checkoutDb().cartStatus(orders[0]?.cartId ?? '')).toBe('ORDERED');
  });
}

test("the cart's Express button pays for the cart; a second click on Pay places nothing more", async ({
  page,
  context,
  request,
}) => {
  const checkout = checkoutPage(page);
  const buy = express(page);
  const email = personaEmail('SE');
  await checkout.chooseMarket(context, 'SE');
  await checkout.addToCart('linen-tea-towel', 3);
  await page.goto('/cart');
  const cartTotal = (await page.getByTestId('cart-total').textContent()) ?? '';

  await buy.approveInKlarna(email);

  await expect(buy.review.getByTestId('order-total')).toHaveText(cartTotal);
  await buy.payButton().dblclick();

  await checkout.expectOrderPage();
  expect(checkoutDb().ordersFor(email)).toHaveLength(1);
  expect(await emulatorControl(request).placedOrderCount(email)).toBe(1);
});

test('cancelling at the review charges nothing and keeps the cart', async ({ page, context, request }) => {
  const checkout = checkoutPage(page);
  const buy = express(page);
  const email = personaEmail('AU');
  await checkout.chooseMarket(context, 'AU');
  await checkout.addToCart('oak-cutting-board');
  await page.goto('/cart');

  await buy.approveInKlarna(email);
  await buy.review.getByRole('button', { name: 'Cancel' }).click();

  await expect(page.getByTestId('express-message')).toContainText('Nothing was charged');
  await expect(buy.review).toHaveCount(0);
  expect(checkoutDb().ordersFor(email)).toEqual([]);
  expect(await emulatorControl(request).placedOrderCount(email)).toBe(0);
  await page.reload();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
});

test('subscriptions have no Express button: they keep the normal checkout', async ({ page, context }) => {
  const checkout = checkoutPage(page);
  await checkout.chooseMarket(context, 'SE');
  await page.goto('/products/coffee-club-monthly');
  await expect(page.getByRole('button', { name: 'Add to cart' })).toBeVisible();
  await expect(page.getByTestId('express-checkout')).toHaveCount(0);

  await checkout.addToCart('coffee-club-monthly');
  await page.goto('/cart');
  await expect(page.getByRole('link', { name: 'Check out with Klarna' })).toBeVisible();
  await expect(page.getByTestId('express-checkout')).toHaveCount(0);
});

test("a signed-in shopper's Express order is recorded for their account", async ({
  page,
  context,
  auth,
  db,
  newAccount,
}) => {
  const checkout = checkoutPage(page);
  const buy = express(page);
  const email = personaEmail('SE');
  await checkout.chooseMarket(context, 'SE');
  await auth.gotoSignUp();
  await auth.signUp(newAccount);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Account' })).toBeVisible();
  await page.goto('/products/linen-tea-towel');

  await buy.approveInKlarna(email);
  await buy.payButton().click();

  await checkout.expectOrderPage();
  const [order] = checkoutDb().ordersFor(email);
  expect(order).toBeDefined();
  expect(orderOwner(order?.id ?? '')).toBe(db.userByEmail(newAccount.email)?.id);
});

/** The account an order was recorded for (read-only). */
function orderOwner(orderId: string): string | null {
  const file = new Database(sqlitePath(E2E_DATABASE_URL), { readonly: true, fileMustExist: true });
  try {
    const row = file
      .prepare<[string], { userId: string | null }>('SELECT userId FROM "Order" WHERE id = ?')
      .get(orderId);
    return row?.userId ?? null;
  } finally {
    file.close();
  }
}
