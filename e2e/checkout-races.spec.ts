import { expect, test } from './fixtures';
import { checkoutDb, checkoutPage, emulatorControl, personaEmail } from './pages/checkout';

// The ways one approval could turn into two orders (or none): every one ends with exactly one.

test('a double click on Buy places one order', async ({ page, context, request }) => {
  const checkout = checkoutPage(page);
  const email = personaEmail('SE');
  await checkout.chooseMarket(context, 'SE');
  await checkout.addToCart('linen-tea-towel');
  await checkout.fillDetails('SE', email);
  await checkout.continueToPayment();

  await checkout.buyButton().dblclick();
  await checkout.confirmInKlarna();

  await checkout.expectOrderPage();
  expect(checkoutDb().ordersFor(email)).toHaveLength(1);
  expect(await emulatorControl(request).placedOrderCount(email)).toBe(1);
});

test("Klarna's authorization callback arriving before the browser gives one order", async ({
  page,
  context,
  request,
}) => {
  const checkout = checkoutPage(page);
  const db = checkoutDb();
  const email = personaEmail('SE');
  await checkout.chooseMarket(context, 'SE');
  await checkout.addToCart('linen-tea-towel');
  await checkout.fillDetails('SE', email);
  await checkout.continueToPayment();
  // Hold the browser's place-order action until the callback has recorded the order.
  await page.route('**/checkout', async (route) => {
    const req = route.request();
    if (
      req.method() === 'POST' &&
      req.headers()['next-action'] &&
      (req.postData() ?? '').includes('authorizationToken')
    ) {
      await expect.poll(() => db.ordersFor(email)[0]?.status, { timeout: 10_000 }).toBe('AUTHORIZED');
    }
    await route.continue();
  });

  await checkout.buy();
  await checkout.confirmInKlarna();

  await checkout.expectOrderPage();
  const orders = db.ordersFor(email);
  expect(orders).toHaveLength(1);
  expect(db.eventsOf(orders[0]?.id ?? '')).toEqual([
    expect.objectContaining({ type: 'ORDER_PLACED', actor: 'klarna-callback' }),
  ]);
  expect(await emulatorControl(request).placedOrderCount(email)).toBe(1);
});

test('a cart changed in another tab after authorize needs a new approval at the new total', async ({
  page,
  context,
  request,
}) => {
  const checkout = checkoutPage(page);
  const db = checkoutDb();
  const email = personaEmail('SE');
  await checkout.chooseMarket(context, 'SE');
  await checkout.addToCart('linen-tea-towel');
  await checkout.fillDetails('SE', email);
  await checkout.continueToPayment();
  const before = await checkout.summaryTotal().textContent();

  await checkout.buy();
  await expect(checkout.overlay.getByRole('button', { name: 'Confirm' })).toBeVisible();
  const otherTab = await context.newPage();
  await checkout.addToCart('oak-cutting-board', 1, otherTab);
  await otherTab.close();
  await checkout.confirmInKlarna();

  await expect(checkout.message()).toContainText('confirm');
  await expect(checkout.summaryTotal()).not.toHaveText(before ?? '');
  const after = await checkout.summaryTotal().textContent();
  expect(db.ordersFor(email)).toEqual([]);

  await checkout.buy();
  await checkout.confirmInKlarna();

  await checkout.expectOrderPage();
  await expect(page.getByTestId('order-total')).toHaveText(after ?? '');
  await expect(page.getByRole('cell', { name: 'Oak Cutting Board' })).toBeVisible();
  expect(db.ordersFor(email)).toHaveLength(1);
  expect(await emulatorControl(request).placedOrderCount(email)).toBe(1);
});

for (const [label, fault] of [
  ['500s', { fault: 'status', status: 500 }],
  ['timeouts', { fault: 'timeout', hold_ms: 12_000 }],
] as const) {
  test(`Klarna failing place order with ${label} shows a clear message; the retry places one order`, async ({
    page,
    context,
    request,
  }) => {
    test.setTimeout(90_000);
    const checkout = checkoutPage(page);
    const klarna = emulatorControl(request);
    const db = checkoutDb();
    const email = personaEmail('DE');
    await checkout.chooseMarket(context, 'DE');
    await checkout.addToCart('enamel-coffee-pot');
    await checkout.fillDetails('DE', email);
    await checkout.continueToPayment();
    const faultId = await klarna.addFault({ match: 'POST /payments/v1/authorizations/*/order', ...fault });

    try {
      await checkout.buy();
      await checkout.confirmInKlarna();
      await expect(checkout.message()).toContainText('Klarna is not responding', { timeout: 30_000 });
      expect(db.ordersFor(email).filter((order) => order.status !== 'PLACING')).toEqual([]);
    } finally {
      await klarna.removeFault(faultId);
    }

    await page.getByRole('button', { name: 'Try again' }).click();

    await checkout.expectOrderPage();
    expect(db.ordersFor(email)).toEqual([expect.objectContaining({ status: 'AUTHORIZED' })]);
    expect(await klarna.placedOrderCount(email)).toBe(1);
  });
}
