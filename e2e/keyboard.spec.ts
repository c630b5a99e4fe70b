import type { Locator, Page } from '@playwright/test';
import { expect, test } from './admin-fixtures';
import { ownAddress } from './fixtures';
import { tabThroughPage } from './pages/accessibility';
import { checkoutPage, personaEmail } from './pages/checkout';

// Keyboard alone, as someone who cannot use a mouse, with assertions on where focus is and on
// what the accessibility tree tells a screen reader: the skip link, focus indicators, focus after
// a refused form and after a step change, and every dialog (Klarna's pop-up, the admin's).

/** Whether keyboard focus is inside `container` (a dialog), not on <body> or behind it. */
async function focusIsInside(container: Locator): Promise<boolean> {
  return container.evaluate((element) => element.contains(document.activeElement));
}

/** Presses Tab (or Shift+Tab) `times` times and checks focus never leaves `dialog`. */
async function expectTabStaysIn(page: Page, dialog: Locator, key: 'Tab' | 'Shift+Tab', times = 12) {
  for (let press = 0; press < times; press++) {
    await page.keyboard.press(key);
    expect(await focusIsInside(dialog), `focus after ${press + 1} × ${key}`).toBe(true);
  }
}

/**
 * Focuses a control by tabbing to it (not clicking), then presses Enter. Waits for it to be
 * enabled first: after an action the page's new state (e.g. a refund now possible) can arrive
 * just after the outcome, and a disabled control cannot take focus.
 */
async function pressWithKeyboard(page: Page, control: Locator) {
  await expect(control).toBeEnabled();
  await control.focus();
  await expect(control).toBeFocused();
  await page.keyboard.press('Enter');
}

test.describe('the skip link', () => {
  for (const path of ['/', '/checkout', '/login', '/accessibility']) {
    test(`on ${path} it is the first stop and lands on the main content`, async ({ page }) => {
      await page.goto(path);
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to content' });
      await expect(skip).toBeFocused();
      await expect(skip).toBeInViewport();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('main')).toBeFocused();
      // The next Tab continues inside the main content, not back in the header.
      await page.keyboard.press('Tab');
      expect(await focusIsInside(page.getByRole('main'))).toBe(true);
    });
  }

  test('on the admin pages it lands on the one main landmark', async ({ adminPage: page }) => {
    await page.goto('/admin/orders');
    await expect(page.getByRole('main')).toHaveCount(1);
    await expect(page.getByRole('banner')).toHaveCount(1);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });
});

test.describe('focus indicators', () => {
  const pages = ['/', '/products/linen-tea-towel', '/checkout', '/login', '/signup', '/accessibility'];
  for (const path of pages) {
    test(`every control on ${path} shows a focus ring of at least 2 px and 3:1`, async ({
      page,
      context,
    }) => {
      await checkoutPage(page).chooseMarket(context, 'SE');
      if (path === '/checkout') await checkoutPage(page).addToCart('linen-tea-towel');
      await page.goto(path);
      const indicators = await tabThroughPage(page);
      expect(indicators.length).toBeGreaterThan(3);
      const weak = indicators.filter((indicator) => indicator.width < 2 || indicator.contrast < 3);
      expect(weak).toEqual([]);
    });
  }

  test('every control on an admin order shows a focus ring of at least 2 px and 3:1', async ({
    adminPage: page,
    placeOrder,
    orderPage,
  }) => {
    const order = placeOrder([{ slug: 'linen-tea-towel', quantity: 1 }]);
    await orderPage.open(order.id);
    const indicators = await tabThroughPage(page);
    expect(indicators.length).toBeGreaterThan(5);
    expect(indicators.filter((indicator) => indicator.width < 2 || indicator.contrast < 3)).toEqual([]);
  });
});

