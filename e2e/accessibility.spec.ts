import type { Browser, Page } from '@playwright/test';
import { test as base, expect } from './admin-fixtures';
import { E2E_ACCESSIBILITY_CONTACT_EMAIL } from './environment';
import { ownAddress, signInViaApi } from './fixtures';
import { appPageFiles, expectNoAxeViolations, expectReflow, VIEWPORTS } from './pages/accessibility';
import { checkoutPage, personaEmail } from './pages/checkout';
import { hostedPaymentPage } from './pages/hosted-payment';
import { createDraft, hppSessionIdOf, linkMailedTo, sendLink } from './pages/payment-links';
import { seededName } from './pages/shop';

// axe (WCAG 2.0/2.1/2.2 A and AA plus best practice, every rule on) over every page of the app at
// a desktop and a phone width, in the states a person reaches: empty and filled carts, refused
// forms, open dialogs, Klarna's widget and pop-up, a declined payment. Each journey names the page
// files it covers; the first test fails when a page under app/ is in no journey.

type PageCheck = (page: Page, state: string) => Promise<void>;

const test = base.extend<{ reflow: boolean; checkPage: PageCheck }>({
  /** Also check each state for reflow at 320 px and 200 % text (done once, in the phone run). */
  reflow: [false, { option: true }],
  checkPage: async ({ reflow }, use) =>
    use(async (page, state) => {
      await expectNoAxeViolations(page, state);
      if (reflow) await expectReflow(page, state);
    }),
});

type Fixtures = Parameters<Parameters<typeof test>[2]>[0];

interface Journey {
  name: string;
  /** Page files under app/ this journey checks. */
  pages: string[];
  run: (fixtures: Fixtures) => Promise<void>;
}

const MONTHLY = 'coffee-club-monthly';

/** A second page signed in as staff, for the admin's side of something a shopper just did. */
async function staffPage(browser: Browser, admin: { email: string; password: string }): Promise<Page> {
  // A context of its own (axe needs the page's context to be one the test opened).
  const staff = await (await browser.newContext()).newPage();
  await signInViaApi(staff.request, admin);
  return staff;
}

/**
 * Opens the dialog behind `button`, checks the page with it open, and closes it with Escape, which
 * hands focus back to the button that opened it.
 */
async function checkDialog(checkPage: PageCheck, page: Page, button: string, state: string) {
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await checkPage(page, state);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByRole('button', { name: button })).toBeFocused();
}

