import { expect, type Page } from '@playwright/test';

/** The admin order page: its amounts, action dialogs, outcome line and timeline. */
export function adminOrderPage(page: Page) {
  const dialog = page.getByRole('dialog');
  const amount = (label: string) =>
    page
      .getByTestId('order-amounts')
      .locator('div')
      .filter({ has: page.getByText(label, { exact: true }) })
      .locator('dd');

  return {
    dialog,
    amount,
    outcome: page.getByTestId('action-outcome'),
    timeline: page.getByRole('list', { name: 'Order timeline' }).getByTestId('timeline-event'),

    /** Opens the order and waits until its first comparison with Klarna (if due) has finished. */
    async open(orderId: string) {
      await page.goto(`/admin/orders/${orderId}`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Order');
      if (await page.getByText('Last compared with Klarna: not yet').isVisible()) {
        await expect(page.getByText('Last compared with Klarna: not yet')).toHaveCount(0, {
          timeout: 30_000,
        });
      }
    },

    async openAction(
      label: 'Capture…' | 'Refund…' | 'Cancel order…' | 'Extend authorization…' | 'Release remaining…',
    ) {
      await page.getByRole('button', { name: label }).click();
      await expect(dialog).toBeVisible();
    },

    /** Sets the quantity of one line in the open capture or refund dialog (after choosing "Chosen lines"). */
    async setQuantity(lineName: string, quantity: number, verb: 'capture' | 'refund') {
      await dialog.getByLabel(`Quantity of ${lineName} to ${verb}`).fill(String(quantity));
    },

    /** Presses the dialog's confirming button (its label names the amount) and waits for it to close. */
    async confirm(name: RegExp) {
      await dialog.getByRole('button', { name }).click();
      await expect(dialog).toBeHidden({ timeout: 20_000 });
    },
  };
}

/** The admin orders list. */
export function adminOrdersList(page: Page) {
  return {
    rows: page.getByRole('table').getByRole('row'),
    async search(text: string) {
      await page.getByRole('searchbox', { name: 'Search' }).fill(text);
      await page.getByRole('button', { name: 'Apply' }).click();
    },
    tab: (name: string | RegExp) =>
      page.getByRole('navigation', { name: 'Orders by status' }).getByRole('link', { name }),
  };
}
