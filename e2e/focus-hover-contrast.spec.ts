import type { Locator, Page } from '@playwright/test';
import { expect, test } from './admin-fixtures';
import { focusIndicator, textContrastProblems } from './pages/accessibility';
import { checkoutPage, personaEmail } from './pages/checkout';

// Contrast in the states a control passes through, for each kind of control (link, button, text
// field, select, the Klarna button, the admin's table links): axe's color-contrast rule on the
// control alone while the pointer is over it and while it has keyboard focus (WCAG 1.4.3), and
// its focus indicator measured against the background it is drawn on (2 px and 3:1, WCAG 1.4.11
// and 2.4.7). One control of each kind and place stands for the rest: they share their classes.

interface Problem {
  control: string;
  state: 'hovered' | 'focused' | 'focus ring';
  detail: string;
}

/** Hovers `control`, then focuses it from the keyboard, and lists every contrast problem found. */
async function contrastInEveryState(page: Page, name: string, control: Locator): Promise<Problem[]> {
  const problems: Problem[] = [];
  await control.scrollIntoViewIfNeeded();
  await control.hover();
  for (const detail of await textContrastProblems(page, control)) {
    problems.push({ control: name, state: 'hovered', detail });
  }
  // Away from the control, so the focused state is measured without hover.
  await page.mouse.move(0, 0);
  // Onto the control with the keyboard (out and back), so it shows the keyboard's focus indicator
  // even when the page was last used with the pointer.
  await control.focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(control, `${name} focused from the keyboard`).toBeFocused();
  expect(
    await control.evaluate((element) => element.matches(':focus-visible')),
    `${name} focus-visible`,
  ).toBe(true);
  for (const detail of await textContrastProblems(page, control)) {
    problems.push({ control: name, state: 'focused', detail });
  }
  const ring = await focusIndicator(page);
  if (ring.width < 2 || ring.contrast < 3) {
    problems.push({
      control: name,
      state: 'focus ring',
      detail: `${ring.element}: ${ring.width} px at ${ring.contrast.toFixed(2)}:1`,
    });
  }
  await control.blur();
  return problems;
}

async function checkControls(page: Page, controls: Record<string, Locator>) {
  const problems: Problem[] = [];
  for (const [name, control] of Object.entries(controls)) {
    await expect(control, name).toBeVisible();
    problems.push(...(await contrastInEveryState(page, name, control)));
  }
  expect(problems).toEqual([]);
}

test.describe('contrast of hovered and focused controls', () => {
  test('the shop’s header, navigation, footer and product page', async ({ page, context }) => {
    await checkoutPage(page).chooseMarket(context, 'SE');
    await page.goto('/products/linen-tea-towel');
    await checkControls(page, {
      'home link': page.getByRole('banner').getByRole('link', { name: 'Nordlys Store' }),
      'market select': page.getByLabel('Country and currency'),
      'cart link': page.getByRole('banner').getByRole('link', { name: /cart/i }),
      'category link': page.getByRole('navigation', { name: 'Categories' }).getByRole('link').first(),
      'quantity field': page.getByLabel('Quantity', { exact: true }),
      'add to cart button': page.getByRole('button', { name: 'Add to cart' }),
      'footer link': page.getByRole('contentinfo').getByRole('link', { name: 'About us' }),
    });
  });

  test('the product gallery’s picture thumbnails', async ({ page }) => {
    await page.goto('/products/oak-cutting-board');
    await checkControls(page, {
      'picture thumbnail': page.getByRole('button', { name: /^Show picture 2 of 3:/ }),
    });
  });

  test('the cart, the sign-in form and the checkout with the Klarna button', async ({ page, context }) => {
    const checkout = checkoutPage(page);
    await checkout.chooseMarket(context, 'SE');
    await checkout.addToCart('linen-tea-towel');
    await page.goto('/cart');
    await checkControls(page, {
      'cart quantity field': page.getByRole('spinbutton', { name: 'Quantity of Linen Tea Towel' }),
      'cart step button': page.getByRole('button', { name: 'Increase quantity of Linen Tea Towel' }),
      'cart update button': page.getByRole('button', { name: 'Update' }),
      'product link': page.getByRole('main').getByRole('link', { name: 'Linen Tea Towel' }),
      'check out link': page.getByRole('link', { name: 'Check out with Klarna' }),
    });

    await page.goto('/login');
    await checkControls(page, {
      'sign-in email field': page.getByLabel('Email'),
      'sign-in button': page.getByRole('button', { name: 'Sign in' }),
    });

    await checkout.fillDetails('SE', personaEmail('SE'));
    await checkControls(page, {
      'checkout email field': page.getByLabel('Email'),
      'continue button': page.getByRole('button', { name: 'Continue to payment' }),
    });
    await checkout.continueToPayment();
    await expect(checkout.buyButton()).toBeEnabled();
    await checkControls(page, {
      'Klarna buy button': checkout.buyButton(),
      'edit details button': page.getByRole('button', { name: 'Edit details' }),
    });
  });

  test('the admin’s order list and order page', async ({ adminPage: page, placeOrder, orderPage }) => {
    const order = placeOrder([{ slug: 'linen-tea-towel', quantity: 1 }]);
    await page.goto('/admin/orders');
    const row = page.getByRole('row').filter({ hasText: order.number });
    await checkControls(page, {
      'order row link': row.getByRole('link').first(),
      'admin navigation link': page.getByRole('navigation').getByRole('link', { name: 'Orders' }).first(),
      'order search field': page.getByRole('searchbox').first(),
    });

    await orderPage.open(order.id);
    await checkControls(page, {
      'admin action button': page.getByRole('button', { name: 'Capture…' }),
      'admin sync button': page.getByRole('button', { name: 'Sync from Klarna' }),
    });
    await orderPage.openAction('Capture…');
    await orderPage.dialog.getByLabel('An amount').check();
    await checkControls(page, {
      'dialog radio button': orderPage.dialog.getByLabel('An amount'),
      'dialog amount field': orderPage.dialog.getByLabel(/^Amount/),
      'dialog tracking field': orderPage.dialog.getByLabel(/^Tracking link/),
      'dialog close button': orderPage.dialog.getByRole('button', { name: 'Close' }),
    });
  });
});
