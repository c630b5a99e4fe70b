import { getMarket } from '@/lib/markets';
import { formatMoney } from '@/lib/money';
import { buildOrderLines } from '@/lib/order-lines';
import { US_SALES_TAX_RATES } from '@/lib/us-sales-tax';
import { expect, test } from './fixtures';
import { checkoutDb, checkoutPage, emulatorControl, personaEmail, type Country } from './pages/checkout';

// A payment session belongs to one market: a shopper who opens checkout in Sweden and switches the
// market selector in another tab, before or after starting Klarna's authorize(), never gets an
// order at the Swedish session (least of all one in SEK at another market's amounts), and can buy
// in the new market at its price.

/** The Brass Reading Lamp (prisma/catalog.ts) as the catalogue prices it in each market. */
const LAMP = { SEK: 129_900, EUR: 12_900, USD: 12_500 } as const;
const STANDARD_TAX = { SEK: 2500, EUR: 1900, USD: 825 } as const;

/** The lamp's total; in the US with the catalogue's estimated tax, or New York's once the form has its address. */
function lampTotal(country: Country, addressGiven = false) {
  const market = getMarket(country)!;
  const currency = market.currency as keyof typeof LAMP;
  const taxRate = country === 'US' && addressGiven ? US_SALES_TAX_RATES.NY : STANDARD_TAX[currency];
  const { order_amount } = buildOrderLines({
    taxStyle: market.taxStyle,
    lines: [
      {
        reference: 'brass-reading-lamp',
        name: 'Brass Reading Lamp',
        quantity: 1,
        unitPrice: LAMP[currency],
        taxRate,
      },
    ],
  });
  return { market, amount: order_amount, text: formatMoney(order_amount, market.currency, market.locale) };
}

for (const to of ['DE', 'US'] as const) {
  for (const when of ['before', 'after'] as const) {
    test(`market switched SE→${to} in another tab ${when} authorize(): no order for the Swedish session, the purchase completes at the ${to} price`, async ({
      page,
      context,
      request,
    }) => {
      test.setTimeout(120_000);
      const checkout = checkoutPage(page);
      const db = checkoutDb();
      const klarna = emulatorControl(request);
      const email = personaEmail('SE');
      const swedish = lampTotal('SE');
      const target = lampTotal(to);
      const paid = lampTotal(to, true);
      await checkout.chooseMarket(context, 'SE');
      await checkout.addToCart('brass-reading-lamp');
      await checkout.fillDetails('SE', email);
      await checkout.continueToPayment();
      await expect(checkout.summaryTotal()).toHaveText(swedish.text);

      if (when === 'before') {
        await checkout.switchMarketInAnotherTab(context, to);
        await checkout.buy();
      } else {
        await checkout.buy();
        await expect(checkout.overlay.getByRole('button', { name: 'Confirm' })).toBeVisible();
        await checkout.switchMarketInAnotherTab(context, to);
      }
      await checkout.confirmInKlarna();

      // Checkout starts again in the new market: its prices, its address fields, no Klarna widget.
      await expect(page.getByTestId('checkout-form-message')).toContainText(
        `changed to ${target.market.label}`,
      );
      await expect(checkout.summaryTotal()).toHaveText(target.text);
      await expect(page.locator('iframe[title="Klarna payment method"]')).toHaveCount(0);
      expect(db.ordersFor(email)).toEqual([]);
      expect(await klarna.placedOrderCount(email)).toBe(0);

      await checkout.fillForm(to, email);
      await checkout.continueToPayment();
      await expect(checkout.summaryTotal()).toHaveText(paid.text);
      await checkout.buy();
      await checkout.confirmInKlarna();

      await checkout.expectOrderPage();
      await expect(page.getByTestId('order-total')).toHaveText(paid.text);
      expect(db.ordersFor(email)).toEqual([
        expect.objectContaining({
          status: 'AUTHORIZED',
          country: to,
          currency: paid.market.currency,
          orderAmount: paid.amount,
        }),
      ]);
      expect(await klarna.placedOrderCount(email)).toBe(1);
    });
  }
}

test('a checkout form shown for Sweden but sent after a switch to Germany shows checkout again in euros', async ({
  page,
  context,
}) => {
  const checkout = checkoutPage(page);
  const email = personaEmail('SE');
  await checkout.chooseMarket(context, 'SE');
  await checkout.addToCart('brass-reading-lamp');
  await checkout.fillDetails('SE', email);
  await checkout.switchMarketInAnotherTab(context, 'DE');

  await page.getByRole('button', { name: 'Continue to payment' }).click();

  await expect(page.getByTestId('checkout-form-message')).toContainText('changed to Germany (EUR)');
  await expect(checkout.summaryTotal()).toHaveText(lampTotal('DE').text);
  await expect(page.locator('iframe[title="Klarna payment method"]')).toHaveCount(0);
  // The contact is kept; the Swedish address is not offered for a German delivery.
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByLabel('Postal code')).toHaveValue('');
});
