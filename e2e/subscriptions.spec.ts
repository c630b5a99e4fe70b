import type { Browser, Page } from '@playwright/test';
import { E2E_RENEWALS_SECRET, STOREFRONT_URL } from './environment';
import { expect, test } from './fixtures';
import { checkoutPage, personaEmail } from './pages/checkout';
import { interceptActionRequest, sendActionRequest } from './pages/server-action';
import { klarnaControl, runRenewalJob, subscriptionsDb, subscriptionsPage } from './pages/subscriptions';

// Subscriptions through the real Klarna widget (the emulator's SDK in Chromium): the intent each
// basket gets, what exists after approval, the shopper's account, staff pages and renewals run by
// `npm run renewals` on the emulator's clock. This file moves the shared emulator clock forward,
// so its last test is the one that does.

const MONTHLY = 'Coffee Club, monthly';

type Account = { name: string; email: string; password: string };

/** A new shopper account, signed in (the market is Sweden, set before each test). */
async function newShopper(
  page: Page,
  auth: { gotoSignUp(): Promise<void>; signUp(details: Account): Promise<void> },
  account: Account,
) {
  await auth.gotoSignUp();
  await auth.signUp(account);
  await expect(page).toHaveURL('/');
}

/** A new signed-in shopper who has started the monthly plan's free trial; its subscription row. */
async function startMonthlyTrial(
  page: Page,
  auth: { gotoSignUp(): Promise<void>; signUp(details: Account): Promise<void> },
  account: Account,
) {
  await newShopper(page, auth, account);
  await checkoutPage(page).addToCart('coffee-club-monthly');
  await checkoutPage(page).payWithKlarna('SE', personaEmail('SE'));
  await expect(page).toHaveURL(/\/account\/subscriptions/);
  const [subscription] = subscriptionsDb().subscriptionsFor(account.email);
  if (!subscription?.klarnaTokenId) throw new Error('no subscription');
  return { ...subscription, klarnaTokenId: subscription.klarnaTokenId };
}

/** A page of its own, signed in as staff through the sign-in form, opened at `path`. */
async function staffPage(browser: Browser, admin: { email: string; password: string }, path: string) {
  const staff = await browser.newPage();
  await staff.goto(`/login?callbackUrl=${encodeURIComponent(path)}`);
  await staff.getByLabel('Email').fill(admin.email);
  await staff.getByLabel('Password').fill(admin.password);
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await expect(staff).toHaveURL(path);
  return staff;
}

/** Staff on a subscription's page: charge period 1 now, confirming with the button `confirm` names. */
async function chargePeriodOneNow(staff: Page, confirm: RegExp = /^Charge /) {
  await staff.getByRole('button', { name: 'Charge now…' }).click();
  const dialog = staff.getByRole('dialog', { name: 'Charge period 1 now?' });
  // Period 1 follows the free trial, so it is not due yet: staff confirm charging it early.
  await dialog.getByRole('checkbox', { name: 'Charge period 1 before its due date' }).check();
  await dialog.getByRole('button', { name: confirm }).click();
}

/** Staff on a subscription's page: cancel it, confirming in the dialog. */
async function cancelAsStaff(staff: Page) {
  await staff.getByRole('button', { name: 'Cancel subscription…' }).click();
  await staff
    .getByRole('dialog', { name: 'Cancel this subscription?' })
    .getByRole('button', { name: 'Cancel subscription' })
    .click();
}

test.beforeEach(async ({ page, context }) => {
  await checkoutPage(page).chooseMarket(context, 'SE');
});

