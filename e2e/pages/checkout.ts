import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { E2E_DATABASE_URL, EMULATOR_URL, STOREFRONT_URL, isPostgresUrl, sqlitePath } from '../environment';

export type Country = 'SE' | 'DE' | 'GB' | 'US' | 'AU';

/** Klarna's playground identities (api-reference §8) as our checkout form takes them. */
const ADDRESSES: Record<Country, { given: string; family: string; street: string; postal: string; city: string; state?: string; domain: string }> = {
  SE: { given: 'Alice', family: 'Test', street: 'Södra Blasieholmshamnen 2', postal: '111 48', city: 'Stockholm', domain: 'email.se' },
  DE: { given: 'Mock', family: 'Mock', street: 'Neue Schönhauser Str. 2', postal: '10178', city: 'Berlin', domain: 'email.de' },
  GB: { given: 'Test', family: 'Person', street: '10 New Burlington Street', postal: 'W1S 3BE', city: 'London', domain: 'email.uk' },
  US: { given: 'Test', family: 'Person', street: '509 Amsterdam Ave', postal: '10024', city: 'New York', state: 'NY', domain: 'email.us' },
  AU: { given: 'Test', family: 'Person', street: '4 Wharf St', postal: '4877', city: 'Port Douglas', state: 'QLD', domain: 'email.au' },
}; // prettier-ignore

/** How each market's prices read (the cart shows the total in the market's currency). */
const CURRENCY_SIGN: Record<Country, string> = { SE: 'kr', DE: '€', GB: '£', US: 'US$', AU: 'A$' };

/**
 * A persona email unique to this test: the emulator ignores unknown `+tags`, so `customer+denied+x1`
 * is still the denied persona and every test can find its own orders by email.
 */
export function personaEmail(country: Country, tags: string[] = []): string {
  return `customer+${[...tags, `e2e${randomUUID().slice(0, 8)}`].join('+')}@${ADDRESSES[country].domain}`;
}

/** Page object for the shop-to-order path: market, cart, checkout form, Klarna widget and overlay. */
export function checkoutPage(page: Page) {
  const overlay = page.frameLocator('iframe[title="Klarna checkout"]');
  async function fillForm(country: Country, email: string) {
    const address = ADDRESSES[country];
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('First name').fill(address.given);
    await page.getByLabel('Last name').fill(address.family);
    await page.getByLabel('Street address').fill(address.street);
    await page.getByLabel('Postal code').fill(address.postal);
    await page.getByLabel('City').fill(address.city);
    if (address.state) await page.getByLabel('State').selectOption(address.state);
  }
  async function continueToPayment() {
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await expect(page.locator('iframe[title="Klarna payment method"]')).toBeVisible();
  }
  async function buy() {
    await expect(page.getByRole('button', { name: 'Buy now' })).toBeEnabled();
    await page.getByRole('button', { name: 'Buy now' }).click();
  }
  async function confirmInKlarna() {
    await overlay.getByRole('button', { name: 'Confirm' }).click();
  }
  return {
    overlay,
    async chooseMarket(context: BrowserContext, country: Country) {
      await context.addCookies([{ name: 'market', value: country, url: STOREFRONT_URL }]);
    },
    /** Uses the header's market selector in a second tab, as a shopper would, then closes it. */
    async switchMarketInAnotherTab(context: BrowserContext, country: Country) {
      const other = await context.newPage();
      await other.goto('/cart');
      const marketCookie = async () =>
        (await context.cookies(STOREFRONT_URL)).find((c) => c.name === 'market')?.value;
      // The selector's action moves the cart and sets the cookie, then shows the page again. A
      // choice made before the page has hydrated does nothing, as it would for a shopper: choose again.
      await expect(async () => {
        await other.getByLabel('Country and currency').selectOption(country);
        await expect.poll(marketCookie, { timeout: 5_000 }).toBe(country);
      }).toPass({ timeout: 60_000 });
      // Reading the cart moves it to the cookie's market, so a read still in flight with the old
      // cookie can move it back; once the tab is quiet, one more read settles it in the new market.
      await other.waitForLoadState('networkidle');
      await other.reload();
      await expect(other.getByTestId('cart-total')).toContainText(CURRENCY_SIGN[country]);
      await other.waitForLoadState('networkidle');
      await other.close();
    },
    async addToCart(slug: string, quantity = 1, target: Page = page) {
      await target.goto(`/products/${slug}`);
      await target.getByLabel('Quantity').fill(String(quantity));
      await target.getByRole('button', { name: 'Add to cart' }).click();
      await expect(target.getByRole('link', { name: 'View cart' })).toBeVisible();
    },
    async fillDetails(country: Country, email: string) {
      await page.goto('/checkout');
      await fillForm(country, email);
    },
    /** The whole way from a filled cart to Klarna's pop-up answered with Confirm. */
    async payWithKlarna(country: Country, email: string) {
      await page.goto('/checkout');
      await fillForm(country, email);
      await continueToPayment();
      await buy();
      await confirmInKlarna();
    },
    /** Fills the checkout form already on screen (e.g. after checkout restarted in another market). */
    fillForm,
    continueToPayment,
    buyButton: () => page.getByRole('button', { name: 'Buy now' }),
    buy,
    confirmInKlarna,
    async cancelInKlarna() {
      await overlay.getByRole('button', { name: 'Cancel' }).click();
    },
    message: () => page.getByTestId('checkout-message'),
    summaryTotal: () => page.getByTestId('order-total'),
    async expectOrderPage() {
      await expect(page).toHaveURL(/\/orders\/[^/?]+\?key=/);
      await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
    },
  };
}