const JOURNEYS: Journey[] = [
  {
    name: 'browsing the shop',
    pages: [
      '(shop)/[market]/page.tsx',
      '(shop)/[market]/c/[category]/page.tsx',
      '(shop)/[market]/c/[category]/search/page.tsx',
      '(shop)/[market]/products/[slug]/page.tsx',
      '(shop)/about/page.tsx',
      '(shop)/accessibility/page.tsx',
      '(shop)/not-found.tsx',
      'not-found.tsx',
    ],
    async run({ checkPage, page }) {
      await page.goto('/');
      await checkPage(page, 'home');
      await page.goto('/c/kitchen');
      await checkPage(page, 'category');
      await page.goto('/c/kitchen/search?q=cup');
      await checkPage(page, 'category search with results');
      await page.goto('/c/kitchen/search?q=zzzz-nothing');
      await checkPage(page, 'category search without results');
      await page.goto('/products/linen-tea-towel');
      await page.getByLabel('Quantity', { exact: true }).fill('1');
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await expect(page.getByText('Added to your cart.')).toBeVisible();
      await checkPage(page, 'product, added to the cart');
      await page.goto('/products/oak-cutting-board');
      await page.getByRole('button', { name: /^Show picture 2 of 3:/ }).click();
      await expect(page.getByRole('button', { name: /^Show picture 2 of 3:/ })).toHaveAttribute(
        'aria-current',
        'true',
      );
      await checkPage(page, 'product gallery, second picture shown');
      await page.goto('/about');
      await checkPage(page, 'about');
      await page.goto('/accessibility');
      await checkPage(page, 'accessibility statement');
      await page.goto('/no-such-page');
      await checkPage(page, 'page not found');
      await page.goto('/products/no-such-product');
      await expect(page.getByRole('heading', { name: 'We could not find that page' })).toBeVisible();
      await checkPage(page, 'product not found');
    },
  },
  {
    name: 'the cart and checkout, refused and declined',
    pages: ['(shop)/[market]/cart/page.tsx', '(shop)/checkout/page.tsx'],
    async run({ checkPage, page, context }) {
      const checkout = checkoutPage(page);
      await checkout.chooseMarket(context, 'SE');
      await page.goto('/cart');
      await checkPage(page, 'empty cart');
      await page.goto('/checkout');
      await checkPage(page, 'checkout with an empty cart');

      await checkout.addToCart('linen-tea-towel', 2);
      await page.goto('/cart');
      await checkPage(page, 'filled cart');

      await page.goto('/checkout');
      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
      await checkPage(page, 'checkout details refused');
      // A phone folds the order summary above the form; a desktop shows it beside the form.
      const summaryToggle = page.getByRole('button', { name: /Show order summary/ });
      if (await summaryToggle.isVisible()) {
        await summaryToggle.click();
        await expect(page.getByRole('heading', { name: 'Order summary' })).toBeVisible();
        await checkPage(page, 'checkout with the order summary unfolded');
      }

      await checkout.fillDetails('SE', personaEmail('SE', ['denied']));
      await checkout.continueToPayment();
      await expect(checkout.buyButton()).toBeEnabled();
      await checkPage(page, 'checkout payment step with the Klarna widget');

      await checkout.buy();
      await expect(checkout.overlay.getByRole('dialog')).toBeVisible();
      await checkPage(page, 'Klarna pop-up asking for approval');
      await checkout.confirmInKlarna();
      await expect(checkout.overlay.getByRole('alertdialog')).toBeVisible();
      await checkPage(page, 'Klarna pop-up declining');
      await checkout.overlay.getByRole('button', { name: 'Close' }).click();
      await expect(checkout.message()).toContainText('declined');
      await checkPage(page, 'checkout after a declined payment');
    },
  },
  {
    name: 'paying and the order confirmation',
    pages: ['(shop)/orders/[id]/page.tsx'],
    async run({ checkPage, page, context }) {
      const checkout = checkoutPage(page);
      await checkout.chooseMarket(context, 'SE');
      await checkout.addToCart('linen-tea-towel');
      await checkout.payWithKlarna('SE', personaEmail('SE'));
      await checkout.expectOrderPage();
      await checkPage(page, 'order confirmation');
    },
  },
  {
    name: 'signing in and signing up, refused',
    pages: ['(account)/login/page.tsx', '(account)/signup/page.tsx'],
    async run({ checkPage, page, auth, shopper }) {
      await page.setExtraHTTPHeaders(ownAddress(24));
      await auth.gotoLogin();
      await checkPage(page, 'sign-in');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(auth.email).toHaveAttribute('aria-invalid', 'true');
      await checkPage(page, 'sign-in with empty fields');
      await auth.signIn({ email: shopper.email, password: 'not-the-password' });
      await expect(page.getByText('Wrong email or password.')).toBeVisible();
      await checkPage(page, 'sign-in with a wrong password');

      await auth.gotoSignUp();
      await checkPage(page, 'sign-up');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect(auth.email).toHaveAttribute('aria-invalid', 'true');
      await checkPage(page, 'sign-up with empty fields');
    },
  },
  {
    name: 'a subscriber’s account and staff’s subscription pages',
    pages: [
      '(account)/account/page.tsx',
      '(account)/account/orders/page.tsx',
      '(account)/account/subscriptions/page.tsx',
      'admin/subscriptions/page.tsx',
      'admin/subscriptions/[id]/page.tsx',
    ],
    async run({ checkPage, page, context, auth, newAccount, browser, admin }) {
      const checkout = checkoutPage(page);
      await checkout.chooseMarket(context, 'SE');
      await auth.gotoSignUp();
      await auth.signUp(newAccount);
      await expect(page).toHaveURL('/');
      await page.getByRole('banner').getByRole('button', { name: 'Account' }).click();
      await expect(page.getByRole('banner').getByRole('link', { name: 'Your account' })).toBeVisible();
      await checkPage(page, 'the header’s account menu open');
      await page.goto('/account');
      await checkPage(page, 'account page');
      await page.goto('/account/orders');
      await checkPage(page, 'account orders, none yet');
      await page.goto('/account/subscriptions');
      await checkPage(page, 'account subscriptions, none yet');

      await checkout.addToCart(MONTHLY);
      await checkout.payWithKlarna('SE', personaEmail('SE'));
      await expect(page).toHaveURL(/\/account\/subscriptions/);
      await checkPage(page, 'account subscriptions with the new subscription');
      await checkDialog(checkPage, page, 'Cancel subscription', 'account subscription cancel dialog');
      await page.goto('/account/orders');
      await checkPage(page, 'account orders with an order');

      const staff = await staffPage(browser, admin);
      await staff.goto('/admin/subscriptions');
      await checkPage(staff, 'admin subscriptions');
      await staff.getByRole('row').filter({ hasText: newAccount.email }).getByRole('link').click();
      await expect(staff).toHaveURL(/\/admin\/subscriptions\/[^/]+$/);
      await checkPage(staff, 'admin subscription');
      await checkDialog(checkPage, staff, 'Charge now…', 'admin subscription charge-now dialog');
      await checkDialog(checkPage, staff, 'Cancel subscription…', 'admin subscription cancel dialog');
      await staff.context().close();
    },
  },
  {
    name: 'staff taking an order by payment link',
    pages: [
      'admin/drafts/page.tsx',
      'admin/drafts/new/page.tsx',
      'admin/drafts/[id]/page.tsx',
      '(shop)/pay/[hppSessionId]/page.tsx',
    ],
    async run({ checkPage, adminPage: page, request }) {
      await page.goto('/admin/drafts');
      await checkPage(page, 'drafts list');
      await page.getByRole('link', { name: 'New draft' }).click();
      await checkPage(page, 'new draft');
      // Refused by the server: a customer but no products.
      await page.getByLabel('Customer’s e-mail').fill('refused-draft@example.se');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await expect(page.locator('#draft-form-message')).not.toBeEmpty();
      await checkPage(page, 'new draft, refused');
      const email = `a11y-link-${Date.now()}@example.se`;
      await createDraft(page, email);
      await checkPage(page, 'draft');
      await sendLink(page, email);
      await checkPage(page, 'draft with a sent link');
      // The customer back from Klarna's page before paying: nothing to show but where it stands.
      const link = await linkMailedTo(request, email);
      await page.goto(`/pay/${hppSessionIdOf(link)}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Your payment' })).toBeVisible();
      await checkPage(page, 'payment by link, not paid yet');
    },
  },
  {
    name: 'staff changing a product',
    pages: ['admin/products/page.tsx', 'admin/products/[slug]/page.tsx'],
    async run({ checkPage, adminPage: page }) {
      await page.goto('/admin/products');
      await checkPage(page, 'admin products');
      await page.getByRole('link', { name: seededName('dot-grid-notebook') }).click();
      await expect(
        page.getByRole('heading', { level: 1, name: seededName('dot-grid-notebook') }),
      ).toBeVisible();
      await checkPage(page, 'admin product');
      // Refused, so nothing is saved: a price of nothing.
      await page.getByLabel('Price in SEK').fill('0');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByLabel('Price in SEK')).toHaveAttribute('aria-invalid', 'true');
      await checkPage(page, 'admin product, refused');
    },
  },
  {
    name: 'staff working on an order',
    pages: ['admin/page.tsx', 'admin/orders/page.tsx', 'admin/orders/[id]/page.tsx', 'admin/not-found.tsx'],
    async run({ checkPage, adminPage: page, placeOrder, orderPage }) {
      const order = placeOrder([
        { slug: 'enamel-camp-mug', quantity: 2 },
        { slug: 'linen-tea-towel', quantity: 1 },
      ]);
      await page.goto('/admin');
      await checkPage(page, 'admin dashboard');
      await page.goto('/admin/orders');
      await checkPage(page, 'admin orders');
      await page.goto('/admin/orders?q=no-such-order-anywhere');
      await checkPage(page, 'admin orders, none found');
      await page.goto('/admin/orders/no-such-order');
      await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
      await checkPage(page, 'admin order not found');

      await orderPage.open(order.id);
      await checkPage(page, 'admin order, authorized');
      await checkDialog(checkPage, page, 'Cancel order…', 'admin cancel dialog');
      await checkDialog(checkPage, page, 'Extend authorization…', 'admin extend dialog');

      await orderPage.openAction('Capture…');
      await checkPage(page, 'admin capture dialog');
      await orderPage.dialog.getByLabel('Chosen lines').check();
      await checkPage(page, 'admin capture dialog, choosing lines');
      await orderPage.dialog.getByLabel('An amount').check();
      await orderPage.dialog.getByLabel(/^Amount/).fill('999999');
      await orderPage.dialog.getByLabel(/^Tracking link/).fill('javascript:alert(1)');
      await expect(orderPage.dialog.getByText(/is left to capture/)).toBeVisible();
      await checkPage(page, 'admin capture dialog, too much');
      await orderPage.dialog.getByLabel(/^Amount/).fill('1.00');
      await orderPage.dialog.getByRole('button', { name: /^Capture / }).click();
      await expect(orderPage.dialog.getByLabel(/^Tracking link/)).toHaveAttribute('aria-invalid', 'true');
      await checkPage(page, 'admin capture dialog, refused');
      await page.keyboard.press('Escape');
      await orderPage.openAction('Capture…');
      await orderPage.dialog.getByLabel('An amount').check();
      await orderPage.dialog.getByLabel(/^Amount/).fill('1.00');
      await orderPage.confirm(/^Capture /);
      await expect(orderPage.outcome).toContainText('Captured');
      await checkPage(page, 'admin order, part captured');
      await checkDialog(checkPage, page, 'Refund…', 'admin refund dialog');
      await checkDialog(checkPage, page, 'Release remaining…', 'admin release dialog');
    },
  },
  {
    // Served by the Klarna emulator, which stands in for Klarna's own page: no page of app/.
    name: 'Klarna’s hosted payment page, declined, paid and cancelled',
    pages: [],
    async run({ checkPage, page, request }) {
      const hpp = hostedPaymentPage(page, request);
      const link = await hpp.create(personaEmail('SE', ['denied']));
      await hpp.open(link);
      await checkPage(page, 'hosted payment page');
      await hpp.pay();
      await checkPage(page, 'hosted payment page, Klarna pop-up asking for approval');
      await hpp.overlay.getByRole('button', { name: 'Confirm' }).click();
      await expect(hpp.overlay.getByRole('alertdialog')).toBeVisible();
      await checkPage(page, 'hosted payment page, Klarna pop-up declining');
      await hpp.overlay.getByRole('button', { name: 'Close' }).click();
      await expect(page.getByText('Your last attempt was declined')).toBeVisible();
      await hpp.open(link);
      await checkPage(page, 'hosted payment page after a declined attempt');

      await hpp.pay();
      await hpp.overlay.getByRole('textbox', { name: 'Email address' }).fill(personaEmail('SE'));
      await hpp.overlay.getByRole('button', { name: 'Confirm' }).click();
      await expect(page.getByRole('heading', { name: 'Thank you' })).toBeVisible();
      await checkPage(page, 'hosted payment page, paid');

      await hpp.open(await hpp.create(personaEmail('SE')));
      await page.getByRole('button', { name: 'Cancel purchase' }).click();
      await expect(page.getByRole('heading', { name: 'Purchase cancelled' })).toBeVisible();
      await checkPage(page, 'hosted payment page, cancelled');

      await page.goto(link.replace(/[^/]+$/, 'no-such-session'));
      await expect(page.getByRole('heading', { name: 'Payment link not found' })).toBeVisible();
      await checkPage(page, 'hosted payment link not found');
    },
  },
];

test('every page under app/ is in an accessibility journey', () => {
  const covered = new Set(JOURNEYS.flatMap((journey) => journey.pages));
  expect(appPageFiles().filter((file) => !covered.has(file))).toEqual([]);
  expect([...covered].filter((file) => !appPageFiles().includes(file))).toEqual([]);
});

test('the accessibility statement names the contact the shop is configured with', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility' }).click();
  await expect(page.getByRole('heading', { name: 'Accessibility statement', level: 1 })).toBeVisible();
  const contact = page.getByRole('link', { name: E2E_ACCESSIBILITY_CONTACT_EMAIL });
  await expect(contact).toHaveAttribute('href', `mailto:${E2E_ACCESSIBILITY_CONTACT_EMAIL}`);
  await expect(page.getByText('nordlys.example')).toHaveCount(0);
});

for (const viewport of VIEWPORTS) {
  const title =
    viewport.name === 'phone'
      ? `no axe violations at ${viewport.width}×${viewport.height} (phone); reflows at 320 px and 200 % text`
      : `no axe violations at ${viewport.width}×${viewport.height} (${viewport.name})`;
  test.describe(title, () => {
    test.use({
      viewport: { width: viewport.width, height: viewport.height },
      reflow: viewport.name === 'phone',
    });
    test.describe.configure({ timeout: 300_000 });
    // Passed as it is: Playwright reads the fixtures a test needs from its parameter list.
    for (const journey of JOURNEYS) test(journey.name, journey.run);
  });
}
