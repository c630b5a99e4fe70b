import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { EMULATOR_URL } from '../environment';

const AUTHORIZATION = `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}`;

/** A Swedish cart as a merchant sends it to Klarna (one product line and shipping). */
function swedishCart(email: string) {
  return {
    purchase_country: 'SE',
    purchase_currency: 'SEK',
    locale: 'sv-SE',
    order_amount: 24900,
    order_tax_amount: 4980,
    billing_address: {
      given_name: 'Alice',
      family_name: 'Test',
      email,
      street_address: 'Södra Blasieholmshamnen 2',
      postal_code: '11148',
      city: 'Stockholm',
      country: 'SE',
    },
    order_lines: [
      {
        type: 'physical',
        reference: 'TOWEL-1',
        name: 'Linen tea towel',
        quantity: 2,
        unit_price: 10000,
        tax_rate: 2500,
        total_amount: 20000,
        total_tax_amount: 4000,
      },
      {
        type: 'shipping_fee',
        name: 'Shipping',
        quantity: 1,
        unit_price: 4900,
        tax_rate: 2500,
        total_amount: 4900,
        total_tax_amount: 980,
      },
    ],
  };
}

/**
 * The Klarna emulator's Hosted Payment Page, as a merchant opens it (a Payments session, then an
 * HPP session over the API) and as the shopper uses it (the page, Klarna's pop-up on it).
 */
export function hostedPaymentPage(page: Page, request: APIRequestContext) {
  const overlay = page.frameLocator('iframe[title="Klarna checkout"]');
  return {
    overlay,
    /** Opens an HPP session for a cart billed to `email` and returns the link the shopper gets. */
    async create(email: string): Promise<string> {
      const session = await request.post(`${EMULATOR_URL}/eu/payments/v1/sessions`, {
        headers: { Authorization: AUTHORIZATION },
        data: swedishCart(email),
      });
      expect(session.ok(), await session.text()).toBe(true);
      const { session_id } = (await session.json()) as { session_id: string };
      // No merchant URLs: the shopper stays on the hosted page, which says how the purchase ended.
      const hpp = await request.post(`${EMULATOR_URL}/eu/hpp/v1/sessions`, {
        headers: { Authorization: AUTHORIZATION },
        data: { payment_session_url: `${EMULATOR_URL}/eu/payments/v1/sessions/${session_id}` },
      });
      expect(hpp.ok(), await hpp.text()).toBe(true);
      return ((await hpp.json()) as { redirect_url: string }).redirect_url;
    },
    /** Opens the link and waits until Klarna's payment method has loaded. */
    async open(link: string) {
      await page.goto(link);
      await expect(page.locator('iframe[title="Klarna payment method"]')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Pay with Klarna' })).toBeEnabled();
    },
    async pay() {
      await page.getByRole('button', { name: 'Pay with Klarna' }).click();
      await expect(overlay.getByRole('dialog')).toBeVisible();
    },
  };
}
