import { expect, test } from '@playwright/test';
import { checkoutDb, checkoutPage, emulatorControl, personaEmail } from '../../e2e/pages/checkout';
import { interceptActionRequest, sendActionRequest } from '../../e2e/pages/server-action';

// The attack: open checkout in Sweden, switch the market to Germany in another tab, approve the
// old Swedish session and replay its place-order call. It once gave an order as SE / SEK 129,00
// for a lamp priced 1 299,00 kr (the Swedish session re-sent with euro minor units).

test('approving a Swedish session after switching to Germany, and replaying the call, places no order', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(120_000);
  const checkout = checkoutPage(page);
  const db = checkoutDb();
  const email = personaEmail('SE');
  await checkout.chooseMarket(context, 'SE');
  await checkout.addToCart('brass-reading-lamp');
  await checkout.fillDetails('SE', email);
  await checkout.continueToPayment();
  await checkout.switchMarketInAnotherTab(context, 'DE');

  // Klarna's callback reaches the server on approval; the browser's own call is held back here.
  const placeOrderCall = await interceptActionRequest(page, '/checkout', async () => {
    await checkout.buy();
    await checkout.confirmInKlarna();
  });
  for (let replay = 0; replay < 3; replay++) {
    const response = await sendActionRequest(page.request, '/checkout', placeOrderCall);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('changed to Germany (EUR)');
  }

  expect(db.ordersFor(email)).toEqual([]);
  expect(await emulatorControl(request).placedOrderCount(email)).toBe(0);
});
