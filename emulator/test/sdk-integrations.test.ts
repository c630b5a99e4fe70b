import type { Browser, BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { launchBrowser, startPageSite, type MerchantSite } from './browser.js';
import { KlarnaApi, orderBodyFrom, seCart, startTestEmulator, usCart } from './helpers.js';

/**
 * Published integrations' browser code, replayed call for call against the emulator's SDK in
 * Chromium. Each page below repeats the Klarna.Payments calls of one integration, in its order
 * and with its arguments, standing in for its jQuery/AJAX plumbing with the least code that
 * reaches the same calls; the comment above each page names the file and commit it replays.
 */

const INLINE_IFRAME = 'iframe[title="Klarna payment method"]';
const OVERLAY_IFRAME = 'iframe[title="Klarna checkout"]';

let emulator: RunningEmulator;
let api: KlarnaApi;
let usApi: KlarnaApi;
let site: MerchantSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** A Swedish shopper as a checkout form would send it (empty optional fields included). */
const FORM_ADDRESS = {
  given_name: 'Alice',
  family_name: 'Test',
  email: 'customer@email.se',
  phone: '+46701740615',
  country: 'SE',
  region: '',
  postal_code: '11148',
  city: 'Stockholm',
  street_address: 'Södra Blasieholmshamnen 2',
  street_address2: '',
};

function html(body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>${head}</head>
<body>${body}</body></html>`;
}

/** The page state every replay records into, read back by the specs. */
const RECORDER = `<script>
  window.replay = { loads: [], authorizations: [], finalizations: [], saved: [] };
  window.params = new URLSearchParams(location.search);
</script>`;

/**
 * krokedil/klarna-payments-for-woocommerce, assets/js/klarna-payments.js
 * @ 007804f45dcb19a02746de7507447e24b1551f97: `initKlarnaCredit()` (init) before every `load()`,
 * on page ready and again on each `updated_checkout`; `load` polls for `Klarna.Payments` and calls
 * `load({ container, payment_method_category: "", purchase_amount }, callback)` outside the US;
 * on Place order the order is created by AJAX, then `authorize(address, { payment_method_category:
 * "" }, callback)` (data first) with the shipping address a copy of the billing address.
 */
function wooCheckout(sdkUrl: string): string {
  return html(
    `${RECORDER}
<form class="checkout">
  <input type="radio" name="payment_method" id="payment_method_klarna_payments" value="klarna_payments" checked>
  <label for="payment_method_klarna_payments">Klarna</label>
  <div id="klarna_payments_container"></div>
  <button type="button" id="place_order">Place order</button>
</form>
<script>
  var klarna_payments_params = {
    client_token: params.get('token'),
    purchase_amount: Number(params.get('amount')),
  };
  var klarna_payments = {
    initKlarnaCredit: function () {
      window.klarnaInitData = { client_token: klarna_payments_params.client_token };
      Klarna.Payments.init(klarnaInitData);
    },
    load: function () {
      return new Promise(function (resolve, reject) {
        var klarnaLoadedInterval = setInterval(function () {
          if (window.Klarna && window.Klarna.Payments) {
            clearInterval(klarnaLoadedInterval);
            clearTimeout(klarnaLoadedTimeout);
            var options = {
              container: '#klarna_payments_container',
              payment_method_category: '',
              purchase_amount: klarna_payments_params.purchase_amount,
            };
            Klarna.Payments.load(options, function (response) {
              resolve(response);
            });
          }
        }, 100);
        var klarnaLoadedTimeout = setTimeout(function () {
          clearInterval(klarnaLoadedInterval);
          reject();
        }, 3000);
      });
    },
    loadHandler: function (response) {
      replay.loads.push(response);
    },
    authorize: function (addresses) {
      var address = { billing_address: Object.assign({}, addresses.billing, { organization_name: '' }) };
      address.shipping_address = Object.assign({}, address.billing_address);
      return new Promise(function (resolve) {
        Klarna.Payments.authorize(address, { payment_method_category: '' }, function (response) {
          resolve(response);
        });
      });
    },
  };
  function refresh() {
    klarna_payments.initKlarnaCredit();
    klarna_payments.load().then(klarna_payments.loadHandler);
  }
  document.addEventListener('DOMContentLoaded', refresh);
  document.body.addEventListener('updated_checkout', refresh);
  document.getElementById('place_order').addEventListener('click', function () {
    // The submit_order AJAX answers { result: 'success', addresses } before authorize runs.
    setTimeout(function () {
      klarna_payments.authorize({ billing: ${JSON.stringify(FORM_ADDRESS)} }).then(function (response) {
        replay.authorizations.push(Object.assign({ has_token: 'authorization_token' in response }, response));
      });
    }, 0);
  });
</script>`,
    `<script src="${sdkUrl}"></script>`,
  );
}

/**
 * klarna/sfcc-klarna-payments, cartridges/int_klarna_payments_sfra/cartridge/client/default/js/
 * klarnaPayments.js @ 104a7ccf73c69c1a0cb000a6fc972aa8ac9c086e: `init` when the payment stage
 * starts; a click on the Klarna tab calls `loadPaymentData` (load) at once and `init` again when
 * the select-payment AJAX returns; "Next: Place Order" waits for that AJAX, calls `init`, then
 * `load` and `authorize({ payment_method_category, auto_finalize: false }, data, cb)` in the same
 * tick; the place-order stage calls `init` again and, on Place Order with `FinalizeRequired`,
 * `finalize({ payment_method_category: <cookie> }, {}, cb)`.
 */
function sfraCheckout(sdkUrl: string): string {
  return html(
    `${RECORDER}
<div class="data-checkout-stage" data-checkout-stage="payment">
  <ul class="payment-options">
    <li class="klarna-payment-item" data-method-id="klarna_klarna"><button type="button" id="klarna-tab">Klarna</button></li>
  </ul>
  <div id="klarna_payments_klarna_container"></div>
  <button type="button" class="klarna-submit-payment">Next: Place Order</button>
  <button type="button" class="klarna-place-order" hidden>Place Order</button>
</div>
<script>
  var KlarnaCheckout = {
    klarnaPaymentsObjects: { clientToken: params.get('token') },
    klarnaPaymentsPreferences: { integrator: 'SFCC', originators: 'SFRA' },
  };
  function ajax() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }
  KlarnaCheckout.initKlarna = function () {
    Klarna.Payments.init({
      client_token: this.klarnaPaymentsObjects.clientToken,
      integrator: this.klarnaPaymentsPreferences.integrator,
      originators: this.klarnaPaymentsPreferences.originators,
    });
  };
  KlarnaCheckout.submitPaymentMethod = function (callback) {
    ajax().then(function () {
      KlarnaCheckout.initKlarna();
      if (typeof callback === 'function') callback();
    });
  };
  KlarnaCheckout.requestData = function () {
    var billing = ${JSON.stringify(FORM_ADDRESS)};
    return { billing_address: billing, shipping_address: Object.assign({}, billing) };
  };
  KlarnaCheckout.loadPaymentData = function (paymentCategory) {
    Klarna.Payments.load({
      container: '#klarna_payments_' + paymentCategory + '_container',
      payment_method_category: paymentCategory,
      purchase_amount: Number(params.get('amount')),
    }, this.requestData(), function (res) {
      replay.loads.push(res);
      document.querySelector('.klarna-submit-payment').disabled = !res.show_form;
    });
  };
  KlarnaCheckout.initPlaceOrderStage = function () {
    document.querySelector('.data-checkout-stage').setAttribute('data-checkout-stage', 'placeOrder');
    document.querySelector('.klarna-submit-payment').hidden = true;
    document.querySelector('.klarna-place-order').hidden = false;
    this.initKlarna();
  };
  window.klarnaAsyncCallback = function () {
    KlarnaCheckout.initKlarna();
    document.getElementById('klarna-tab').addEventListener('click', function () {
      KlarnaCheckout.submitPaymentMethod(KlarnaCheckout.loadPaymentData('klarna'));
    });
    document.querySelector('.klarna-submit-payment').addEventListener('click', function () {
      KlarnaCheckout.submitPaymentMethod(function () {
        KlarnaCheckout.loadPaymentData('klarna');
        Klarna.Payments.authorize({
          payment_method_category: 'klarna',
          auto_finalize: false,
        }, KlarnaCheckout.requestData(), function (res) {
          replay.authorizations.push(res);
          if (res.approved) {
            // saveAuth stores X-Auth and Finalize-Required, then the submit-payment click moves on.
            document.cookie = 'selectedKlarnaPaymentCategory=klarna; SameSite=Strict; path=/';
            ajax().then(function () { KlarnaCheckout.initPlaceOrderStage(); });
          }
        });
      });
    });
    document.querySelector('.klarna-place-order').addEventListener('click', function () {
      // loadAuth answers { FinalizeRequired: 'true' }: handleFinalizeRequired.
      ajax().then(function () {
        var selected = /selectedKlarnaPaymentCategory=([^;]*)/.exec(document.cookie)[1];
        Klarna.Payments.finalize({ payment_method_category: selected }, {}, function (res) {
          replay.finalizations.push(res);
        });
      });
    });
  };
</script>
<script async src="${sdkUrl}"></script>`,
  );
}

/**
 * klarna/sfcc-klarna-payments, cartridges/int_klarna_payments/cartridge/static/default/js/
 * klarna-payments-finalize.js @ 048bbc6bd06312ec8376093bc6d88368ae92a5ea: the SiteGenesis
 * place-order page never loads a widget; `klarnaAsyncCallback` calls `init`, the place-order button
 * calls `finalize({ payment_method_category: <cookie> }, {}, cb)` and saves the token.
 */
function siteGenesisFinalize(sdkUrl: string): string {
  return html(
    `${RECORDER}
<form class="submit-order"><button type="button" name="submit">Place Order</button></form>
<script>
  var klarnaPaymentsObjects = { clientToken: params.get('token') };
  function getCookie(name) {
    var value = '; ' + document.cookie;
    var parts = value.split('; ' + name + '=');
    if (parts.length === 2) return parts.pop().split(';').shift();
  }
  window.klarnaAsyncCallback = function () {
    Klarna.Payments.init({ client_token: klarnaPaymentsObjects.clientToken });
  };
  document.getElementsByName('submit')[0].addEventListener('click', function (event) {
    event.preventDefault();
    var paymentMethodCategoryId = getCookie('selectedKlarnaPaymentCategory');
    Klarna.Payments.finalize({ payment_method_category: paymentMethodCategoryId }, {}, function (res) {
      replay.finalizations.push(res);
      if (res.approved) replay.saved.push(res.authorization_token);
    });
  });
</script>
<script async src="${sdkUrl}"></script>`,
  );
}

/**
 * bigcommerce/checkout-sdk-js, packages/klarna-integration/src/klarnav2/klarnav2-script-loader.ts
 * @ 5cf3811e96520a39b88b512abc9eaef467b9f765 (the SDK injected by a script loader, no
 * `klarnaAsyncCallback`) and klarnav2-payment-strategy.ts @ c6aab799bf5cf4374b776ae44872619826c3cdde:
 * `init({ client_token })` then `load({ container, payment_method_category }, cb)` on initialize and
 * again whenever the outstanding balance or coupons change; on execute,
 * `authorize({ payment_method_category }, updateSessionData, cb)`.
 */
function bigCommerceCheckout(): string {
  return html(
    `${RECORDER}
<div id="klarnav2-container"></div>
<button type="button" id="apply-coupon">Apply coupon</button>
<button type="button" id="place-order">Place Order</button>
<script>
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.async = true;
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  async function klarnav2ScriptLoaderLoad() {
    if (!(window.Klarna && window.Klarna.Payments)) await loadScript(params.get('sdk'));
    if (!(window.Klarna && window.Klarna.Payments)) throw new Error('PaymentMethodClientUnavailableError');
    return window.Klarna.Payments;
  }
  var paymentMethod = { id: 'klarna', clientToken: params.get('token') };
  var klarnaPayments;
  function loadPaymentsWidget() {
    return new Promise(function (resolve) {
      klarnaPayments.init({ client_token: paymentMethod.clientToken });
      klarnaPayments.load({ container: '#klarnav2-container', payment_method_category: paymentMethod.id }, function (response) {
        replay.loads.push(response);
        resolve(response);
      });
    });
  }
  function authorize(methodId) {
    var billing = ${JSON.stringify(FORM_ADDRESS)};
    var updateSessionData = {
      billing_address: {
        street_address: billing.street_address, city: billing.city, country: billing.country,
        given_name: billing.given_name, family_name: billing.family_name,
        postal_code: billing.postal_code, region: billing.region, email: billing.email,
        phone: billing.phone,
      },
    };
    updateSessionData.shipping_address = Object.assign({}, updateSessionData.billing_address);
    return new Promise(function (resolve, reject) {
      klarnaPayments.authorize({ payment_method_category: methodId }, updateSessionData, function (res) {
        replay.authorizations.push(res);
        if (res.approved) return resolve(res);
        reject(new Error(res.show_form ? 'PaymentMethodCancelledError' : 'PaymentMethodInvalidError'));
      });
    });
  }
  (async function initialize() {
    klarnaPayments = await klarnav2ScriptLoaderLoad();
    document.getElementById('apply-coupon').addEventListener('click', loadPaymentsWidget);
    document.getElementById('place-order').addEventListener('click', function () {
      authorize(paymentMethod.id).then(function (res) { replay.saved.push(res.authorization_token); }, function () {});
    });
    await loadPaymentsWidget();
  })();
</script>`,
  );
}

/**
 * krokedil/klarna-express-checkout: assets/js/kec-cart.js @ 67c99416e7b2c269faafb07e039b28d3b3953859
 * (`Klarna.Payments.Buttons.init({ client_key }).load({ container, theme, shape, on_click })`; the
 * click fetches the cart payload and calls `authorize({ auto_finalize: false,
 * collect_shipping_address: true }, payload, cb)`; an approval goes to the auth callback, which
 * keeps the client token and the collected address, then to the checkout) and assets/js/
 * kec-checkout.js @ 8b072a807661e895a2ab304a78af03e86c54fa8f (`init({ client_token })`,
 * `load({ container })` on `updated_checkout`, and on Place order `finalize({}, payload, cb)` with
 * the order's addresses).
 */
function kecCart(sdkUrl: string, payload: Record<string, unknown>): string {
  return html(
    `${RECORDER}
<div id="kec-pay-button"></div>
<script>
  var kec_cart_params = { client_key: 'klarna_test_client_emulator', theme: 'default', shape: 'default' };
  var kec_cart = {
    init: function () {
      window.Klarna.Payments.Buttons.init({ client_key: kec_cart_params.client_key }).load({
        container: '#kec-pay-button',
        theme: kec_cart_params.theme,
        shape: kec_cart_params.shape,
        on_click: function (authorize) { kec_cart.onClickHandler(authorize); },
      });
    },
    onClickHandler: function (authorize) {
      var payload = ${JSON.stringify(payload)};
      authorize({ auto_finalize: false, collect_shipping_address: true }, payload, function (result) {
        kec_cart.onAuthorizeHandler(result);
      });
    },
    onAuthorizeHandler: function (authorizeResult) {
      replay.authorizations.push(authorizeResult);
      if (!authorizeResult.approved) return;
      // kec_auth_callback: the server keeps the client token and the collected address.
      sessionStorage.setItem('kec', JSON.stringify(authorizeResult));
      window.location.href = '/kec-checkout';
    },
  };
  window.klarnaAsyncCallback = kec_cart.init();
</script>`,
    `<script src="${sdkUrl}"></script>`,
  );
}

function kecCheckout(sdkUrl: string, payload: Record<string, unknown>): string {
  return html(
    `${RECORDER}
<form class="checkout">
  <div id="klarna_payments_container"></div>
  <button type="button" id="place_order">Place order</button>
</form>
<script>
  var auth = JSON.parse(sessionStorage.getItem('kec'));
  var kec_checkout_params = { client_token: auth.client_token };
  var kec_checkout = {
    init: function () {
      Klarna.Payments.init({ client_token: kec_checkout_params.client_token });
      document.body.addEventListener('updated_checkout', kec_checkout.loadIframe);
      document.getElementById('place_order').addEventListener('click', kec_checkout.onPlaceOrder);
    },
    loadIframe: function () {
      Klarna.Payments.load({ container: '#klarna_payments_container' });
    },
    onPlaceOrder: function (event) {
      event.preventDefault();
      var payload = ${JSON.stringify(payload)};
      var address = auth.collected_shipping_address;
      payload.billing_address = address;
      payload.shipping_address = address;
      Klarna.Payments.finalize({}, payload, function (res) {
        replay.finalizations.push(res);
      });
    },
  };
  window.klarnaAsyncCallback = kec_checkout.init();
</script>`,
    `<script src="${sdkUrl}"></script>`,
  );
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  api = new KlarnaApi(emulator);
  usApi = new KlarnaApi(emulator, 'na');
  site = await startPageSite({
    '/woocommerce': wooCheckout(emulator.sdkUrl),
    '/sfra': sfraCheckout(emulator.sdkUrl),
    '/sitegenesis-finalize': siteGenesisFinalize(emulator.sdkUrl),
    '/bigcommerce': bigCommerceCheckout(),
    '/kec-cart': kecCart(emulator.sdkUrl, usCart()),
    '/kec-checkout': kecCheckout(emulator.sdkUrl, usCart()),
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
});
afterEach(async () => {
  await context.close();
});

interface Replay {
  loads: { show_form: boolean }[];
  authorizations: Record<string, unknown>[];
  finalizations: Record<string, unknown>[];
  saved: string[];
}
type ReplayList = 'loads' | 'authorizations' | 'finalizations' | 'saved';

/** Waits until the page's `replay[list]` holds `count` entries and returns the whole record. */
async function replayed(list: ReplayList, count = 1): Promise<Replay> {
  await page.waitForFunction(
    ([key, n]) => (globalThis as unknown as { replay: Replay }).replay[key].length >= n,
    [list, count] as const,
    { timeout: 15_000 },
  );
  return page.evaluate(() => (globalThis as unknown as { replay: Replay }).replay);
}

async function confirmApproval(email?: string) {
  const dialog = page
    .frameLocator(OVERLAY_IFRAME)
    .getByRole('dialog', { name: 'Confirm your purchase with Klarna' });
  await dialog.waitFor();
  if (email !== undefined) await dialog.getByLabel('Email address').fill(email);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
}

/** WooCommerce's `updated_checkout` event, as its checkout script triggers it after an AJAX refresh. */
function updatedCheckout() {
  return page.evaluate(() => {
    const scope = globalThis as unknown as {
      document: { body: { dispatchEvent(event: unknown): boolean } };
      Event: new (type: string) => unknown;
    };
    scope.document.body.dispatchEvent(new scope.Event('updated_checkout'));
  });
}

function pageUrl(path: string, query: Record<string, string>): string {
  return `${site.url}${path.replace(/^\//, '')}?${new URLSearchParams(query).toString()}`;
}

const BROWSER_TESTS = { retry: 1 };

describe('published integrations, replayed', BROWSER_TESTS, () => {
  test('WooCommerce checkout: init before every load, category "", authorize(data, options, cb)', async () => {
    const cart = seCart();
    const created = await api.createSession(cart);
    await page.goto(
      pageUrl('/woocommerce', { token: created.json.client_token, amount: String(cart.order_amount) }),
    );
    await replayed('loads');
    await updatedCheckout();
    const loaded = await replayed('loads', 2);
    expect(loaded.loads).toEqual([{ show_form: true }, { show_form: true }]);
    expect(await page.locator(INLINE_IFRAME).count()).toBe(1);

    await page.getByRole('button', { name: 'Place order' }).click();
    await confirmApproval();
    const { authorizations } = await replayed('authorizations');
    expect(authorizations).toEqual([
      { has_token: true, approved: true, show_form: true, authorization_token: expect.any(String) },
    ]);
    const session = await api.readSession(created.json.session_id);
    expect(session.json.billing_address).toMatchObject({ email: 'customer@email.se', city: 'Stockholm' });
    const placed = await api.placeOrder(
      authorizations[0]!.authorization_token as string,
      orderBodyFrom(cart),
    );
    expect(placed.status).toBe(200);
  });

  test('Salesforce SFRA: submit-payment (load + authorize in one tick) and place-order (init, finalize)', async () => {
    const cart = seCart();
    const created = await api.createSession(cart);
    await page.goto(
      pageUrl('/sfra', { token: created.json.client_token, amount: String(cart.order_amount) }),
    );
    await page.getByRole('button', { name: 'Klarna' }).click();
    expect((await replayed('loads')).loads).toEqual([{ show_form: true }]);

    await page.getByRole('button', { name: 'Next: Place Order' }).click();
    await confirmApproval();
    const { authorizations } = await replayed('authorizations');
    expect(authorizations).toEqual([{ approved: true, show_form: true, finalize_required: true }]);

    const placeOrder = page.getByRole('button', { name: 'Place Order', exact: true });
    await placeOrder.waitFor();
    await placeOrder.click();
    const { finalizations } = await replayed('finalizations');
    expect(finalizations).toEqual([
      { approved: true, show_form: true, authorization_token: expect.any(String) },
    ]);
    const placed = await api.placeOrder(finalizations[0]!.authorization_token as string, orderBodyFrom(cart));
    expect(placed.status).toBe(200);
  });

  test('Salesforce SiteGenesis finalize page: init, then finalize, no widget loaded', async () => {
    const cart = seCart();
    const created = await api.createSession(cart);
    // The shopper approved with auto_finalize false on the earlier payment page.
    const approval = await api.approve(created.json.session_id, {
      email: 'customer@email.se',
      auto_finalize: false,
    });
    expect(approval.json.finalize_required).toBe(true);
    await context.addCookies([{ name: 'selectedKlarnaPaymentCategory', value: 'klarna', url: site.url }]);

    await page.goto(pageUrl('/sitegenesis-finalize', { token: created.json.client_token }));
    await page.waitForFunction(() => 'Klarna' in globalThis);
    await page.getByRole('button', { name: 'Place Order' }).click();
    const { finalizations, saved } = await replayed('saved');
    expect(finalizations).toEqual([{ approved: true, show_form: true, authorization_token: saved[0] }]);
    expect(await page.locator(INLINE_IFRAME).count()).toBe(0);
    const placed = await api.placeOrder(saved[0]!, orderBodyFrom(cart));
    expect(placed.status).toBe(200);
  });

  test('BigCommerce klarnav2: SDK injected by a script loader, load again on a coupon, authorize', async () => {
    const cart = seCart();
    const created = await api.createSession(cart);
    await page.goto(pageUrl('/bigcommerce', { token: created.json.client_token, sdk: emulator.sdkUrl }));
    expect((await replayed('loads')).loads).toEqual([{ show_form: true }]);
    await page.getByRole('button', { name: 'Apply coupon' }).click();
    expect((await replayed('loads', 2)).loads).toEqual([{ show_form: true }, { show_form: true }]);
    expect(await page.locator(INLINE_IFRAME).count()).toBe(1);

    await page.getByRole('button', { name: 'Place Order' }).click();
    await confirmApproval();
    const { authorizations, saved } = await replayed('saved');
    expect(authorizations).toEqual([{ approved: true, show_form: true, authorization_token: saved[0] }]);
    const placed = await api.placeOrder(saved[0]!, orderBodyFrom(cart));
    expect(placed.status).toBe(200);
  });

  test('Express Checkout (krokedil): button on the cart, collected address, finalize({}) at checkout', async () => {
    const cart = usCart();
    await page.goto(pageUrl('/kec-cart', {}));
    await page.getByRole('button', { name: 'Pay with Klarna' }).click();
    await confirmApproval('customer@email.us');
    await page.waitForURL(/\/kec-checkout$/, { timeout: 15_000 });
    const auth = await page.evaluate(() => (globalThis as unknown as { auth: unknown }).auth);
    expect(auth).toEqual({
      approved: true,
      show_form: true,
      finalize_required: true,
      client_token: expect.any(String),
      session_id: expect.any(String),
      collected_shipping_address: expect.objectContaining({ email: 'customer@email.us', country: 'US' }),
    });

    await updatedCheckout();
    await page.frameLocator(INLINE_IFRAME).getByRole('heading', { name: 'Pay later with Klarna' }).waitFor();
    await page.getByRole('button', { name: 'Place order' }).click();
    const { finalizations } = await replayed('finalizations');
    expect(finalizations).toEqual([
      { approved: true, show_form: true, authorization_token: expect.any(String) },
    ]);
    const placed = await usApi.placeOrder(
      finalizations[0]!.authorization_token as string,
      orderBodyFrom(cart),
    );
    expect(placed.status).toBe(200);
  });
});