test.describe('checkout with the keyboard', () => {
  test('a refused form focuses its first invalid field, with the error as its description', async ({
    page,
    context,
  }) => {
    const checkout = checkoutPage(page);
    await checkout.chooseMarket(context, 'SE');
    await checkout.addToCart('linen-tea-towel');
    await page.goto('/checkout');
    await page.getByLabel('First name').fill('Alice');
    await pressWithKeyboard(page, page.getByRole('button', { name: 'Continue to payment' }));

    const email = page.getByRole('textbox', { name: 'Email' });
    await expect(email).toBeFocused();
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toHaveAccessibleDescription(/.+/);
    await expect(page.getByRole('textbox', { name: 'First name' })).not.toHaveAttribute('aria-invalid');
  });

  test('moving between the steps focuses the new step’s heading', async ({ page, context }) => {
    const checkout = checkoutPage(page);
    await checkout.chooseMarket(context, 'SE');
    await checkout.addToCart('linen-tea-towel');
    await checkout.fillDetails('SE', personaEmail('SE'));
    await pressWithKeyboard(page, page.getByRole('button', { name: 'Continue to payment' }));
    await expect(page.getByRole('heading', { name: 'Pay with Klarna' })).toBeFocused();

    await pressWithKeyboard(page, page.getByRole('button', { name: 'Edit details' }));
    await expect(page.getByRole('heading', { name: 'Contact and delivery' })).toBeFocused();
  });

  test('Klarna’s pop-up takes focus, keeps Tab, makes the page inert, and Escape hands focus back', async ({
    page,
    context,
  }) => {
    const checkout = checkoutPage(page);
    await checkout.chooseMarket(context, 'SE');
    await checkout.addToCart('linen-tea-towel');
    await checkout.fillDetails('SE', personaEmail('SE'));
    await checkout.continueToPayment();
    const buy = checkout.buyButton();
    await expect(buy).toBeEnabled();
    await pressWithKeyboard(page, buy);

    const dialog = checkout.overlay.getByRole('dialog', { name: 'Confirm your purchase with Klarna' });
    await expect(dialog).toBeVisible();
    await expect(checkout.overlay.getByRole('textbox', { name: 'Email address' })).toBeFocused();
    // The page behind is inert: out of the tab order and the accessibility tree.
    await expect
      .poll(() => page.locator('main#main').evaluate((main) => main.closest('[inert]') !== null))
      .toBe(true);
    expect(await buy.evaluate((button) => button.closest('[inert]') !== null)).toBe(true);
    const frame = page.locator('iframe[title="Klarna checkout"]');
    for (const key of ['Tab', 'Shift+Tab'] as const) {
      for (let press = 0; press < 6; press++) {
        await page.keyboard.press(key);
        await expect(frame).toBeFocused();
        expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
      }
    }

    await page.keyboard.press('Escape');
    await expect(frame).toHaveCount(0);
    await expect(page.locator('main#main')).toHaveJSProperty('inert', false);
    await expect(buy).toBeFocused();
    await expect(checkout.message()).toHaveText(/cancelled/);
    // The message arrived in a live region that was there before it.
    await expect(page.locator('[aria-live="polite"]').filter({ has: checkout.message() })).toHaveCount(1);
  });

  test('after Klarna declines, focus lands on the message that says so', async ({ page, context }) => {
    const checkout = checkoutPage(page);
    await checkout.chooseMarket(context, 'SE');
    await checkout.addToCart('linen-tea-towel');
    await checkout.fillDetails('SE', personaEmail('SE', ['denied']));
    await checkout.continueToPayment();
    await pressWithKeyboard(page, checkout.buyButton());
    await expect(checkout.overlay.getByRole('textbox', { name: 'Email address' })).toBeFocused();
    await page.keyboard.press('Enter');
    const declined = checkout.overlay.getByRole('alertdialog', { name: 'Purchase declined' });
    await expect(declined).toBeVisible();
    await expect(checkout.overlay.getByRole('button', { name: 'Close' })).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(checkout.message()).toBeFocused();
    await expect(checkout.message()).toContainText('declined');
  });
});

