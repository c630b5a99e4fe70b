import { expect, test } from './admin-fixtures';

/*
 * The back office as staff use it, at a desktop width and on a phone: its own frame (no shop
 * header, cart or market selector), readable money inputs, sorting and search that make sense,
 * a warning before charging early, and a dashboard that says what needs doing.
 */

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
  });
}
