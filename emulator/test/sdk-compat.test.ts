import type { Browser, BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { launchBrowser, startPageSite, type MerchantSite } from './browser.js';
import { KlarnaApi, orderBodyFrom, seBillingAddress, seCart, startTestEmulator, usCart } from './helpers.js';

/**
 * `Klarna.Payments` as Klarna's SDK reference describes it and, where the reference is silent,
 * as Klarna's library behaves for published integrations: one spec per behaviour, in Chromium,
 * on a page of another site than the emulator.
 */

const INLINE_IFRAME = 'iframe[title="Klarna payment method"]';
const REVIEW_IFRAME = 'iframe[title="Klarna payment review"]';
const OVERLAY_IFRAME = 'iframe[title="Klarna checkout"]';
/** The example token of Klarna's SDK reference: a well-formed JWT whose payload is `{"foo":"bar"}`. */
const REFERENCE_EXAMPLE_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJmb28iOiJiYXIifQ.dtxWM6MIcgoeMgH87tGvsNDY6cHWL6MGW4LeYvnm1JA';

let emulator: RunningEmulator;
let api: KlarnaApi;
let usApi: KlarnaApi;
let site: MerchantSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  emulator = await startTestEmulator();
  api = new KlarnaApi(emulator);
  usApi = new KlarnaApi(emulator, 'na');
  site = await startPageSite({
    '/': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body>
  <div id="klarna-payments-container"></div>
  <div id="review"></div>
  <div id="express"></div>
  <script src="${emulator.sdkUrl}"></script>
</body></html>`,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await emulator?.close();
});
beforeEach(async () => {
  emulator.reset();
  context = await browser.newContext();
  page = await context.newPage();
  await page.goto(site.url);
});
afterEach(async () => {
  await context.close();
});

type Callback = (result: unknown) => void;
/** `window.Klarna.Payments` as the specs call it inside `page.evaluate`. */
interface Payments {
  init(options: { client_token: string }): void;
  load(...args: unknown[]): void;
  authorize(...args: unknown[]): void;
  finalize(...args: unknown[]): void;
  reauthorize(...args: unknown[]): void;
  loadPaymentReview(options: unknown, callback: Callback): void;
  on(event: string, handler: Callback): void;
  off(event: string, handler?: Callback): void;
  Errors: Record<string, new () => Error>;
  Buttons: {
    init(config: Record<string, unknown>): {
      load(options: Record<string, unknown>, callback?: Callback): void;
    };
  };
}
interface SpecWindow {
  Klarna: { Payments: Payments };
  /** What a spec's callbacks recorded, read back with `recorded()`. */
  log: unknown[];
}

function init(clientToken: string) {
  return page.evaluate((token) => {
    (globalThis as unknown as SpecWindow).Klarna.Payments.init({ client_token: token });
  }, clientToken);
}

/** Runs `load` and resolves with its callback's result. */
function load(options: Record<string, unknown>, data?: unknown) {
  return page.evaluate(
    ([loadOptions, loadData]) =>
      new Promise((resolve) =>
        (globalThis as unknown as SpecWindow).Klarna.Payments.load(loadOptions, loadData, resolve),
      ),
    [options, data] as const,
  );
}

/** Records, in order, each callback and the error a call throws (name, and whether it is one of `Errors`). */
function callInOrder(method: keyof Payments, args: unknown[]) {
  return page.evaluate(
    ([name, callArgs]) => {
      const payments = (globalThis as unknown as SpecWindow).Klarna.Payments;
      const events: unknown[] = [];
      const methods = payments as unknown as Record<string, (...args: unknown[]) => void>;
      try {
        methods[name]!(...callArgs, (result: unknown) => events.push({ callback: result }));
      } catch (error) {
        const { name: errorName } = error as Error;
        const ErrorClass = payments.Errors[errorName];
        events.push({ thrown: errorName, isSdkError: Boolean(ErrorClass && error instanceof ErrorClass) });
      }
      return events;
    },
    [method, args] as const,
  );
}

async function confirmApproval(email?: string) {
  const dialog = page
    .frameLocator(OVERLAY_IFRAME)
    .getByRole('dialog', { name: 'Confirm your purchase with Klarna' });
  await dialog.waitFor();
  if (email !== undefined) await dialog.getByLabel('Email address').fill(email);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
}

function recorded(count: number) {
  return page
    .waitForFunction((n) => ((globalThis as unknown as SpecWindow).log ?? []).length >= n, count, {
      timeout: 15_000,
    })
    .then(() => page.evaluate(() => (globalThis as unknown as SpecWindow).log));
}

const WIDGET = { container: '#klarna-payments-container', payment_method_category: 'klarna' };
const BROWSER_TESTS = { retry: 1 };

describe('1. signatures', BROWSER_TESTS, () => {
  test('load, authorize, finalize and reauthorize take three arguments; on and off two', async () => {
    const lengths = await page.evaluate(() => {
      const payments = (globalThis as unknown as SpecWindow).Klarna.Payments as unknown as Record<
        string,
        { length: number }
      >;
      const names = [
        'init',
        'load',
        'authorize',
        'finalize',
        'reauthorize',
        'loadPaymentReview',
        'on',
        'off',
      ];
      return Object.fromEntries(names.map((name) => [name, payments[name]!.length]));
    });
    expect(lengths).toEqual({
      init: 1,
      load: 3,
      authorize: 3,
      finalize: 3,
      reauthorize: 3,
      loadPaymentReview: 2,
      on: 2,
      off: 2,
    });
  });

  test('the legacy (data, options, callback) order: the data reaches the session, the approval works', async () => {
    const created = await api.createSession(seCart());
    await init(created.json.client_token);
    // `(options, callback)` without data.
    const loaded = await page.evaluate(
      (options) =>
        new Promise((resolve) =>
          (globalThis as unknown as SpecWindow).Klarna.Payments.load(options, resolve),
        ),
      WIDGET,
    );
    expect(loaded).toEqual({ show_form: true });
    const billing = seBillingAddress('customer@email.se');
    await page.evaluate(
      ([address]) => {
        const window = globalThis as unknown as SpecWindow;
        window.log = [];
        window.Klarna.Payments.authorize(address, { payment_method_category: 'klarna' }, (result: unknown) =>
          window.log.push(result),
        );
      },
      [{ billing_address: billing }] as const,
    );
    await confirmApproval();
    const [result] = await recorded(1);
    expect(result).toEqual({ approved: true, show_form: true, authorization_token: expect.any(String) });
    expect((await api.readSession(created.json.session_id)).json.billing_address).toEqual(billing);
  });
});

describe('2. calls queue like Klarna’s', BROWSER_TESTS, () => {
  test('authorize in the same tick as load waits for the widget, then approves', async () => {
    const created = await api.createSession(seCart());
    await init(created.json.client_token);
    const events = await page.evaluate(
      ([options, data]) => {
        const window = globalThis as unknown as SpecWindow;
        window.log = [];
        const sync: string[] = [];
        try {
          window.Klarna.Payments.load(options, undefined, (result: unknown) =>
            window.log.push({ load: result }),
          );
          window.Klarna.Payments.authorize({ payment_method_category: 'klarna' }, data, (result: unknown) =>
            window.log.push({ authorize: result }),
          );
        } catch (error) {
          sync.push((error as Error).name);
        }
        return sync;
      },
      [WIDGET, { billing_address: seBillingAddress() }] as const,
    );
    expect(events).toEqual([]);
    await confirmApproval();
    const log = await recorded(2);
    expect(log).toEqual([
      { load: { show_form: true } },
      { authorize: { approved: true, show_form: true, authorization_token: expect.any(String) } },
    ]);
  });

  test('init again with the same token keeps the widget; a second load reuses its iframe', async () => {
    const created = await api.createSession(seCart());
    const token = created.json.client_token;
    await init(token);
    expect(await load(WIDGET)).toEqual({ show_form: true });
    await page.locator(INLINE_IFRAME).evaluate((frame) => frame.setAttribute('data-spec', 'first'));

    await init(token);
    expect(await page.locator(INLINE_IFRAME).getAttribute('data-spec')).toBe('first');
    expect(await load(WIDGET, { merchant_reference1: 'AGAIN' })).toEqual({ show_form: true });
    expect(await page.locator(INLINE_IFRAME).count()).toBe(1);
    expect(await page.locator(INLINE_IFRAME).getAttribute('data-spec')).toBe('first');
    expect((await api.readSession(created.json.session_id)).json.merchant_reference1).toBe('AGAIN');

    // Another session's token starts over: the old widget goes.
    const other = await api.createSession(seCart());
    await init(other.json.client_token);
    expect(await page.locator(INLINE_IFRAME).count()).toBe(0);
  });
});

describe('3. finalize and reauthorize need init only', BROWSER_TESTS, () => {
  test('finalize on a page that never loaded a widget hands out the token', async () => {
    const cart = seCart();
    const created = await api.createSession(cart);
    const sessionId = created.json.session_id;
    const approved = await api.approve(sessionId, { email: 'customer@email.se', auto_finalize: false });
    expect(approved.json).toEqual({ approved: true, show_form: true, finalize_required: true });

    await init(created.json.client_token);
    const result = await page.evaluate(
      () =>
        new Promise<{ authorization_token?: string }>((resolve) =>
          (globalThis as unknown as SpecWindow).Klarna.Payments.finalize(
            { payment_method_category: 'klarna' },
            {},
            resolve,
          ),
        ),
    );
    expect(result).toEqual({ approved: true, show_form: true, authorization_token: expect.any(String) });
    expect(await page.locator(INLINE_IFRAME).count()).toBe(0);
    const placed = await api.placeOrder(result.authorization_token!, orderBodyFrom(cart));
    expect(placed.status).toBe(200);
  });

  test('reauthorize on a page without a widget gives a new token for the updated data', async () => {
    const created = await api.createSession(seCart());
    const sessionId = created.json.session_id;
    const first = await api.approve(sessionId, { email: 'customer@email.se' });

    await init(created.json.client_token);
    const result = await page.evaluate(
      () =>
        new Promise<{ approved: boolean; authorization_token?: string }>((resolve) =>
          (globalThis as unknown as SpecWindow).Klarna.Payments.reauthorize(
            { payment_method_category: 'klarna' },
            { merchant_reference2: 'UPDATED' },
            resolve,
          ),
        ),
    );
    expect(result.approved).toBe(true);
    expect(result.authorization_token).toEqual(expect.any(String));
    expect(result.authorization_token).not.toBe(first.json.authorization_token);
    expect((await api.readSession(sessionId)).json.merchant_reference2).toBe('UPDATED');
  });
});

describe('4. every documented throw comes after the callback it promises', BROWSER_TESTS, () => {
  test('load, loadPaymentReview, authorize, finalize and reauthorize: callback first, then Klarna’s error', async () => {
    const loadFailed = { callback: { show_form: false } };
    const authorizeFailed = { callback: { approved: false, show_form: false } };
    const thrown = (name: string) => ({ thrown: name, isSdkError: true });

    // Before init.
    expect(await callInOrder('load', [WIDGET, {}])).toEqual([
      loadFailed,
      thrown('ApplicationNotInitializedError'),
    ]);
    expect(await callInOrder('loadPaymentReview', [{ container: '#review' }])).toEqual([
      loadFailed,
      thrown('ApplicationNotInitializedError'),
    ]);
    expect(await callInOrder('authorize', [{ payment_method_category: 'klarna' }, {}])).toEqual([
      authorizeFailed,
      thrown('ApplicationNotLoadedError'),
    ]);
    for (const method of ['finalize', 'reauthorize'] as const) {
      expect(await callInOrder(method, [{ payment_method_category: 'klarna' }, {}])).toEqual([
        authorizeFailed,
        thrown('ApplicationNotInitializedError'),
      ]);
    }

    const created = await api.createSession(seCart());
    await init(created.json.client_token);
    expect(await callInOrder('load', [{ ...WIDGET, container: '#nowhere' }, {}])).toEqual([
      loadFailed,
      thrown('InvalidContainerSelectorError'),
    ]);
    expect(await callInOrder('load', [{ ...WIDGET, preferred_payment_method: 'crypto' }, {}])).toEqual([
      loadFailed,
      thrown('PreferredPaymentMethodNotSupportedError'),
    ]);
    // A list of categories needs an instance_id per container.
    const listWithoutInstance = {
      container: '#klarna-payments-container',
      payment_method_categories: ['klarna'],
    };
    expect(await callInOrder('load', [listWithoutInstance, {}])).toEqual([
      loadFailed,
      thrown('PaymentMethodCategoryNotProvidedError'),
    ]);
    expect(await callInOrder('loadPaymentReview', [{ container: '#nowhere' }])).toEqual([
      loadFailed,
      thrown('InvalidContainerSelectorError'),
    ]);
    expect(await callInOrder('loadPaymentReview', [{ container: '#review' }])).toEqual([
      loadFailed,
      thrown('OperationNotSupportedError'),
    ]);
    expect(await callInOrder('authorize', [{ payment_method_category: 'klarna' }, {}])).toEqual([
      authorizeFailed,
      thrown('ApplicationNotLoadedError'),
    ]);
    expect(await callInOrder('finalize', [{ payment_method_categories: ['klarna'] }, {}])).toEqual([
      authorizeFailed,
      thrown('PaymentMethodCategoryNotProvidedError'),
    ]);

    expect(await load(WIDGET)).toEqual({ show_form: true });
    for (const method of ['authorize', 'finalize', 'reauthorize'] as const) {
      expect(await callInOrder(method, [{ payment_method_category: 'pay_now' }, {}])).toEqual([
        authorizeFailed,
        thrown('PaymentMethodCategoryNotSupportedError'),
      ]);
    }
    expect(await callInOrder('on', ['somethingHappened'])).toEqual([thrown('EventNotSupportedError')]);
  });
});

describe('5. load without a category shows the session’s categories', BROWSER_TESTS, () => {
  test('payment_method_category omitted or "" renders the payment method', async () => {
    const created = await api.createSession(seCart());
    await init(created.json.client_token);
    expect(await load({ container: '#klarna-payments-container' })).toEqual({ show_form: true });
    const widget = page.frameLocator(INLINE_IFRAME);
    await widget.getByRole('heading', { name: 'Pay later with Klarna' }).waitFor();
    expect(await load({ container: '#klarna-payments-container', payment_method_category: '' })).toEqual({
      show_form: true,
    });
    await widget.getByRole('heading', { name: 'Pay later with Klarna' }).waitFor();
    expect(await page.locator(INLINE_IFRAME).count()).toBe(1);
  });
});

describe('6. init accepts any well-formed JWT', BROWSER_TESTS, () => {
  test('the SDK reference’s example token initialises; the widget reports the unknown session', async () => {
    expect(await callInOrder('init', [{ client_token: REFERENCE_EXAMPLE_TOKEN }])).toEqual([]);
    for (const malformed of ['not-a-jwt', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9.eyJmb28iOiJiYXIifQ', 42]) {
      expect(await callInOrder('init', [{ client_token: malformed }])).toEqual([
        { thrown: 'InvalidClientTokenError', isSdkError: true },
      ]);
    }
    expect(await load(WIDGET)).toEqual({ show_form: false });
    await page.frameLocator(INLINE_IFRAME).getByText('Klarna could not load this payment session.').waitFor();

    // A real session's token still works after a refused one.
    const created = await api.createSession(seCart());
    await init(created.json.client_token);
    expect(await load(WIDGET)).toEqual({ show_form: true });
  });
});

describe('7. loadPaymentReview', BROWSER_TESTS, () => {
  test('a US session shows the review of its approved payment in the container', async () => {
    const created = await usApi.createSession(usCart());
    await usApi.approve(created.json.session_id, { email: 'customer@email.us' });
    await init(created.json.client_token);
    const result = await page.evaluate(
      () =>
        new Promise((resolve) =>
          (globalThis as unknown as SpecWindow).Klarna.Payments.loadPaymentReview(
            { container: '#review' },
            resolve,
          ),
        ),
    );
    expect(result).toEqual({ show_form: true });
    const review = page.frameLocator(REVIEW_IFRAME);
    await review.getByRole('heading', { name: 'Pay later with Klarna' }).waitFor();
    expect(await review.getByText('Total $210.00').textContent()).toContain('customer@email.us');
  });

  test('elsewhere: show_form false, then OperationNotSupportedError', async () => {
    const created = await api.createSession(seCart());
    await api.approve(created.json.session_id, { email: 'customer@email.se' });
    await init(created.json.client_token);
    expect(await callInOrder('loadPaymentReview', [{ container: '#review' }])).toEqual([
      { callback: { show_form: false } },
      { thrown: 'OperationNotSupportedError', isSdkError: true },
    ]);
    expect(await page.locator(REVIEW_IFRAME).count()).toBe(0);
  });
});

describe('8. Klarna.Payments.Buttons (Express Checkout)', BROWSER_TESTS, () => {
  test('the button’s authorize creates the session, collects the address, and the order can be placed', async () => {
    const cart = usCart();
    const loaded = await page.evaluate(
      ([payload]) =>
        new Promise((resolve) => {
          const window = globalThis as unknown as SpecWindow;
          window.log = [];
          window.Klarna.Payments.Buttons.init({ client_id: 'klarna_test_client_emulator' }).load(
            {
              container: '#express',
              theme: 'outlined',
              shape: 'pill',
              on_click: (authorize: (options: unknown, data: unknown, callback: Callback) => void) =>
                authorize({ collect_shipping_address: true }, payload, (result) => window.log.push(result)),
            },
            resolve,
          );
        }),
      [cart] as const,
    );
    expect(loaded).toEqual({ show_button: true });

    await page.locator('#express').getByRole('button', { name: 'Pay with Klarna' }).click();
    await confirmApproval('customer@email.us');
    const [result] = (await recorded(1)) as {
      approved: boolean;
      authorization_token: string;
      session_id: string;
      client_token: string;
      collected_shipping_address: Record<string, string>;
    }[];
    expect(result).toEqual({
      approved: true,
      show_form: true,
      authorization_token: expect.any(String),
      session_id: expect.any(String),
      client_token: expect.any(String),
      collected_shipping_address: expect.objectContaining({
        email: 'customer@email.us',
        country: 'US',
        region: expect.any(String),
        street_address: expect.any(String),
        postal_code: expect.any(String),
        city: expect.any(String),
      }),
    });
    // The session belongs to the merchant of the purchase country's region.
    const session = await usApi.readSession(result!.session_id);
    expect(session.json.shipping_address ?? session.json.billing_address).toMatchObject(
      result!.collected_shipping_address,
    );
    const placed = await usApi.placeOrder(result!.authorization_token, orderBodyFrom(cart));
    expect(placed.status).toBe(200);
  });

  test('a payload Klarna would refuse ends the approval with the fields it could not use', async () => {
    await page.evaluate(
      ([payload]) => {
        const window = globalThis as unknown as SpecWindow;
        window.log = [];
        window.Klarna.Payments.Buttons.init({ client_key: 'klarna_test_client_emulator' }).load({
          container: '#express',
          on_click: (authorize: (options: unknown, data: unknown, callback: Callback) => void) =>
            authorize({}, payload, (result) => window.log.push(result)),
        });
      },
      [usCart({ order_amount: 1 })] as const,
    );
    await page.locator('#express').getByRole('button', { name: 'Pay with Klarna' }).click();
    const [result] = await recorded(1);
    expect(result).toEqual({
      approved: false,
      show_form: false,
      error: { invalid_fields: expect.arrayContaining(['order_amount']) },
    });
    expect(await page.locator(OVERLAY_IFRAME).count()).toBe(0);
  });
});
