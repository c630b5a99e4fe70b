import { expect, test } from './fixtures';
import { checkoutDb, checkoutPage, emulatorControl, personaEmail, type Country } from './pages/checkout';

// Purchases through the real Klarna widget (the emulator's SDK in a cross-origin iframe) in Chromium.

for (const country of ['SE', 'US', 'AU'] as const satisfies readonly Country[]) {
  test(`an approved purchase in ${country} becomes one order the shopper can see`, async ({
    page,
    context,
    request,
  }) => {
    const checkout = checkoutPage(page);
    const db = checkoutDb();
    const email = personaEmail(country);
    await checkout.chooseMarket(context, country);
    await checkout.addToCart('stoneware-espresso-cups', 2);
    await checkout.addToCart('linen-tea-towel');
    await checkout.fillDetails(country, email);
    await checkout.continueToPayment();
    const total = await checkout.summaryTotal().textContent();

    await checkout.buy();
    await checkout.confirmInKlarna();

    await checkout.expectOrderPage();
    await expect(page.getByTestId('payment-status')).toContainText('Payment approved');
    await expect(page.getByTestId('order-total')).toHaveText(total ?? '');
    if (country === 'US')
      await expect(page.getByRole('cell', { name: 'Sales tax', exact: true })).toBeVisible();
    const orders = db.ordersFor(email);
    expect(orders).toEqual([expect.objectContaining({ status: 'AUTHORIZED', fraudStatus: 'ACCEPTED' })]);
    const klarna = emulatorControl(request);
    expect(await klarna.placedOrderCount(email)).toBe(1);
    expect((await klarna.order(orders[0]?.klarnaOrderId ?? '')).status).toBe(200);
    expect(db.cartStatus(orders[0]?.cartId ?? '')).toBe('ORDERED');

    // The shopper starts again with an empty cart.
    await page.goto('/cart');
    await expect(page.getByRole('heading', { name: 'Your cart' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Items in your cart' })).toHaveCount(0);
  });
}

test('a declined shopper sees why, no order is placed and the cart is kept', async ({
  page,
  context,
  request,
}) => {
  const checkout = checkoutPage(page);
  const email = personaEmail('SE', ['denied']);
  await checkout.chooseMarket(context, 'SE');
  await checkout.addToCart('oak-cutting-board');
  await checkout.payWithKlarna('SE', email);
  await checkout.overlay.getByRole('button', { name: 'Close' }).click();

  await expect(checkout.message()).toContainText('Klarna declined this purchase');
  await expect(checkout.buyButton()).toHaveCount(0);
  expect(checkoutDb().ordersFor(email)).toEqual([]);
  expect(await emulatorControl(request).placedOrderCount(email)).toBe(0);
  await page.goto('/cart');
  await expect(page.getByRole('list', { name: 'Items in your cart' })).toContainText('Oak Cutting Board');
});

test('Klarna is not offered to a pre-screened (+red) shopper, and the cart is kept', async ({
  page,
  context,
}) => {
  const checkout = checkoutPage(page);
  const email = personaEmail('SE', ['red']);
  await checkout.chooseMarket(context, 'SE');
  await checkout.addToCart('oak-cutting-board');
  await checkout.fillDetails('SE', email);
  await page.getByRole('button', { name: 'Continue to payment' }).click();

  await expect(page.getByText('Klarna is not available for this purchase')).toBeVisible();
  await expect(checkout.buyButton()).toHaveCount(0);
  expect(checkoutDb().ordersFor(email)).toEqual([]);
  await page.goto('/cart');
  await expect(page.getByRole('list', { name: 'Items in your cart' })).toContainText('Oak Cutting Board');
});

test('a shopper who cancels in Klarna can try again and then buys', async ({ page, context }) => {
  const checkout = checkoutPage(page);
  const email = personaEmail('GB');
  await checkout.chooseMarket(context, 'GB');
  await checkout.addToCart('enamel-coffee-pot');
  await checkout.fillDetails('GB', email);
  await checkout.continueToPayment();

  await checkout.buy();
  await checkout.cancelInKlarna();
  await expect(checkout.message()).toContainText('cancelled');
  expect(checkoutDb().ordersFor(email)).toEqual([]);

  await checkout.buy();
  await checkout.confirmInKlarna();
  await checkout.expectOrderPage();
  expect(checkoutDb().ordersFor(email)).toHaveLength(1);
});

test('the form explains bad input per market and nothing reaches Klarna', async ({ page, context }) => {
  const checkout = checkoutPage(page);
  await checkout.chooseMarket(context, 'US');
  await checkout.addToCart('oak-cutting-board');
  await checkout.fillDetails('US', 'not-an-email');
  await page.getByLabel('Postal code').fill('ABC');

  await page.getByRole('button', { name: 'Continue to payment' }).click();

  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await expect(page.getByText('Enter a valid postal code, like 10024.')).toBeVisible();
  await expect(page.locator('iframe[title="Klarna payment method"]')).toHaveCount(0);
});

for (const [decision, shown] of [
  ['accept', 'Payment approved'],
  ['reject', 'Klarna did not approve this payment'],
] as const) {
  test(`a pending order is shown as awaiting approval until Klarna decides (${decision})`, async ({
    page,
    context,
    request,
  }) => {
    const checkout = checkoutPage(page);
    const db = checkoutDb();
    const email = personaEmail('US', [`pend-${decision}-05`]);
    await checkout.chooseMarket(context, 'US');
    await checkout.addToCart('glass-storage-jars');
    await checkout.payWithKlarna('US', email);
    await checkout.expectOrderPage();
    await expect(page.getByTestId('payment-status')).toContainText('Awaiting approval');
    expect(db.ordersFor(email)).toEqual([expect.objectContaining({ fraudStatus: 'PENDING' })]);

    // Five emulator minutes later Klarna decides and notifies the storefront.
    await emulatorControl(request).advanceClock(6);
    await expect
      .poll(() => db.ordersFor(email)[0]?.fraudStatus)
      .toBe(decision === 'accept' ? 'ACCEPTED' : 'REJECTED');

    await page.reload();
    await expect(page.getByTestId('payment-status')).toContainText(shown);
    expect(db.ordersFor(email)).toEqual([
      expect.objectContaining({ status: decision === 'accept' ? 'AUTHORIZED' : 'CANCELLED' }),
    ]);
  });
}