test.describe('refused forms with the keyboard', () => {
  test.use({ extraHTTPHeaders: ownAddress(23) });
  test('sign-in focuses the first invalid field, then the message when the password is wrong', async ({
    page,
    auth,
    shopper,
  }) => {
    await auth.gotoLogin();
    const submit = page.getByRole('button', { name: 'Sign in' });
    // The message's live region is there before any message, so it is read out when one appears.
    const live = page.locator('form [aria-live]');
    await expect(live).toHaveCount(1);

    await pressWithKeyboard(page, submit);
    await expect(auth.email).toBeFocused();
    await expect(auth.email).toHaveAttribute('aria-invalid', 'true');
    await expect(auth.email).toHaveAccessibleDescription(/.+/);
    await expect(auth.password).toHaveAttribute('aria-invalid', 'true');

    await auth.email.fill(shopper.email);
    await pressWithKeyboard(page, submit);
    await expect(auth.password).toBeFocused();
    await expect(auth.password).toHaveAccessibleDescription(/.+/);
    await expect(auth.email).not.toHaveAttribute('aria-invalid');

    // Not about one field: focus goes to the message, inside the live region that was there before.
    await auth.password.fill('not-the-password');
    await pressWithKeyboard(page, submit);
    const message = live.getByText('Wrong email or password.');
    await expect(message).toBeFocused();
    await expect(page.locator('[aria-invalid="true"]')).toHaveCount(0);
    await page.keyboard.press('Tab');
    await expect(auth.email).toBeFocused();
  });

  test('sign-up focuses the first invalid field, with its error as its description', async ({
    page,
    auth,
    shopper,
  }) => {
    await auth.gotoSignUp();
    const submit = page.getByRole('button', { name: 'Create account' });
    await pressWithKeyboard(page, submit);
    await expect(auth.name).toBeFocused();
    await expect(auth.name).toHaveAttribute('aria-invalid', 'true');
    await expect(auth.name).toHaveAccessibleDescription(/.+/);

    // An email that already has an account: the field is to blame, so focus goes there.
    await auth.name.fill('Alice Test');
    await auth.email.fill(shopper.email);
    await auth.password.fill('a-long-enough-password');
    await pressWithKeyboard(page, submit);
    await expect(auth.email).toBeFocused();
    await expect(auth.email).toHaveAttribute('aria-invalid', 'true');
    await expect(auth.email).toHaveAccessibleDescription(/already exists/);
    await expect(auth.name).not.toHaveAttribute('aria-invalid');
    await expect(page.locator('form [aria-live]')).toContainText('already exists');
  });

  test('a refused quantity on the product page focuses the quantity field', async ({ page, context }) => {
    await checkoutPage(page).chooseMarket(context, 'SE');
    await page.goto('/products/linen-tea-towel');
    const quantity = page.getByRole('spinbutton', { name: 'Quantity' });
    await quantity.fill('0');
    await pressWithKeyboard(page, page.getByRole('button', { name: 'Add to cart' }));
    await expect(quantity).toBeFocused();
    await expect(quantity).toHaveAttribute('aria-invalid', 'true');
    await expect(quantity).toHaveAccessibleDescription(/.+/);
  });

  test('a refused quantity in the cart focuses that line’s quantity field', async ({ page, context }) => {
    const checkout = checkoutPage(page);
    await checkout.chooseMarket(context, 'SE');
    await checkout.addToCart('linen-tea-towel');
    await page.goto('/cart');
    const quantity = page.getByRole('spinbutton', { name: 'Quantity of Linen Tea Towel' });
    await quantity.fill('1000');
    await pressWithKeyboard(page, page.getByRole('button', { name: 'Update' }));
    await expect(quantity).toHaveAttribute('aria-invalid', 'true');
    await expect(quantity).toBeFocused();
    await expect(quantity).toHaveAccessibleDescription(/.+/);
  });
});