export interface OrderRow {
  id: string;
  status: string;
  fraudStatus: string | null;
  orderAmount: number;
  country: string;
  currency: string;
  klarnaOrderId: string | null;
  authorizationToken: string;
  cartId: string;
}

/** Read-only queries on the e2e database: what the storefront recorded. */
export function checkoutDb() {
  if (isPostgresUrl(E2E_DATABASE_URL)) throw new Error('checkoutDb reads the SQLite e2e database only');
  const file = sqlitePath(E2E_DATABASE_URL);
  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  return {
    ordersFor: (email: string) =>
      query<OrderRow>(
        'SELECT id, status, fraudStatus, orderAmount, country, currency, klarnaOrderId, authorizationToken, cartId FROM "Order" WHERE email = ?',
        email,
      ),
    eventsOf: (orderId: string) =>
      query<{ type: string; actor: string; outcome: string }>(
        'SELECT type, actor, outcome FROM "OrderEvent" WHERE orderId = ? ORDER BY createdAt',
        orderId,
      ),
    cartStatus: (cartId: string) =>
      query<{ status: string }>('SELECT status FROM "Cart" WHERE id = ?', cartId)[0]?.status,
  };
}

/** The emulator's control API (reset is never used: other specs share the emulator). */
export function emulatorControl(request: APIRequestContext) {
  return {
    async advanceClock(minutes: number) {
      const response = await request.post(`${EMULATOR_URL}/_emulator/clock`, {
        data: { advance_ms: minutes * 60_000 },
      });
      expect(response.ok()).toBe(true);
    },
    async addFault(rule: Record<string, unknown>): Promise<string> {
      const response = await request.put(`${EMULATOR_URL}/_emulator/faults`, { data: rule });
      expect(response.ok(), await response.text()).toBe(true);
      return ((await response.json()) as { id: string }).id;
    },
    async removeFault(id: string) {
      const response = await request.delete(`${EMULATOR_URL}/_emulator/faults/${id}`);
      expect(response.ok()).toBe(true);
    },
    /** Klarna orders created (place order answered 200) for a shopper's email. */
    async placedOrderCount(email: string): Promise<number> {
      const response = await request.get(`${EMULATOR_URL}/_emulator/requests`);
      const { requests } = (await response.json()) as {
        requests: {
          method: string;
          path: string;
          status: number;
          body?: { billing_address?: { email?: string } };
        }[];
      };
      return requests.filter(
        (entry) =>
          entry.method === 'POST' &&
          /\/authorizations\/[^/]+\/order$/.test(entry.path) &&
          entry.status === 200 &&
          entry.body?.billing_address?.email === email,
      ).length;
    },
    async order(klarnaOrderId: string) {
      const response = await request.get(`${EMULATOR_URL}/_emulator/orders/${klarnaOrderId}`);
      return {
        status: response.status(),
        body: (await response.json()) as { order_amount?: number; orderAmount?: number },
      };
    },
  };
}