test('a guest is asked to sign in; signed in, checkout says plainly what is charged today and later', async ({
  page,
  auth,
  newAccount,
}) => {
  const checkout = checkoutPage(page);
  await checkout.addToCart('coffee-club-monthly');
  await page.goto('/checkout');
  await expect(page.getByTestId('checkout-blocked')).toContainText(
    'Sign in or create an account to buy a subscription',
  );
  await expect(page.getByRole('button', { name: 'Continue to payment' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Create an account' }).click();
  await auth.signUp(newAccount);
  await expect(page).toHaveURL('/');
  // The cart the guest filled is now the account's.
  await page.goto('/checkout');

  const schedule = page.getByTestId('charge-schedule');
  await expect(schedule.getByTestId('charged-today')).toContainText('Nothing is charged today');
  await expect(schedule.getByTestId('later-charge')).toContainText(
    /Coffee Club, monthly: 0,00\s*kr today, then 199,00\s*kr per month from \d{1,2} \w+ \d{4}, until you cancel/,
  );
  await expect(page.getByTestId('order-total')).toContainText('0,00');
});

test('a free trial: intent tokenize, no order, and the subscription in the shopper’s account', async ({
  page,
  auth,
  newAccount,
}) => {
  await newShopper(page, auth, newAccount);
  await checkoutPage(page).addToCart('coffee-club-monthly');
  await checkoutPage(page).payWithKlarna('SE', personaEmail('SE'));

  await expect(page).toHaveURL(/\/account\/subscriptions\?started=1/);
  await expect(page.getByText('Your subscription is set up. Nothing was charged today')).toBeVisible();
  const card = subscriptionsPage(page).card(MONTHLY);
  await expect(card.getByTestId('subscription-status')).toHaveText('Active');
  await expect(card.getByTestId('next-charge')).toContainText(
    /Next charge: 199,00\s*kr on .* Your free trial ends on/,
  );
  await expect(card).toContainText('paid with Klarna (invoice)');

  const db = subscriptionsDb();
  expect(db.intentsFor(newAccount.email)).toEqual(['tokenize']);
  expect(db.subscriptionsFor(newAccount.email)).toEqual([
    expect.objectContaining({ status: 'ACTIVE', nextPeriod: 1, tokenStatus: 'ACTIVE' }),
  ]);
  expect(db.ordersFor(newAccount.email)).toEqual([]);
});

test('a subscription charged today: intent buy_and_tokenize, an order and the subscription with its first charge', async ({
  page,
  auth,
  newAccount,
}) => {
  await newShopper(page, auth, newAccount);
  await checkoutPage(page).addToCart('coffee-club-yearly');
  await page.goto('/checkout');
  await expect(page.getByTestId('charged-today')).toContainText(/Charged today: 1\s990,00/);
  await expect(page.getByTestId('later-charge')).toContainText(
    /Coffee Club, yearly: 1\s990,00\s*kr today, then 1\s990,00\s*kr per year from \d{1,2} \w+ \d{4}/,
  );
  await checkoutPage(page).payWithKlarna('SE', personaEmail('SE'));

  await checkoutPage(page).expectOrderPage();
  const db = subscriptionsDb();
  expect(db.intentsFor(newAccount.email)).toEqual(['buy_and_tokenize']);
  expect(db.ordersFor(newAccount.email)).toEqual([
    expect.objectContaining({ orderAmount: 199000, subscriptionPeriod: null }),
  ]);
  expect(db.subscriptionsFor(newAccount.email)).toEqual([
    expect.objectContaining({ status: 'ACTIVE', nextPeriod: 2 }),
  ]);

  await expect(page.getByTestId('recurring-payments-notice')).toHaveCount(0);
  await subscriptionsPage(page).goto();
  const card = subscriptionsPage(page).card('Coffee Club, yearly');
  await expect(card.getByTestId('past-charge')).toHaveCount(1);
  await expect(card.getByTestId('past-charge')).toContainText(/1\s990,00/);
});

test('Klarna refusing the customer token after the order: the order stands and its page says the subscription will not renew', async ({
  page,
  auth,
  newAccount,
  request,
}) => {
  const klarna = klarnaControl(request);
  await newShopper(page, auth, newAccount);
  await checkoutPage(page).addToCart('coffee-club-yearly');
  await page.goto('/checkout');
  const fault = await klarna.addFault({
    match: 'POST /payments/v1/authorizations/*/customer-token',
    fault: 'status',
    status: 400,
    error_code: 'BAD_VALUE',
  });
  try {
    await checkoutPage(page).payWithKlarna('SE', personaEmail('SE'));
    await checkoutPage(page).expectOrderPage();
  } finally {
    await klarna.removeFault(fault);
  }

  await expect(page.getByTestId('payment-status')).toContainText('Payment approved');
  await expect(page.getByTestId('recurring-payments-notice')).toContainText(
    'Klarna did not set up recurring payments for your subscription',
  );
  const db = subscriptionsDb();
  expect(db.ordersFor(newAccount.email)).toEqual([expect.objectContaining({ orderAmount: 199000 })]);
  expect(db.subscriptionsFor(newAccount.email)).toEqual([]);
});

test('a mixed basket: intent buy_and_default_tokenize, the one-time items ordered today, the trial later', async ({
  page,
  auth,
  newAccount,
}) => {
  await newShopper(page, auth, newAccount);
  const checkout = checkoutPage(page);
  await checkout.addToCart('stoneware-espresso-cups');
  await checkout.addToCart('coffee-club-monthly');
  await page.goto('/checkout');
  await expect(page.getByTestId('charged-today')).toContainText('Charged today: 249,00');
  await checkoutPage(page).payWithKlarna('SE', personaEmail('SE'));

  await checkout.expectOrderPage();
  await expect(page.getByTestId('order-total')).toContainText('249,00');
  const db = subscriptionsDb();
  expect(db.intentsFor(newAccount.email)).toEqual(['buy_and_default_tokenize']);
  expect(db.ordersFor(newAccount.email)).toEqual([expect.objectContaining({ orderAmount: 24900 })]);
  expect(db.subscriptionsFor(newAccount.email)).toEqual([
    expect.objectContaining({ status: 'ACTIVE', nextPeriod: 1 }),
  ]);
});

test('one-time products only: intent buy and no customer token', async ({ page, auth, newAccount }) => {
  await newShopper(page, auth, newAccount);
  await checkoutPage(page).addToCart('linen-tea-towel');
  await page.goto('/checkout');
  await expect(page.getByTestId('charge-schedule')).toHaveCount(0);
  await checkoutPage(page).payWithKlarna('SE', personaEmail('SE'));

  await checkoutPage(page).expectOrderPage();
  const db = subscriptionsDb();
  expect(db.intentsFor(newAccount.email)).toEqual(['buy']);
  expect(db.subscriptionsFor(newAccount.email)).toEqual([]);
});

test('a plan’s quantity limit is refused on the product page, and nothing is opened at Klarna', async ({
  page,
  auth,
  newAccount,
}) => {
  await newShopper(page, auth, newAccount);
  await page.goto('/products/coffee-club-yearly');
  await page.getByLabel('Quantity').fill('2');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(
    page.getByText('Coffee Club, yearly is one subscription per order: the quantity must be 1.'),
  ).toBeVisible();
  await page.goto('/cart');
  await expect(page.getByText('Your cart is empty.')).toBeVisible();
  expect(subscriptionsDb().intentsFor(newAccount.email)).toEqual([]);
});

test('staff see the subscription with its token and charges, and can charge it now and cancel it', async ({
  page,
  auth,
  newAccount,
  browser,
  admin,
}) => {
  await startMonthlyTrial(page, auth, newAccount);

  const staff = await staffPage(browser, admin, '/admin/subscriptions');
  await expect(staff.getByRole('heading', { name: 'Subscriptions', level: 1 })).toBeVisible();
  await staff
    .getByRole('row')
    .filter({ hasText: newAccount.email })
    .getByRole('link', { name: MONTHLY })
    .click();

  await expect(staff.getByRole('heading', { name: MONTHLY, level: 1 })).toBeVisible();
  await expect(staff.getByTestId('token-status')).toHaveText('active');
  await expect(staff.getByTestId('charge-row')).toHaveCount(0);

  // Period 1 follows the free trial: the dialog says it is not due yet, and charging it early
  // needs the box ticked (the browser asks for it; the server refuses without it too).
  await staff.getByRole('button', { name: 'Charge now…' }).click();
  const chargeDialog = staff.getByRole('dialog', { name: 'Charge period 1 now?' });
  await expect(chargeDialog).toContainText('Period 1 is not due yet');
  await chargeDialog.getByRole('button', { name: /^Charge 199,00\s+kr early$/ }).click();
  const earlyBox = chargeDialog.getByRole('checkbox', { name: 'Charge period 1 before its due date' });
  expect(await earlyBox.evaluate((box: HTMLInputElement) => box.validity.valueMissing)).toBe(true);
  await expect(chargeDialog).toBeVisible();
  const [uncharged] = subscriptionsDb().subscriptionsFor(newAccount.email);
  expect(await klarnaControl(page.request).chargesOf(uncharged?.klarnaTokenId ?? '')).toBe(0);
  await staff.keyboard.press('Escape');

  await chargePeriodOneNow(staff, /^Charge 199,00/);
  await expect(staff.getByTestId('subscription-action-outcome')).toContainText('Charged. Charged period 1');
  await staff.reload();
  await expect(staff.getByTestId('charge-row')).toHaveCount(1);
  await expect(staff.getByTestId('charge-row')).toContainText('succeeded');
  const [subscription] = subscriptionsDb().subscriptionsFor(newAccount.email);
  expect(subscription).toMatchObject({ nextPeriod: 2 });
  expect(await klarnaControl(page.request).chargesOf(subscription?.klarnaTokenId ?? '')).toBe(1);

  // The renewal is an order staff manage like any other, listed with its subscription.
  const detailUrl = staff.url();
  await staff.getByTestId('charge-row').getByRole('link').click();
  await expect(staff.getByRole('heading', { level: 1 })).toContainText('Order');
  await expect(staff.getByRole('button', { name: 'Capture…' })).toBeEnabled();
  await expect(staff.getByTestId('renewal-of')).toHaveText(`Renewal of ${MONTHLY}, period 1`);
  const number = await staff.getByRole('heading', { level: 1 }).locator('.font-mono').textContent();
  await staff.goto(`/admin/orders?q=${encodeURIComponent(number ?? '')}`);
  const renewalRow = staff.getByRole('row').filter({ hasText: number ?? '' });
  await expect(renewalRow.getByTestId('renewal-of')).toHaveText(`Renewal of ${MONTHLY}, period 1`);
  await renewalRow.getByTestId('renewal-of').click();
  await expect(staff).toHaveURL(detailUrl);

  await cancelAsStaff(staff);
  await expect(staff.getByTestId('subscription-status')).toHaveText('Cancelled');
  await expect(staff.getByTestId('status-reason')).toContainText(`Cancelled by ${admin.email}`);
  await expect(staff.getByTestId('token-status')).toHaveText('cancelled');
  expect(await klarnaControl(page.request).tokenStatus(subscription?.klarnaTokenId ?? '')).toBe('CANCELLED');

  // The shopper sees it cancelled, with the charge staff made.
  await subscriptionsPage(page).goto();
  const card = subscriptionsPage(page).card(MONTHLY);
  await expect(card.getByTestId('subscription-status')).toHaveText('Cancelled');
  await expect(card.getByTestId('past-charge')).toHaveCount(1);
  await staff.close();
});

test('staff subscription actions sent by a shopper or a signed-out visitor charge and cancel nothing', async ({
  page,
  auth,
  newAccount,
  browser,
  admin,
  playwright,
}) => {
  const subscription = await startMonthlyTrial(page, auth, newAccount);
  const detailPath = `/admin/subscriptions/${subscription.id}`;
  const klarna = klarnaControl(page.request);

  // The exact requests staff's Charge now and Cancel buttons send, stopped before the server.
  const staff = await staffPage(browser, admin, detailPath);
  const charge = await interceptActionRequest(staff, detailPath, () => chargePeriodOneNow(staff));
  await staff.reload();
  const cancel = await interceptActionRequest(staff, detailPath, () => cancelAsStaff(staff));

  const visitor = await playwright.request.newContext({ baseURL: STOREFRONT_URL });
  try {
    for (const request of [visitor, page.request]) {
      for (const action of [charge, cancel]) {
        const direct = await sendActionRequest(request, detailPath, action);
        expect(direct.status()).toBe(307);
        expect(direct.headers().location).toContain('/login');
        // Sent to a public page, the action runs and checks the role itself.
        const elsewhere = await sendActionRequest(request, '/login', action);
        expect(await elsewhere.text()).toContain('Only staff signed in with an admin account can do this.');
      }
    }
    expect(await klarna.chargesOf(subscription.klarnaTokenId)).toBe(0);
    expect(await klarna.tokenStatus(subscription.klarnaTokenId)).toBe('ACTIVE');
    expect(subscriptionsDb().subscriptionsFor(newAccount.email)).toEqual([
      expect.objectContaining({ status: 'ACTIVE', nextPeriod: 1 }),
    ]);

    // The same request from staff's session does charge, so the refusals above were real.
    const own = await sendActionRequest(staff.request, '/login', charge);
    expect(await own.text()).toContain('Charged period 1');
    expect(await klarna.chargesOf(subscription.klarnaTokenId)).toBe(1);
  } finally {
    await visitor.dispose();
    await staff.close();
  }
});

test('a token the shopper cancelled at Klarna: the next charge finds out, charges nothing and marks the subscription cancelled', async ({
  page,
  auth,
  newAccount,
  browser,
  admin,
}) => {
  const subscription = await startMonthlyTrial(page, auth, newAccount);
  const klarna = klarnaControl(page.request);
  await klarna.cancelTokenAtKlarna(subscription.klarnaTokenId);

  const detailPath = `/admin/subscriptions/${subscription.id}`;
  const staff = await staffPage(browser, admin, detailPath);
  try {
    await chargePeriodOneNow(staff);
    await expect(staff.getByTestId('subscription-status')).toHaveText('Cancelled');
    await expect(staff.getByTestId('status-reason')).toContainText(
      'Klarna reports the customer token cancelled (403 TOKEN_CANCELED',
    );
    await staff.reload();
    await expect(staff.getByTestId('token-status')).toHaveText('cancelled');
  } finally {
    await staff.close();
  }
  expect(await klarna.chargesOf(subscription.klarnaTokenId)).toBe(0);
  expect(subscriptionsDb().subscriptionsFor(newAccount.email)).toEqual([
    expect.objectContaining({ status: 'CANCELLED', tokenStatus: 'CANCELLED' }),
  ]);
  await subscriptionsPage(page).goto();
  await expect(subscriptionsPage(page).card(MONTHLY).getByTestId('subscription-status')).toHaveText(
    'Cancelled',
  );
});

test('renewals on the emulator clock: a failure retried without a double charge, two job runs at once charge once, a month later again, and the shopper’s cancellation stops them', async ({
  page,
  auth,
  newAccount,
  request,
}) => {
  test.setTimeout(180_000);
  const subscription = await startMonthlyTrial(page, auth, newAccount);
  const db = subscriptionsDb();
  const tokenId = subscription.klarnaTokenId;
  const klarna = klarnaControl(request);
  const card = subscriptionsPage(page).card(MONTHLY);

  // The trial ends; Klarna fails every charge at first.
  await klarna.advanceClockDays(15);
  const fault = await klarna.addFault({
    match: 'POST /customer-token/v1/tokens/*/order',
    fault: 'status',
    status: 503,
  });
  expect(await runRenewalJob()).toMatch(/, 0 charged, [1-9]\d* retrying/);
  await klarna.removeFault(fault);
  expect(db.subscriptionsFor(newAccount.email)).toEqual([
    expect.objectContaining({ nextPeriod: 1, status: 'ACTIVE' }),
  ]);
  expect(await klarna.chargesOf(tokenId)).toBe(0);

  // Ten minutes later the same charge is sent again, by two copies of the job at once.
  await klarna.advanceClockDays(11 / (24 * 60));
  await Promise.all([runRenewalJob(), runRenewalJob()]);
  expect(await klarna.chargesOf(tokenId)).toBe(1);
  expect(db.ordersFor(newAccount.email)).toEqual([
    expect.objectContaining({ subscriptionPeriod: 1, orderAmount: 19900 }),
  ]);
  await subscriptionsPage(page).goto();
  await expect(card.getByTestId('past-charge')).toHaveCount(1);

  // A month later the next period is charged.
  await klarna.advanceClockDays(31);
  await runRenewalJob();
  expect(await klarna.chargesOf(tokenId)).toBe(2);
  await page.reload();
  await expect(card.getByTestId('past-charge')).toHaveCount(2);

  // The shopper cancels: the token is cancelled at Klarna and nothing more is charged.
  await subscriptionsPage(page).cancel(MONTHLY);
  await expect(card.getByTestId('subscription-status')).toHaveText('Cancelled');
  expect(await klarna.tokenStatus(tokenId)).toBe('CANCELLED');
  await klarna.advanceClockDays(31);
  await runRenewalJob();
  expect(await klarna.chargesOf(tokenId)).toBe(2);
  expect(db.subscriptionsFor(newAccount.email)).toEqual([
    expect.objectContaining({ status: 'CANCELLED', nextPeriod: 3 }),
  ]);

  // The scheduler's route: a forged secret, and a cancelled subscription, charge nothing.
  const renew = (authorization: string, data: Record<string, unknown>) =>
    request.post('/api/subscriptions/renew', { headers: { Authorization: authorization }, data });
  const forged = await renew('Bearer forged-secret-forged-secret-forged-secret', {});
  expect(forged.status()).toBe(401);
  expect(await forged.json()).toMatchObject({ error: 'unauthorized' });
  const cancelled = await renew(`Bearer ${E2E_RENEWALS_SECRET}`, { subscription_id: subscription.id });
  expect(cancelled.status()).toBe(409);
  expect(await cancelled.json()).toMatchObject({
    message: expect.stringContaining('cancelled; nothing was charged'),
  });
  const malformed = await renew(`Bearer ${E2E_RENEWALS_SECRET}`, { limit: 'everything' });
  expect(malformed.status()).toBe(400);
  const run = await renew(`Bearer ${E2E_RENEWALS_SECRET}`, {});
  expect(run.status()).toBe(200);
  expect(await run.json()).toMatchObject({ charged: expect.any(Number), processed: expect.any(Number) });
  expect(await klarna.chargesOf(tokenId)).toBe(2);
});
