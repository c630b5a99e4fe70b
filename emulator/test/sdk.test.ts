import type { Browser, BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import {
  launchBrowser,
  shopState,
  startMerchantSite,
  waitForShop,
  type MerchantSite,
  type MerchantWindow,
  type SdkCallback,
  type ShopState,
} from './browser.js';
import {
  KlarnaApi,
  orderBodyFrom,
  rawRequest,
  seBillingAddress,
  seCart,
  startReceiver,
  startTestEmulator,
  type Receiver,
} from './helpers.js';

/**
 * The JS SDK and its widget in Chromium, as a shopper meets them: a merchant page on
 * http://localhost loads the SDK from the emulator on http://127.0.0.1 (another site), so the
 * payment method and the approval step are cross-origin iframes.
 */

const INLINE_IFRAME = 'iframe[title="Klarna payment method"]';
const OVERLAY_IFRAME = 'iframe[title="Klarna checkout"]';

let emulator: RunningEmulator;
let api: KlarnaApi;
let site: MerchantSite;
let browser: Browser;
let receiver: Receiver;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  emulator = await startTestEmulator({ callbacks: { baseDelayMs: 50 } });
  api = new KlarnaApi(emulator);
  site = await startMerchantSite(emulator.sdkUrl);
  receiver = await startReceiver();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await site?.close();
  await emulator?.close();
});
beforeEach(async () => {
  emulator.reset();
  receiver.requests.length = 0;
  context = await browser.newContext();
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

interface CheckoutOptions {
  cart?: Record<string, unknown>;
  loadData?: Record<string, unknown>;
  authorizeData?: Record<string, unknown>;
  authorizeOptions?: Record<string, unknown>;
}

/** Creates a session server-side, opens the shop's checkout page, init + load the widget. */
async function openCheckout(options: CheckoutOptions = {}) {
  const cart = options.cart ?? seCart();
  const created = await api.createSession(cart);
  expect(created.status).toBe(200);
  await page.goto(site.url);
  await page.waitForFunction(() => (globalThis as unknown as MerchantWindow).shop.sdkReady);
  const initError = await page.evaluate(
    (token) => (globalThis as unknown as MerchantWindow).shop.init(token),
    created.json.client_token,
  );
  expect(initError).toBeNull();
  await page.evaluate(
    ([data, authorizeData, authorizeOptions]) => {
      const { shop } = globalThis as unknown as MerchantWindow;
      if (authorizeData) shop.authorizeData = authorizeData;
      if (authorizeOptions) shop.authorizeOptions = authorizeOptions;
      shop.load(undefined, data);
    },
    [options.loadData, options.authorizeData, options.authorizeOptions] as const,
  );
  const state = await waitForShop(page, 'loadResults');
  return { sessionId: created.json.session_id, cart, state };
}

function overlay() {
  return page.frameLocator(OVERLAY_IFRAME);
}

async function openApproval() {
  await page.getByRole('button', { name: 'Pay with Klarna' }).click();
  const dialog = overlay().getByRole('dialog', { name: 'Confirm your purchase with Klarna' });
  await dialog.waitFor();
  return dialog;
}

/** Calls an SDK method directly and returns the thrown error's name (or null) and the callback value. */
async function callSdk(
  method: string,
  args: unknown[],
): Promise<{ thrown: string | null; callback: unknown }> {
  return page.evaluate(
    async ([name, callArgs]) => {
      const payments = (globalThis as unknown as MerchantWindow).Klarna.Payments;
      const methods = payments as unknown as Record<string, (...args: unknown[]) => void>;
      let callback: unknown = 'not called';
      let thrown: string | null = null;
      try {
        methods[name]!(...callArgs, (result: unknown) => (callback = result));
      } catch (error) {
        const { name: errorName } = error as Error;
        thrown = errorName;
        const ErrorClass = payments.Errors[errorName];
        if (!ErrorClass || !(error instanceof ErrorClass)) thrown = `${errorName} (not instanceof)`;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { thrown, callback };
    },
    [method, args] as const,
  );
}

describe('serving the SDK', () => {
  test('api.js is JavaScript, the widget pages are HTML that any merchant may frame', async () => {
    const sdk = await rawRequest(emulator, 'GET', '/kp/lib/v1/api.js');
    expect(sdk.status).toBe(200);
    expect(sdk.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(sdk.text).toContain('klarnaAsyncCallback');
    const widget = await rawRequest(emulator, 'GET', '/kp/widget/any-session');
    expect(widget.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(widget.headers.get('content-security-policy')).toContain('frame-ancestors *');
    const overlayPage = await rawRequest(emulator, 'GET', '/kp/authorize/any-session');
    expect(overlayPage.text).toContain('Confirm your purchase with Klarna');
  });

  test('the widget API refuses a client token of another session', async () => {
    const first = await api.createSession();
    const second = await api.createSession();
    const response = await rawRequest(emulator, 'POST', `/kp/api/sessions/${first.json.session_id}/load`, {
      body: { client_token: second.json.client_token, payment_method_category: 'klarna' },
    });
    expect(response.status).toBe(403);
    expect(response.json.error_code).toBe('INVALID_CLIENT_TOKEN');
  });
});

/**
 * These drive real Chromium, which shares two cores with the rest of the suite: a test whose browser
 * was starved past its timeout runs once more. A behaviour that is broken fails both times.
 */
const BROWSER_TESTS = { retry: 1 };

describe('init and load', BROWSER_TESTS, () => {
  test('calls klarnaAsyncCallback and renders the payment method in a cross-origin iframe', async () => {
    const { state } = await openCheckout();
    expect(state.loadResults).toEqual([{ show_form: true }]);
    const frameUrl = new URL((await page.locator(INLINE_IFRAME).getAttribute('src'))!);
    expect(frameUrl.origin).toBe(emulator.url);
    expect(new URL(page.url()).hostname).toBe('localhost');
    const widget = page.frameLocator(INLINE_IFRAME);
    await widget.getByRole('heading', { name: 'Pay later with Klarna' }).waitFor();
    expect(await widget.getByText('Pay in 30 days').isVisible()).toBe(true);
    // The iframe grows to its content and says so through heightChanged.
    await page.waitForFunction(() =>
      (globalThis as unknown as { shop: { events: string[] } }).shop.events.some((event) =>
        /^heightChanged:[1-9]/.test(event),
      ),
    );
    const height = await page
      .locator(INLINE_IFRAME)
      .evaluate((element) => (element as { offsetHeight: number }).offsetHeight);
    expect(height).toBeGreaterThan(30);
  });

  test('a +red shopper in the load data is screened out: show_form false', async () => {
    const { state } = await openCheckout({
      loadData: { billing_address: seBillingAddress('customer+red@email.se') },
    });
    expect(state.loadResults).toEqual([{ show_form: false }]);
    await page.frameLocator(INLINE_IFRAME).getByText('Klarna is not available for this purchase.').waitFor();
  });

  test('a +red shopper already on the session is screened out too', async () => {
    const { state } = await openCheckout({
      cart: seCart({ billing_address: seBillingAddress('customer+red@email.se') }),
    });
    expect(state.loadResults).toEqual([{ show_form: false }]);
  });

  test('load data is merged into the session', async () => {
    const { sessionId } = await openCheckout({
      loadData: { merchant_reference1: 'CART-9', billing_address: { email: 'x@y.se' } },
    });
    const read = await api.readSession(sessionId);
    expect(read.json.merchant_reference1).toBe('CART-9');
    expect(read.json.billing_address).toEqual({ email: 'x@y.se' });
  });

  test('invalid load data comes back as invalid_fields', async () => {
    const { state } = await openCheckout({ loadData: { order_amount: 1 } });
    expect(state.loadResults).toEqual([{ show_form: true, error: { invalid_fields: ['order_amount'] } }]);
  });

  test('misuse throws the SDK’s named errors', async () => {
    await page.goto(site.url);
    await page.waitForFunction(
      () => (globalThis as unknown as { shop: { sdkReady: boolean } }).shop.sdkReady,
    );
    const options = { container: '#klarna-payments-container', payment_method_category: 'klarna' };

    expect(await callSdk('load', [options, {}])).toEqual({
      thrown: 'ApplicationNotInitializedError',
      callback: { show_form: false },
    });
    expect((await callSdk('init', [{ client_token: 'not-a-jwt' }])).thrown).toBe('InvalidClientTokenError');

    const created = await api.createSession();
    expect((await callSdk('init', [{ client_token: created.json.client_token }])).thrown).toBeNull();
    expect(await callSdk('authorize', [{ payment_method_category: 'klarna' }, {}])).toEqual({
      thrown: 'ApplicationNotLoadedError',
      callback: { approved: false, show_form: false },
    });
    expect((await callSdk('load', [{ ...options, container: '#nowhere' }, {}])).thrown).toBe(
      'InvalidContainerSelectorError',
    );
    expect(
      (
        await callSdk('load', [
          { container: '#klarna-payments-container', payment_method_categories: ['klarna'] },
          {},
        ])
      ).thrown,
    ).toBe('PaymentMethodCategoryNotProvidedError');
    expect((await callSdk('load', [{ ...options, preferred_payment_method: 'crypto' }, {}])).thrown).toBe(
      'PreferredPaymentMethodNotSupportedError',
    );
    expect((await callSdk('on', ['somethingHappened'])).thrown).toBe('EventNotSupportedError');

    await page.evaluate(() => (globalThis as unknown as { shop: { load(): void } }).shop.load());
    await waitForShop(page, 'loadResults');
    expect((await callSdk('authorize', [{ payment_method_category: 'pay_now' }, {}])).thrown).toBe(
      'PaymentMethodCategoryNotSupportedError',
    );
    expect((await callSdk('finalize', [{ payment_method_categories: ['klarna'] }, {}])).thrown).toBe(
      'PaymentMethodCategoryNotProvidedError',
    );
  });
});

describe('authorize: the approval overlay', BROWSER_TESTS, () => {
  test('approve: email prefilled from billing data, Confirm gives a token bound to that data', async () => {
    const billing = seBillingAddress('customer@email.se');
    const { sessionId, cart } = await openCheckout({ authorizeData: { billing_address: billing } });
    const dialog = await openApproval();
    expect(await page.locator(OVERLAY_IFRAME).count()).toBe(1);
    expect(await overlay().getByLabel('Email address').inputValue()).toBe('customer@email.se');
    expect(await dialog.getByText('Total').textContent()).toContain('249,00');

    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const state = await waitForShop(page, 'authorizeResults');
    const [result] = state.authorizeResults;
    expect(result).toEqual({ approved: true, show_form: true, authorization_token: expect.any(String) });
    expect(await page.locator(OVERLAY_IFRAME).count()).toBe(0);
    expect(state.events.filter((event) => event.startsWith('fullscreen'))).toEqual([
      'fullscreenOverlayShown',
      'fullscreenOverlayHidden',
    ]);

    // The data passed to authorize() went into the session and the authorization.
    const read = await api.readSession(sessionId);
    expect(read.json.billing_address).toEqual(billing);
    expect(read.json.authorization_token).toBe(result!.authorization_token);
    const otherAddress = await api.placeOrder(
      result!.authorization_token!,
      orderBodyFrom({ ...cart, billing_address: { ...billing, postal_code: '99999' } }),
    );
    expect(otherAddress.status).toBe(409);
    const placed = await api.placeOrder(
      result!.authorization_token!,
      orderBodyFrom({ ...cart, billing_address: billing }),
    );
    expect(placed.status).toBe(200);
  });

  test('the shopper can change the email; the authorization is bound to the edited one', async () => {
    const { sessionId } = await openCheckout({ authorizeData: { billing_address: seBillingAddress() } });
    await openApproval();
    const email = overlay().getByLabel('Email address');
    await email.fill('alice@example.se');
    await overlay().getByRole('button', { name: 'Confirm' }).click();
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults[0]!.approved).toBe(true);
    expect((await api.readSession(sessionId)).json.billing_address?.email).toBe('alice@example.se');
  });

  test('deny: a +denied email shows Klarna’s decline, then approved false, show_form false', async () => {
    await openCheckout({ authorizeData: { billing_address: seBillingAddress() } });
    await openApproval();
    await overlay().getByLabel('Email address').fill('customer+denied@email.se');
    await overlay().getByRole('button', { name: 'Confirm' }).click();
    const declined = overlay().getByRole('alertdialog', { name: 'Purchase declined' });
    await declined.waitFor();
    expect(await declined.getByText('Your purchase can not be accepted').isVisible()).toBe(true);
    expect((await shopState(page)).authorizeResults).toEqual([]);
    await declined.getByRole('button', { name: 'Close' }).click();
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults).toEqual([{ approved: false, show_form: false }]);
  });

  test('cancel: approved false, show_form true, no error, focus back on the Pay button', async () => {
    await openCheckout({ authorizeData: { billing_address: seBillingAddress() } });
    await openApproval();
    await overlay().getByRole('button', { name: 'Cancel' }).click();
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults).toEqual([{ approved: false, show_form: true }]);
    expect(await page.locator(OVERLAY_IFRAME).count()).toBe(0);
    expect(await page.locator('#pay:focus').count()).toBe(1);
  });

  test('Escape cancels', async () => {
    await openCheckout({ authorizeData: { billing_address: seBillingAddress() } });
    await openApproval();
    await overlay().locator('#email:focus').waitFor();
    // The whole key press completes: the frame waits for the key-up before it asks to be removed.
    await page.keyboard.press('Escape');
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults).toEqual([{ approved: false, show_form: true }]);
  });

  test('missing required address fields come back as invalid_fields', async () => {
    const { street_address: _street, city: _city, ...billing } = seBillingAddress();
    await openCheckout({ authorizeData: { billing_address: billing } });
    await openApproval();
    await overlay().getByRole('button', { name: 'Confirm' }).click();
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults).toEqual([
      {
        approved: false,
        show_form: true,
        error: { invalid_fields: ['billing_address.street_address', 'billing_address.city'] },
      },
    ]);
  });

  test('an empty or malformed email is an invalid billing_address.email', async () => {
    await openCheckout({ authorizeData: { billing_address: seBillingAddress() } });
    await openApproval();
    await overlay().getByLabel('Email address').fill('not-an-email');
    await overlay().getByRole('button', { name: 'Confirm' }).click();
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults[0]).toEqual({
      approved: false,
      show_form: true,
      error: { invalid_fields: ['billing_address.email'] },
    });
  });

  test('invalid authorize data is reported without showing the dialog', async () => {
    await openCheckout({ authorizeData: { order_amount: 5 } });
    await page.getByRole('button', { name: 'Pay with Klarna' }).click();
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults).toEqual([
      { approved: false, show_form: true, error: { invalid_fields: ['order_amount'] } },
    ]);
    expect(state.events).not.toContain('fullscreenOverlayShown');
  });

  test('keyboard: focus starts in the email field, Tab stays inside the dialog, Enter confirms', async () => {
    await openCheckout({ authorizeData: { billing_address: seBillingAddress() } });
    await openApproval();
    const focusedId = () => overlay().locator(':focus').getAttribute('id');
    await overlay().locator('#email:focus').waitFor();
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('confirm');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('cancel');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('email');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedId()).toBe('cancel');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedId()).toBe('email');
    await page.keyboard.press('Enter');
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults[0]!.approved).toBe(true);
  });

  test('+require_signup shows a sign-up step before confirming', async () => {
    await openCheckout({
      authorizeData: { billing_address: seBillingAddress('customer+require_signup@email.se') },
    });
    await openApproval();
    await overlay().getByRole('button', { name: 'Confirm' }).click();
    const signup = overlay().getByRole('dialog', { name: 'Create your Klarna account' });
    await signup.waitFor();
    await signup.getByRole('button', { name: 'Create account' }).click();
    await signup.getByText('Accept the terms to create your account.').waitFor();
    expect((await shopState(page)).authorizeResults).toEqual([]);
    await overlay().locator('#terms:focus').waitFor();
    await page.keyboard.press('Space');
    expect(await signup.getByLabel("I accept Klarna's terms and conditions").isChecked()).toBe(true);
    await signup.getByRole('button', { name: 'Create account' }).click();
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults[0]).toEqual({
      approved: true,
      show_form: true,
      authorization_token: expect.any(String),
    });
  });

  test('auto_finalize false: finalize_required, then finalize() hands out the token', async () => {
    await openCheckout({
      authorizeData: { billing_address: seBillingAddress() },
      authorizeOptions: { payment_method_category: 'klarna', auto_finalize: false },
    });
    await openApproval();
    await overlay().getByRole('button', { name: 'Confirm' }).click();
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults[0]).toEqual({ approved: true, show_form: true, finalize_required: true });
    const finalized = await page.evaluate(
      () =>
        new Promise((resolve) =>
          (globalThis as unknown as MerchantWindow).Klarna.Payments.finalize(
            { payment_method_category: 'klarna' },
            {},
            resolve,
          ),
        ),
    );
    expect(finalized).toEqual({ approved: true, show_form: true, authorization_token: expect.any(String) });
  });

  test('reauthorize() after an approval gives a new token for updated data', async () => {
    const { sessionId } = await openCheckout({ authorizeData: { billing_address: seBillingAddress() } });
    await openApproval();
    await overlay().getByRole('button', { name: 'Confirm' }).click();
    const first = (await waitForShop(page, 'authorizeResults')).authorizeResults[0]!.authorization_token;
    const again = await page.evaluate(
      () =>
        new Promise<ShopState['authorizeResults'][number]>((resolve) =>
          (globalThis as unknown as MerchantWindow).Klarna.Payments.reauthorize(
            { payment_method_category: 'klarna' },
            { merchant_reference2: 'updated' },
            resolve as SdkCallback,
          ),
        ),
    );
    expect(again.approved).toBe(true);
    expect(again.authorization_token).not.toBe(first);
    expect((await api.readSession(sessionId)).json.merchant_reference2).toBe('updated');
  });

  test('the approval sends the authorization callback to the merchant', async () => {
    const cart = seCart({ merchant_urls: { authorization: `${receiver.url}/api/klarna/authorization` } });
    const { sessionId } = await openCheckout({
      cart,
      authorizeData: { billing_address: seBillingAddress() },
    });
    await openApproval();
    await overlay().getByRole('button', { name: 'Confirm' }).click();
    const token = (await waitForShop(page, 'authorizeResults')).authorizeResults[0]!.authorization_token;
    const [callback] = await receiver.waitFor(1);
    expect(callback!.body).toEqual({ authorization_token: token, session_id: sessionId });
  });

  test('Escape pressed on the page behind the overlay cancels too', async () => {
    await openCheckout({ authorizeData: { billing_address: seBillingAddress() } });
    await openApproval();
    // Focus on the merchant page (as after a click outside the frame): the SDK forwards Escape.
    await page.evaluate(() => {
      const scope = globalThis as unknown as {
        document: { dispatchEvent(event: unknown): boolean };
        KeyboardEvent: new (type: string, init: Record<string, unknown>) => unknown;
      };
      scope.document.dispatchEvent(new scope.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults).toEqual([{ approved: false, show_form: true }]);
  });

  test('a second click while the overlay is open does not open another', async () => {
    await openCheckout({ authorizeData: { billing_address: seBillingAddress() } });
    await openApproval();
    await page.evaluate(() => {
      const { shop, Klarna } = globalThis as unknown as MerchantWindow;
      Klarna.Payments.authorize(shop.authorizeOptions, shop.authorizeData, (result) =>
        shop.authorizeResults.push(result as ShopState['authorizeResults'][number]),
      );
    });
    expect(await page.locator(OVERLAY_IFRAME).count()).toBe(1);
    await overlay().getByRole('button', { name: 'Confirm' }).click();
    const state = await waitForShop(page, 'authorizeResults');
    expect(state.authorizeResults).toHaveLength(1);
  });
});
