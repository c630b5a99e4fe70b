import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './admin-fixtures';
import { MAIL_READER_URL } from './environment';
import { checkoutDb, checkoutPage, emulatorControl, personaEmail } from './pages/checkout';

// What a shopper meets once they have paid (or were declined), and the mails the shop sends them,
// read from the mail sink the e2e storefront sends to.

interface Mail {
  subject: string;
  text: string;
}

/** The mails the sink received for `to`, newest first. */
async function mailsTo(request: APIRequestContext, to: string): Promise<Mail[]> {
  const response = await request.get(`${MAIL_READER_URL}/messages?to=${encodeURIComponent(to)}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as Mail[];
}

/** Intl writes no-break spaces; compare texts with plain ones. */
const plain = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

const cartLink = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Cart/ });

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

for (const { name, viewport } of VIEWPORTS) {
  test.describe(`on a ${name}`, () => {
    test.use({ viewport });

    test('after paying: the confirmation mail arrives with the order total, and back shows the empty cart', async ({
      page,
      context,
      request,
    }) => {
      const checkout = checkoutPage(page);
      const email = personaEmail('SE');
      await checkout.chooseMarket(context, 'SE');
      await checkout.addToCart('oak-cutting-board');
      await page.goto('/cart');
      await expect(cartLink(page)).toHaveAccessibleName(/\b1 item\b/);
      await page.getByRole('link', { name: 'Check out with Klarna' }).click();
      await checkout.fillForm('SE', email);
      await checkout.continueToPayment();
      await checkout.buy();
      await checkout.confirmInKlarna();

      await checkout.expectOrderPage();
      await expect(cartLink(page)).toHaveAccessibleName(/\b0 items\b/);
      const total = plain(await page.getByTestId('order-total').textContent());
      const number = (await page.getByTestId('order-number').textContent()) ?? '';
      await expect(page.getByRole('link', { name: 'Continue shopping' })).toBeVisible();

      await expect.poll(async () => (await mailsTo(request, email)).length).toBe(1);
      const [mail] = await mailsTo(request, email);
      expect(mail?.subject).toBe(`Order ${number}: thank you for your order`);
      expect(plain(mail?.text ?? '')).toContain(`Total ${total}`);
      await page.reload();
      await expect(page.getByTestId('confirmation-mail')).toHaveText(`Confirmation sent to ${email}`);

      // Back to the cart the order was placed from: it is empty, with nothing left to pay for.
      await page.goBack();
      await expect(page).toHaveURL(/\/cart$/);
      await expect(page.getByText('Your cart is empty.')).toBeVisible();
      await expect(page.getByRole('link', { name: 'Check out with Klarna' })).toHaveCount(0);
      await expect(cartLink(page)).toHaveAccessibleName(/\b0 items\b/);
    });

    test('a declined shopper can try Klarna again with the cart kept, and knows whom to ask', async ({
      page,
      context,
    }) => {
      const checkout = checkoutPage(page);
      const declined = personaEmail('SE', ['denied']);
      await checkout.chooseMarket(context, 'SE');
      await checkout.addToCart('oak-cutting-board');
      await checkout.payWithKlarna('SE', declined);
      await checkout.overlay.getByRole('button', { name: 'Close' }).click();

      await expect(checkout.message()).toContainText('nothing was charged');
      await expect(checkout.message()).not.toContainText('another way to pay');
      await expect(page.getByRole('link', { name: /@/ })).toHaveAttribute('href', /^mailto:/);
      await page.getByRole('button', { name: 'Try again with Klarna' }).click();

      // The details are kept; the shopper corrects what Klarna could not accept and pays.
      await expect(page.getByLabel('Email')).toHaveValue(declined);
      const approved = personaEmail('SE');
      await page.getByLabel('Email').fill(approved);
      await checkout.continueToPayment();
      await checkout.buy();
      await checkout.confirmInKlarna();
      await checkout.expectOrderPage();
      await expect(page.getByRole('cell', { name: 'Oak Cutting Board' })).toBeVisible();
      expect(checkoutDb().ordersFor(declined)).toEqual([]);
      expect(checkoutDb().ordersFor(approved)).toHaveLength(1);
    });
  });
}

test('an order Klarna rejects is not thanked for: it says what happened and what to do next', async ({
  page,
  context,
  request,
}) => {
  const checkout = checkoutPage(page);
  const email = personaEmail('US', ['pend-reject-05']);
  await checkout.chooseMarket(context, 'US');
  await checkout.addToCart('glass-storage-jars');
  await checkout.payWithKlarna('US', email);
  await checkout.expectOrderPage();

  await emulatorControl(request).advanceClock(6);
  await expect.poll(() => checkoutDb().ordersFor(email)[0]?.status).toBe('CANCELLED');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Klarna did not approve this order');
  await expect(page.getByText('Thank you for your order')).toHaveCount(0);
  await expect(page.getByText('Nothing was charged')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Continue shopping' })).toBeVisible();
});

test('staff capture and refund: the shopper gets a receipt and a refund notice with the amounts', async ({
  // Signs the page in as staff; the steps go through orderPage.
  adminPage: _signedIn,
  placeOrder,
  orderPage,
  request,
}) => {
  const order = placeOrder([{ slug: 'linen-tea-towel', quantity: 2 }]);
  const sek = (amount: number) =>
    plain(new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK' }).format(amount / 100));

  await orderPage.open(order.id);
  await orderPage.openAction('Capture…');
  await orderPage.confirm(/^Capture /);
  await expect(orderPage.outcome).toContainText('Captured');
  await expect
    .poll(async () => (await mailsTo(request, order.email)).map((mail) => plain(mail.subject)))
    .toContain(`Order ${order.number}: receipt for ${sek(order.orderAmount)}`);

  await orderPage.openAction('Refund…');
  await orderPage.dialog.getByLabel('Reason').fill('Returned unused');
  await orderPage.confirm(/^Refund /);
  await expect(orderPage.outcome).toContainText('Refunded');
  const noticeSubject = `Order ${order.number}: refund of ${sek(order.orderAmount)}`;
  await expect
    .poll(async () => (await mailsTo(request, order.email)).map((mail) => plain(mail.subject)))
    .toContain(noticeSubject);
  const mails = await mailsTo(request, order.email);
  expect(mails.filter((mail) => plain(mail.subject) === noticeSubject)).toEqual([
    expect.objectContaining({ text: expect.stringContaining('Reason: Returned unused') }),
  ]);
  // One receipt, one notice: nothing was sent twice.
  expect(mails.filter((mail) => mail.subject.includes('receipt for'))).toHaveLength(1);
});
