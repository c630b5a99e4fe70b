import type { Page } from '@playwright/test';
import { expect, ownAddress, signInViaApi, test } from './fixtures';
import { checkoutPage, personaEmail } from './pages/checkout';

// A signed-in shopper's side of the shop: the header's account menu, the account page, a checkout
// that already knows them, and a sign-up that refuses passwords anyone would guess.

const PHONE = { width: 390, height: 844 };

async function expectMenuWorksByKeyboard(page: Page) {
  const header = page.getByRole('banner');
  const account = header.getByRole('button', { name: 'Account' });
  await expect(account).toHaveAttribute('aria-expanded', 'false');
  await account.focus();
  await page.keyboard.press('Enter');
  await expect(account).toHaveAttribute('aria-expanded', 'true');
  for (const name of ['Your account', 'Orders', 'Subscriptions']) {
    await page.keyboard.press('Tab');
    await expect(header.getByRole('link', { name })).toBeFocused();
  }
  await page.keyboard.press('Tab');
  await expect(header.getByRole('button', { name: 'Sign out' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(account).toHaveAttribute('aria-expanded', 'false');
  await expect(account).toBeFocused();
  await expect(header.getByRole('link', { name: 'Orders' })).toBeHidden();
}

for (const [viewport, size] of [
  ['desktop', { width: 1280, height: 900 }],
  ['phone', PHONE],
] as const) {
  test.describe(`the account menu (${viewport})`, () => {
    test.use({ viewport: size });

    test('a signed-in shopper opens it by keyboard, Escape closes it, and its links lead to their pages', async ({
      shopperPage: page,
      shopper,
    }) => {
      await page.goto('/');
      const header = page.getByRole('banner');
      await expect(header.getByRole('link', { name: 'Sign in' })).toHaveCount(0);
      await expectMenuWorksByKeyboard(page);

      await header.getByRole('button', { name: 'Account' }).click();
      await expect(header.getByText(shopper.email)).toBeVisible();
      await header.getByRole('link', { name: 'Orders' }).click();
      await expect(page.getByRole('heading', { name: 'Your orders', level: 1 })).toBeVisible();

      await header.getByRole('button', { name: 'Account' }).click();
      await header.getByRole('link', { name: 'Subscriptions' }).click();
      await expect(page.getByRole('heading', { name: 'Your subscriptions', level: 1 })).toBeVisible();

      // A click elsewhere closes it too.
      await header.getByRole('button', { name: 'Account' }).click();
      await page.getByRole('main').click({ position: { x: 4, y: 4 } });
      await expect(header.getByRole('button', { name: 'Account' })).toHaveAttribute('aria-expanded', 'false');

      await header.getByRole('button', { name: 'Account' }).click();
      await header.getByRole('button', { name: 'Sign out' }).click();
      await expect(header.getByRole('link', { name: 'Sign in' })).toBeVisible();
    });
  });
}

test('the header never shows “Sign in” to a signed-in shopper while the session is read', async ({
  shopperPage: page,
}) => {
  // Records whether “Sign in” ever appears in the header, from the first parsed byte on.
  await page.addInitScript(() => {
    const seen = () => {
      const header = document.querySelector('header');
      if (header?.textContent?.includes('Sign in')) document.documentElement.dataset.sawSignIn = 'yes';
    };
    new MutationObserver(seen).observe(document, { subtree: true, childList: true, characterData: true });
  });
  // The browser's session request is held, as on a slow connection, until the test lets it go.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/auth/session', async (route) => {
    await held;
    await route.continue();
  });

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toHaveCount(0);
  release();
  await expect(page.getByRole('banner').getByRole('button', { name: 'Account' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.dataset.sawSignIn)).toBeUndefined();
});

test.describe('the account page', () => {
  test('shows who is signed in, leads to orders and subscriptions, and signs out', async ({
    page,
    auth,
    newAccount,
  }) => {
    await auth.gotoSignUp();
    await auth.signUp(newAccount);
    await expect(page.getByRole('banner').getByRole('button', { name: 'Account' })).toBeVisible();

    await page.goto('/account');
    const main = page.getByRole('main');
    await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
    await expect(main.getByText(newAccount.name)).toBeVisible();
    await expect(main.getByText(newAccount.email)).toBeVisible();
    await main.getByRole('link', { name: /^Orders/ }).click();
    await expect(page.getByRole('heading', { name: 'Your orders', level: 1 })).toBeVisible();
    await page.goBack();
    await main.getByRole('link', { name: /^Subscriptions/ }).click();
    await expect(page.getByRole('heading', { name: 'Your subscriptions', level: 1 })).toBeVisible();
    await page.goBack();

    await main.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount$/);
  });
});

test.describe('signing up', () => {
  test.use({ extraHTTPHeaders: ownAddress(21) });
  for (const password of ['password', '12345678', 'qwertyuiop']) {
    test(`refuses the common password “${password}” next to the field and creates nothing`, async ({
      page,
      auth,
      db,
      newAccount,
    }) => {
      await auth.gotoSignUp();
      await auth.signUp({ ...newAccount, password });

      const field = auth.password;
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(field).toHaveAccessibleDescription(/Choose one that is harder to guess/);
      await expect(field).toBeFocused();
      await expect(page).toHaveURL(/\/signup/);
      expect(db.userByEmail(newAccount.email)).toBeUndefined();
    });
  }
});

test('checkout fills in a signed-in shopper’s details: the account first, then their last order’s', async ({
  page,
  context,
  auth,
  newAccount,
}) => {
  test.setTimeout(180_000);
  const checkout = checkoutPage(page);
  await checkout.chooseMarket(context, 'SE');
  await auth.gotoSignUp();
  await auth.signUp(newAccount);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Account' })).toBeVisible();

  // No order yet: the account's email and name.
  await checkout.addToCart('linen-tea-towel');
  await page.goto('/checkout');
  await expect(page.getByLabel('Email')).toHaveValue(newAccount.email);
  await expect(page.getByLabel('First name')).toHaveValue('Nora');
  await expect(page.getByLabel('Last name')).toHaveValue('Newcomer');
  await expect(page.getByLabel('Street address')).toHaveValue('');

  const email = personaEmail('SE');
  await checkout.payWithKlarna('SE', email);
  await checkout.expectOrderPage();
  const number = (await page.getByTestId('order-number').textContent()) ?? '';
  expect(number).toMatch(/\S/);
  const total = (await page.getByTestId('order-total').textContent()) ?? '';

  // The confirmation leads to the order history, which writes the date in words, as the page's
  // English text does, and the total as the order page does.
  await page.getByRole('link', { name: 'Your orders' }).click();
  await expect(page.getByRole('heading', { name: 'Your orders', level: 1 })).toBeVisible();
  const row = page.getByRole('link', { name: new RegExp(`^${number} `) });
  await expect(row).toHaveAccessibleName(/ \d{1,2} [A-Z][a-z]+ \d{4} · /);
  await expect(row).not.toHaveAccessibleName(/\d{4}-\d{2}-\d{2}/);
  await expect(row).toContainText(total);

  // The next checkout starts from where the last order went.
  await checkout.addToCart('linen-tea-towel');
  await page.goto('/checkout');
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByLabel('First name')).toHaveValue('Alice');
  await expect(page.getByLabel('Last name')).toHaveValue('Test');
  await expect(page.getByLabel('Street address')).toHaveValue('Södra Blasieholmshamnen 2');
  await expect(page.getByLabel('Postal code')).toHaveValue('111 48');
  await expect(page.getByLabel('City')).toHaveValue('Stockholm');
});

test('a guest’s checkout starts empty', async ({ page, context }) => {
  const checkout = checkoutPage(page);
  await checkout.chooseMarket(context, 'SE');
  await checkout.addToCart('linen-tea-towel');
  await page.goto('/checkout');
  await expect(page.getByLabel('Email')).toHaveValue('');
  await expect(page.getByLabel('First name')).toHaveValue('');
});

// Kept for the phone: the menu's sign-out works there with the words hidden beside the icons.
test.describe('on a phone', () => {
  test.use({ viewport: PHONE });
  test('the header names its icon-only controls for screen readers', async ({ page, shopper }) => {
    await signInViaApi(page.request, shopper);
    await page.goto('/');
    const header = page.getByRole('banner');
    await expect(header.getByRole('button', { name: 'Account' })).toBeVisible();
    await expect(header.getByRole('link', { name: /^Cart/ })).toBeVisible();
    await expect(header.getByRole('link', { name: 'Nordlys Store' })).toBeVisible();
  });
});
