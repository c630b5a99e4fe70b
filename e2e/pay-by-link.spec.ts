import type { Browser, Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { E2E_DATABASE_URL, sqlitePath } from './environment';
import { expect, ownAddress, test } from './fixtures';
import { expectNoAxeViolations } from './pages/accessibility';
import { authPage } from './pages/auth';
import { personaEmail } from './pages/checkout';
import { hostedPaymentPage } from './pages/hosted-payment';
import { createDraft, linkMailedTo, sendLink } from './pages/payment-links';

// Staff take an order for a customer in the admin and send a Klarna payment link; the customer
// opens the mail from the shop's mail sink and pays on Klarna's hosted page.

/** The orders placed for the draft page's draft, read from the e2e database. */
function ordersOfDraft(draftId: string): { id: string; number: string; orderAmount: number }[] {
  const db = new Database(sqlitePath(E2E_DATABASE_URL), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[string], { id: string; number: string; orderAmount: number }>(
        'SELECT o.id, o.number, o.orderAmount FROM "Order" o JOIN "DraftOrder" d ON d.cartId = o.cartId WHERE d.id = ?',
      )
      .all(draftId);
  } finally {
    db.close();
  }
}

/** The customer's own browser: no admin session. */
async function customerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test.describe('paying by link', () => {
  test.setTimeout(120_000);

  test('staff send a draft, the customer pays from the mail, and the order appears once under Orders', async ({
    adminPage: page,
    browser,
    request,
  }) => {
    const email = `phone-order-${Date.now()}@example.se`;
    const draftId = await createDraft(page, email);
    // The lines and total Klarna will get: 2 × 449 kr + 1 × 179 kr.
    await expect(page.getByRole('cell', { name: 'Oak Cutting Board' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Linen Tea Towel' })).toBeVisible();
    await expect(page.getByTestId('draft-total')).toHaveText(/kr/);
    await sendLink(page, email);
    await expectNoAxeViolations(page, 'draft with a sent link');
    const link = await linkMailedTo(request, email);

    const customer = await customerPage(browser);
    // Klarna's callback comes first: the customer's return to the shop waits until it placed the order.
    await customer.route('**/pay/**', async (route) => {
      await expect.poll(() => ordersOfDraft(draftId).length, { timeout: 30_000 }).toBe(1);
      await route.continue();
    });
    const hpp = hostedPaymentPage(customer, request);
    await hpp.open(link);
    await hpp.pay();
    await hpp.overlay.getByRole('textbox', { name: 'Email address' }).fill(personaEmail('SE'));
    await hpp.overlay.getByRole('button', { name: 'Confirm' }).click();
    await expect(customer).toHaveURL(/\/orders\/[^/?]+\?key=/, { timeout: 30_000 });
    await expect(customer.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();

    const orders = ordersOfDraft(draftId);
    expect(orders).toHaveLength(1);
    await expect(customer.getByTestId('order-number')).toHaveText(orders[0]!.number);
    // Back on the hosted page later, the link is spent: still one order.
    await customer.goto(`${new URL(link).origin}${new URL(link).pathname}`);
    await expect(customer.getByRole('heading', { name: 'Thank you' })).toBeVisible();
    expect(ordersOfDraft(draftId)).toHaveLength(1);

    await page.reload();
    await expect(page.getByTestId('link-status').first()).toHaveText('completed');
    await page.goto('/admin/drafts');
    await expect(page.getByRole('link', { name: email })).toBeVisible();
    await expectNoAxeViolations(page, 'drafts list');
    await page.getByRole('link', { name: email }).click();
    await page.getByRole('link', { name: orders[0]!.number }).click();
    await expect(page).toHaveURL(`/admin/orders/${orders[0]!.id}`);
    const timeline = page.getByRole('list', { name: 'Order timeline' });
    await expect(timeline.getByText(/^Payment link sent/)).toBeVisible();
    await expect(timeline.getByText(/^Order placed/)).toBeVisible();
    await customer.context().close();
  });

  test('a declined customer gets no order and may try again; one who cancels gets none either', async ({
    adminPage: page,
    browser,
    request,
  }) => {
    const email = `declined-${Date.now()}@example.se`;
    const draftId = await createDraft(page, email);
    await sendLink(page, email);
    const link = await linkMailedTo(request, email);

    const customer = await customerPage(browser);
    const hpp = hostedPaymentPage(customer, request);
    await hpp.open(link);
    await hpp.pay();
    await hpp.overlay.getByRole('textbox', { name: 'Email address' }).fill(personaEmail('SE', ['denied']));
    await hpp.overlay.getByRole('button', { name: 'Confirm' }).click();
    await expect(hpp.overlay.getByRole('alertdialog')).toBeVisible();
    await hpp.overlay.getByRole('button', { name: 'Close' }).click();
    await expect(customer.getByText('Your last attempt was declined')).toBeVisible();
    expect(ordersOfDraft(draftId)).toHaveLength(0);
    await page.reload();
    await expect(page.getByTestId('link-status').first()).toHaveText('opened');

    await hpp.open(link);
    await customer.getByRole('button', { name: 'Cancel purchase' }).click();
    await expect(customer.getByRole('heading', { name: 'Purchase cancelled' })).toBeVisible();
    await expect
      .poll(async () => {
        await page.reload();
        return page.getByTestId('link-status').first().textContent();
      })
      .toBe('cancelled');
    expect(ordersOfDraft(draftId)).toHaveLength(0);
    await customer.context().close();
  });

  test('a link sent before the draft changed no longer works; the new one does', async ({
    adminPage: page,
    browser,
    request,
  }) => {
    const email = `changed-${Date.now()}@example.se`;
    const draftId = await createDraft(page, email);
    await sendLink(page, email);
    const oldLink = await linkMailedTo(request, email);

    const edit = page.getByRole('region', { name: 'Change the draft' });
    await edit.getByLabel(/^Quantity of Oak Cutting Board/).fill('3');
    await edit.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByText('Draft saved. The link sent before no longer works.')).toBeVisible();

    const customer = await customerPage(browser);
    const response = await customer.goto(oldLink);
    expect(response?.status()).toBe(410);
    expect(ordersOfDraft(draftId)).toHaveLength(0);

    await page.reload();
    await expect(page.getByTestId('link-status').first()).toHaveText('disabled');
    await page.getByRole('button', { name: 'Send payment link' }).click();
    await expect(page.getByText(`Payment link sent to ${email}.`)).toBeVisible();
    const newLink = await linkMailedTo(request, email, 2);
    expect(newLink).not.toBe(oldLink);
    const hpp = hostedPaymentPage(customer, request);
    await hpp.open(newLink);
    await customer.context().close();
  });
});

test.describe('sign-up', () => {
  // Sign-ups are throttled per client address: this test's come from an address of its own.
  test.use({ extraHTTPHeaders: ownAddress(61) });

  test('offers the shop’s e-mails as an opt-in, off unless the shopper ticks it', async ({ page, db }) => {
    const auth = authPage(page);
    const optIn = page.getByRole('checkbox', { name: /E-mail me about my cart/ });
    for (const tick of [false, true]) {
      await auth.gotoSignUp();
      await expect(optIn).not.toBeChecked();
      const email = `opt-${tick ? 'in' : 'out'}-${Date.now()}@example.com`;
      if (tick) await optIn.check();
      await auth.signUp({ name: 'Opt In', email, password: 'violet-harbour-lantern-93' });
      await expect.poll(() => db.userByEmail(email)?.email).toBe(email);
      expect(acceptsEmailsOf(email)).toBe(tick);
      await page.context().clearCookies();
    }
  });
});

function acceptsEmailsOf(email: string): boolean | undefined {
  const db = new Database(sqlitePath(E2E_DATABASE_URL), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare<[string], { acceptsEmails: number }>('SELECT acceptsEmails FROM "User" WHERE email = ?')
      .get(email);
    return row === undefined ? undefined : row.acceptsEmails === 1;
  } finally {
    db.close();
  }
}