test.describe('admin dialogs with the keyboard', () => {
  test('every order dialog takes focus, keeps Tab inside, closes on Escape and returns focus', async ({
    adminPage: page,
    placeOrder,
    orderPage,
  }) => {
    test.setTimeout(120_000);
    const order = placeOrder([
      { slug: 'enamel-camp-mug', quantity: 2 },
      { slug: 'linen-tea-towel', quantity: 1 },
    ]);
    await orderPage.open(order.id);

    async function checkDialog(label: string) {
      const opener = page.getByRole('button', { name: label });
      await pressWithKeyboard(page, opener);
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      expect(await focusIsInside(dialog), `${label}: focus moved into the dialog`).toBe(true);
      // Modal (showModal): everything outside the dialog is inert.
      expect(await dialog.evaluate((element) => element.matches(':modal'))).toBe(true);
      await expectTabStaysIn(page, dialog, 'Tab');
      await expectTabStaysIn(page, dialog, 'Shift+Tab');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(opener).toBeFocused();
    }

    await checkDialog('Cancel order…');
    await checkDialog('Extend authorization…');
    await checkDialog('Capture…');

    // A part capture opens the refund and release dialogs.
    await orderPage.openAction('Capture…');
    await orderPage.dialog.getByLabel('An amount').check();
    await orderPage.dialog.getByLabel(/^Amount/).fill('1.00');
    await orderPage.confirm(/^Capture /);
    await expect(orderPage.outcome).toContainText('Captured');
    await checkDialog('Refund…');
    await checkDialog('Release remaining…');
  });

  test('the capture dialog announces its problems and ties each error to its field', async ({
    adminPage: page,
    placeOrder,
    orderPage,
  }) => {
    const order = placeOrder([{ slug: 'linen-tea-towel', quantity: 1 }]);
    await orderPage.open(order.id);
    await pressWithKeyboard(page, page.getByRole('button', { name: 'Capture…' }));
    const dialog = orderPage.dialog;
    await dialog.getByLabel('An amount').check();

    // The live regions exist before any message, so screen readers read what appears in them.
    const live = dialog.locator('[aria-live]');
    const regions = await live.count();
    expect(regions).toBeGreaterThanOrEqual(2);
    await dialog.getByLabel(/^Amount/).fill('999999');
    await expect(live.filter({ hasText: /is left to capture/ })).toHaveCount(1);
    expect(await live.count()).toBe(regions);

    await dialog.getByLabel(/^Amount/).fill('1.00');
    await dialog.getByLabel(/^Tracking link/).fill('javascript:alert(1)');
    await pressWithKeyboard(page, dialog.getByRole('button', { name: /^Capture / }));
    const trackingLink = dialog.getByRole('textbox', { name: /^Tracking link/ });
    await expect(trackingLink).toBeFocused();
    await expect(trackingLink).toHaveAttribute('aria-invalid', 'true');
    await expect(trackingLink).toHaveAccessibleDescription(/.+/);
    await expect(live.filter({ hasText: /.+/ })).not.toHaveCount(0);
    expect(await live.count()).toBe(regions);
  });

  test('a dialog refused for no field’s sake focuses its message, which is announced', async ({
    adminPage: page,
    placeOrder,
    orderPage,
    klarna,
  }) => {
    const order = placeOrder([{ slug: 'linen-tea-towel', quantity: 1 }]);
    await orderPage.open(order.id);
    // Captured at Klarna while this page still offers Cancel: Klarna then refuses the cancel.
    await klarna.capture(order.klarnaOrderId, 100);
    await pressWithKeyboard(page, page.getByRole('button', { name: 'Cancel order…' }));
    const dialog = orderPage.dialog;
    await pressWithKeyboard(page, dialog.getByRole('button', { name: 'Cancel the order' }));

    const message = dialog.getByRole('alert');
    await expect(message).toContainText('captured');
    await expect(message).toBeFocused();
    await expect(dialog.locator('[aria-live]').filter({ has: page.getByRole('alert') })).toHaveCount(1);
    expect(await focusIsInside(dialog)).toBe(true);
  });

  test('the admin order’s table is reachable and named when it scrolls on a phone', async ({
    adminPage: page,
    placeOrder,
    orderPage,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const order = placeOrder([{ slug: 'linen-tea-towel', quantity: 1 }]);
    await orderPage.open(order.id);
    const regions = page.locator('[tabindex="0"]').filter({ has: page.getByRole('table') });
    await expect(regions).not.toHaveCount(0);
    for (const region of await regions.all()) {
      await expect(region).toHaveAccessibleName(/.+/);
      await region.focus();
      await expect(region).toBeFocused();
    }
  });
});
