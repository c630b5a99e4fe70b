import type { Page } from '@playwright/test';
import { expect, ownAddress, test } from './fixtures';
import { checkoutPage } from './pages/checkout';

// The shop's frame as a shopper sees it on a desktop and on phones: the footer, the cart badge,
// the header on one row with a category strip that shows it scrolls, the order summary on a phone's
// checkout, and where focus goes after a refused form.

const DESKTOP = { width: 1280, height: 900 };

/** The bottom edge of the footer, and the window's height. */
async function footerBottom(page: Page) {
  return page.evaluate(() => ({
    footer: document.querySelector('footer')!.getBoundingClientRect().bottom + window.scrollY,
    window: window.innerHeight,
  }));
}

for (const [viewport, size] of [
  ['desktop', DESKTOP],
  ['phone', { width: 390, height: 844 }],
] as const) {
  test.describe(viewport, () => {
    test.use({ viewport: size });

    test('the footer sits at the bottom of a short page', async ({ page }) => {
      await page.goto('/checkout');
      await expect(page.getByText('Your cart is empty.')).toBeVisible();
      const { footer, window } = await footerBottom(page);
      expect(Math.abs(footer - window)).toBeLessThanOrEqual(1);
    });

    test('the cart badge shows a number or nothing, and its arrival moves nothing', async ({ page }) => {
      // The count is held back, as on a slow connection, until the test lets it go.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/cart', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto('/');
      const header = page.getByRole('banner');
      const cart = header.getByRole('link', { name: /^Cart/ });
      await expect(cart).toBeVisible();
      await expect(header.getByTestId('cart-count')).toBeHidden();
      const before = await cart.boundingBox();

      release();
      await expect(header.getByTestId('cart-count')).toHaveText('0');
      await expect(header.getByTestId('cart-count')).toBeVisible();
      expect(await cart.boundingBox()).toEqual(before);
    });

    test('nothing moves while a signed-in shopper’s page loads (cumulative layout shift 0)', async ({
      shopperPage: page,
    }) => {
      await page.addInitScript(() => {
        const shifts: number[] = [];
        (window as unknown as { shifts: number[] }).shifts = shifts;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[])
            shifts.push(entry.value);
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto('/');
      const header = page.getByRole('banner');
      await expect(header.getByRole('button', { name: 'Account' })).toBeVisible();
      await expect(header.getByTestId('cart-count')).toBeVisible();
      expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);
    });

    test('a refused form puts focus on its first invalid field', async ({ page, context }) => {
      await page.setExtraHTTPHeaders(ownAddress(25));
      await page.goto('/login');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByLabel('Email')).toBeFocused();

      await page.goto('/signup');
      await page.getByLabel('Email').fill('someone@example.com');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect(page.getByLabel('Name')).toBeFocused();

      const checkout = checkoutPage(page);
      await checkout.chooseMarket(context, 'SE');
      await checkout.addToCart('linen-tea-towel');
      await page.goto('/checkout');
      await page.getByLabel('Email').fill('alice@example.com');
      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await expect(page.getByLabel('First name')).toBeFocused();
      await expect(page.getByLabel('First name')).toHaveAttribute('aria-invalid', 'true');
    });
  });
}

for (const width of [360, 390]) {
  test.describe(`a phone ${width} px wide`, () => {
    test.use({ viewport: { width, height: 800 } });

    test('the header is one row, and the category strip scrolls, shows it, and is reached by Tab', async ({
      page,
    }) => {
      await page.goto('/');
      const header = page.getByRole('banner');
      const controls = [
        header.getByRole('link', { name: 'Nordlys Store' }),
        header.getByLabel('Country and currency'),
        header.getByRole('link', { name: 'Sign in' }),
        header.getByRole('link', { name: /^Cart/ }),
      ];
      const boxes = await Promise.all(controls.map(async (control) => (await control.boundingBox())!));
      const middle = (box: { y: number; height: number }) => box.y + box.height / 2;
      for (const box of boxes) {
        expect(Math.abs(middle(box) - middle(boxes[0]!))).toBeLessThanOrEqual(4);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

      const strip = page.getByRole('navigation', { name: 'Categories' });
      const links = strip.getByRole('link');
      const last = links.last();
      await expect(last).not.toBeInViewport({ ratio: 1 });
      // The fade over the edge that has more.
      await expect(strip.locator('[data-scrolls-after="true"]')).toBeVisible();

      await links.first().focus();
      const count = await links.count();
      for (let step = 1; step < count; step++) await page.keyboard.press('Tab');
      await expect(last).toBeFocused();
      await expect(last).toBeInViewport({ ratio: 1 });
      await expect(strip.locator('[data-scrolls-before="true"][data-scrolls-after="false"]')).toBeVisible();
    });

    test('checkout shows the total first, and the order summary opens above the form', async ({
      page,
      context,
    }) => {
      const checkout = checkoutPage(page);
      await checkout.chooseMarket(context, 'SE');
      await checkout.addToCart('linen-tea-towel', 2);
      await page.goto('/checkout');

      const toggle = page.getByRole('button', { name: /Show order summary/ });
      const total = page.getByTestId('order-total');
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await expect(total).toBeHidden();
      const email = page.getByLabel('Email');
      expect((await toggle.boundingBox())!.y).toBeLessThan((await email.boundingBox())!.y);

      // The bar says what the summary would: the same total.
      await toggle.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: 'Order summary' })).toBeVisible();
      await expect(total).toBeVisible();
      await expect(page.getByRole('button', { name: /Hide order summary/ })).toContainText(
        (await total.textContent())!,
      );
      expect((await total.boundingBox())!.y).toBeLessThan((await email.boundingBox())!.y);
    });
  });
}

test('on a desktop, checkout shows the order summary beside the form, open', async ({ page, context }) => {
  await page.setViewportSize(DESKTOP);
  const checkout = checkoutPage(page);
  await checkout.chooseMarket(context, 'SE');
  await checkout.addToCart('linen-tea-towel');
  await page.goto('/checkout');
  await expect(page.getByRole('heading', { name: 'Order summary' })).toBeVisible();
  await expect(page.getByRole('button', { name: /order summary/ })).toBeHidden();
  const summary = (await page.getByRole('heading', { name: 'Order summary' }).boundingBox())!;
  const email = (await page.getByLabel('Email').boundingBox())!;
  expect(summary.x).toBeGreaterThan(email.x + email.width);
});
