import { formatMoney } from '../lib/money';
import { expect, test } from './admin-fixtures';

/*
 * The back office as staff use it, at a desktop width and on a phone: its own frame (no shop
 * header, cart or market selector), readable money inputs, sorting and search that make sense,
 * a warning before charging early, and a dashboard that says what needs doing.
 */

const sek = (amount: number) => formatMoney(amount, 'SEK', 'sv-SE');
/** Intl's no-break spaces are plain spaces in accessible names and innerText comparisons. */
const spaced = (text: string) =>
  new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s/g, '\\s'));

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

for (const { name, viewport } of VIEWPORTS) {
  test.describe(`back office (${name})`, () => {
    test.use({ viewport });

    test('has its own frame: one sign-out, no shop header, cart or footer, the full width', async ({
      adminPage: page,
    }) => {
      await page.goto('/admin/orders');
      await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
      const banner = page.getByRole('banner');
      await expect(banner).toHaveCount(1);
      await expect(banner.getByRole('navigation', { name: 'Admin' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(1);
      await expect(page.getByRole('link', { name: /cart/i })).toHaveCount(0);
      await expect(page.getByLabel(/market|country/i)).toHaveCount(0);
      await expect(page.getByRole('contentinfo')).toHaveCount(0);
      // Full width: the content is not held in the shop's centred column.
      const main = await page.getByRole('main').boundingBox();
      expect(main?.width ?? 0).toBeGreaterThanOrEqual(viewport.width - 20);
    });

    test('a typed amount takes a decimal comma; what cannot be read or is too much is refused next to the field', async ({
      adminPage: _signedIn,
      placeOrder,
      orderPage,
      orders,
    }) => {
      const order = placeOrder([{ slug: 'enamel-camp-mug', quantity: 2 }]);
      await orderPage.open(order.id);
      await orderPage.openAction('Capture…');
      const dialog = orderPage.dialog;
      await dialog.getByLabel('An amount').check();
      const amount = dialog.getByRole('textbox', { name: 'Amount (SEK)' });

      await amount.fill('12 50');
      await expect(amount).toHaveAccessibleDescription(/without thousands separators/);
      await amount.fill('ten');
      await expect(amount).toHaveAccessibleDescription(/That is not an amount/);

      // More than the order: the field says so, the button still answers, nothing is sent.
      await amount.fill(`${order.orderAmount / 100 + 1},00`);
      await expect(amount).toHaveAccessibleDescription(
        spaced(`Only ${sek(order.orderAmount)} is left to capture.`),
      );
      await expect(dialog.getByRole('row', { name: /^Captured/ })).toContainText('—');
      await dialog.getByRole('button', { name: 'Capture', exact: true }).click();
      await expect(amount).toBeFocused();
      expect(orders.captures(order.id)).toEqual([]);

      await amount.fill('100,50');
      await expect(amount)
        .toHaveAttribute('aria-invalid', /^$|false/, { timeout: 1 })
        .catch(() => undefined);
      await expect(dialog.getByRole('row', { name: /^Captured/ })).toContainText(spaced(sek(10050)));
      await orderPage.confirm(spaced(`Capture ${sek(10050)}`));
      await expect(orderPage.outcome).toContainText(spaced(`Captured ${sek(10050)}`));
      expect(orders.captures(order.id).map((capture) => capture.amount)).toEqual([10050]);
    });

    test('finds a customer by part of the email and by name; long references wrap; amounts sort within a currency', async ({
      adminPage: page,
      placeOrder,
      orderPage,
    }) => {
      const order = placeOrder([{ slug: 'enamel-camp-mug', quantity: 1 }]);
      const reference = `WAREHOUSE-PICK-LIST-${order.number}-` + 'X'.repeat(60);
      await orderPage.open(order.id);
      await page.getByLabel('Merchant reference 1').fill(reference);
      await page.getByRole('button', { name: 'Save references' }).click();
      await expect(page.getByText('Merchant references saved at Klarna.')).toBeVisible();

      // The random middle of the e-mail (admin-e2e-<random>@example.com) finds exactly this order.
      const middle = order.email.slice('admin-e2e-'.length, 'admin-e2e-'.length + 6);
      await page.goto(`/admin/orders?q=${middle}`);
      await expect(page.getByRole('table', { name: 'Orders' }).getByRole('row')).toHaveCount(2);
      await expect(page.getByRole('link', { name: order.number })).toBeVisible();
      // Every order here is billed to Alice Andersson; a search by name in capitals finds this one too.
      await page.getByRole('searchbox', { name: 'Search' }).fill('ANDERSSON');
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect(page.getByRole('link', { name: order.number })).toBeVisible();

      await page.goto(`/admin/orders?q=${encodeURIComponent(reference.slice(0, 24))}`);
      const shown = page.getByTestId('merchant-reference').filter({ hasText: order.number });
      await expect(shown).toHaveText(reference);
      const box = await shown.boundingBox();
      expect(box?.width ?? Infinity).toBeLessThanOrEqual(200);

      await page.goto('/admin/orders?sort=amount-desc');
      await expect(page.getByRole('columnheader', { name: 'Orders in SEK' })).toBeVisible();
    });

    test('the dashboard shows revenue per currency and the work queues, each linking to its list', async ({
      adminPage: page,
      placeOrder,
    }) => {
      placeOrder([{ slug: 'enamel-camp-mug', quantity: 1 }]);
      await page.goto('/admin');
      const revenue = page.getByRole('region', { name: 'Revenue' });
      await expect(revenue).toContainText('captured minus money refunded');
      await expect(
        revenue.getByRole('table', { name: /^Today/ }).getByRole('rowheader', { name: 'SEK' }),
      ).toBeVisible();
      await expect(
        revenue.getByRole('table', { name: /^This week/ }).getByRole('rowheader', { name: 'SEK' }),
      ).toBeVisible();

      const queues = page.getByRole('region', { name: 'Work to do' });
      const toCapture = queues.getByRole('link', { name: /^Orders to capture/ });
      await expect(toCapture).not.toContainText(/\b0$/);
      await expect(queues.getByRole('link', { name: /^Renewals that failed/ })).toHaveAttribute(
        'href',
        '/admin/subscriptions?status=past-due',
      );
      await toCapture.click();
      await expect(page).toHaveURL(/\/admin\/orders\?needs=capture$/);
      await expect(page.getByRole('checkbox', { name: 'Needs capture' })).toBeChecked();
    });
  });
}
