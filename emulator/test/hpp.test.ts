import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import type { OutboxMessage } from '../src/store.js';
import {
  KlarnaApi,
  rawRequest,
  seBillingAddress,
  seCart,
  startReceiver,
  startTestEmulator,
  type Receiver,
} from './helpers.js';

/**
 * Hosted Payment Page API v1 over HTTP: create, read, distribute and disable an HPP session, and
 * the hosted page's outcomes (the page's own API, as its script calls it after the approval).
 */

let emulator: RunningEmulator;
let api: KlarnaApi;
let merchant: Receiver;

beforeAll(async () => {
  emulator = await startTestEmulator({ callbacks: { baseDelayMs: 20 } });
  api = new KlarnaApi(emulator);
  merchant = await startReceiver();
});
afterAll(async () => {
  await merchant?.close();
  await emulator?.close();
});
beforeEach(() => {
  emulator.reset();
  merchant.requests.length = 0;
});

interface HppCreated {
  session_id: string;
  session_url: string;
  redirect_url: string;
  distribution_url: string;
  expires_at: string;
}

interface HppRead {
  session_id: string;
  status: string;
  updated_at: string;
  expires_at: string;
  authorization_token?: string;
  order_id?: string;
  klarna_reference?: string;
}

interface StatusCallback {
  event_id: string;
  session: HppRead;
}

async function paymentSession(cart = seCart({ billing_address: seBillingAddress() })) {
  const created = await api.createSession(cart);
  expect(created.status).toBe(200);
  return created.json.session_id;
}

function merchantUrls() {
  return {
    success: `${merchant.url}/success?hpp={{session_id}}&token={{authorization_token}}&order={{order_id}}`,
    cancel: `${merchant.url}/cancel?hpp={{session_id}}`,
    failure: `${merchant.url}/failure?hpp={{session_id}}`,
    back: `${merchant.url}/back?hpp={{session_id}}`,
    error: `${merchant.url}/error?hpp={{session_id}}`,
    status_update: `${merchant.url}/status?hpp={{session_id}}&secret=s3cret`,
  };
}

async function createHpp(body: Record<string, unknown> = {}) {
  const sessionId = await paymentSession();
  const created = await api.request<HppCreated>('POST', '/hpp/v1/sessions', {
    body: {
      payment_session_url: `https://api.klarna.com/payments/v1/sessions/${sessionId}`,
      merchant_urls: merchantUrls(),
      ...body,
    },
  });
  expect(created.status).toBe(201);
  return { sessionId, hpp: created.json };
}

function readHpp(id: string) {
  return api.request<HppRead>('GET', `/hpp/v1/sessions/${id}`);
}

/** What the hosted page's script reports once the shopper is done. */
function report(id: string, body: Record<string, unknown>) {
  return rawRequest<{ redirect_url: string }>(emulator, 'POST', `/hpp/api/sessions/${id}/result`, { body });
}

function openPage(id: string) {
  return rawRequest(emulator, 'GET', `/hpp/payments/${id}`);
}

describe('create and read', () => {
  test('an HPP session for a Payments session: links to read, distribute and open it, status WAITING', async () => {
    const { hpp } = await createHpp();
    expect(hpp.session_url).toBe(`${emulator.url}/eu/hpp/v1/sessions/${hpp.session_id}`);
    expect(hpp.distribution_url).toBe(`${hpp.session_url}/distribution`);
    expect(hpp.redirect_url).toBe(`${emulator.url}/hpp/payments/${hpp.session_id}`);
    const read = await readHpp(hpp.session_id);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      session_id: hpp.session_id,
      status: 'WAITING',
      expires_at: hpp.expires_at,
    });
    expect(Date.parse(read.json.expires_at) - Date.parse(read.json.updated_at)).toBe(48 * 3_600_000);
  });

  test('the emulator’s own session URL, with its region prefix, is accepted too', async () => {
    const sessionId = await paymentSession();
    const created = await api.request('POST', '/hpp/v1/sessions', {
      body: { payment_session_url: `${emulator.url}/eu/payments/v1/sessions/${sessionId}` },
    });
    expect(created.status).toBe(201);
  });

  test('bad input gets Klarna-shaped 4xx answers', async () => {
    const sessionId = await paymentSession();
    const sessionUrl = `https://api.klarna.com/payments/v1/sessions/${sessionId}`;
    const cases: [unknown, number, string, string][] = [
      [{}, 400, 'BAD_VALUE', 'Bad value: payment_session_url'],
      [{ payment_session_url: 'not a url' }, 400, 'BAD_VALUE', 'Bad value: payment_session_url'],
      [
        {
          payment_session_url:
            'https://api.klarna.com/payments/v1/sessions/00000000-0000-0000-0000-000000000000',
        },
        404,
        'NOT_FOUND',
        'Payment session has expired or could not be found',
      ],
      [
        { payment_session_url: sessionUrl, merchant_urls: { success: 'javascript:alert(1)' } },
        400,
        'BAD_VALUE',
        'Bad value: merchant_urls.success',
      ],
      [
        { payment_session_url: sessionUrl, options: { place_order_mode: 'SOMETIMES' } },
        400,
        'BAD_VALUE',
        'Bad value: options.place_order_mode',
      ],
    ];
    for (const [body, status, code, message] of cases) {
      const answer = await api.request('POST', '/hpp/v1/sessions', { body });
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.json.error_code).toBe(code);
      expect(answer.json.error_messages).toContain(message);
      expect(answer.json.correlation_id).toBe(answer.headers.get('klarna-correlation-id'));
    }
    const kco = await api.request('POST', '/hpp/v1/sessions', {
      body: { payment_session_url: `https://api.klarna.com/checkout/v3/orders/${sessionId}` },
    });
    expect(kco.status).toBe(400);
    expect(kco.json.error_messages[0]).toMatch(/Klarna Checkout/);
    const malformed = await api.request('POST', '/hpp/v1/sessions', {
      rawBody: '{"payment_session_url":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
  });

  test('another region or API user cannot host or read the session', async () => {
    const { sessionId, hpp } = await createHpp();
    const na = new KlarnaApi(emulator, 'na');
    const hosted = await na.request('POST', '/hpp/v1/sessions', {
      body: { payment_session_url: `https://api-na.klarna.com/payments/v1/sessions/${sessionId}` },
    });
    expect(hosted.status).toBe(404);
    expect((await na.request('GET', `/hpp/v1/sessions/${hpp.session_id}`)).status).toBe(404);
  });

  test('an HPP session expires 48 hours later on the emulator clock: read 404, page gone', async () => {
    const { hpp } = await createHpp();
    await api.advanceClock('47h');
    expect((await readHpp(hpp.session_id)).status).toBe(200);
    await api.advanceClock('1h');
    const expired = await readHpp(hpp.session_id);
    expect(expired.status).toBe(404);
    expect(expired.json).toMatchObject({ error_code: 'NOT_FOUND' });
    const page = await openPage(hpp.session_id);
    expect(page.status).toBe(410);
    expect(page.text).toContain('no longer valid');
  });
});

describe('the hosted page', () => {
  test('opening it is IN_PROGRESS; an approval is COMPLETED, redirects to success with placeholders filled and notifies the merchant', async () => {
    const { sessionId, hpp } = await createHpp();
    const page = await openPage(hpp.session_id);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain('Pay with Klarna');
    expect((await readHpp(hpp.session_id)).json.status).toBe('IN_PROGRESS');

    const approved = await api.approve(sessionId, { email: 'customer@email.se' });
    const token = approved.json.authorization_token as string;
    const outcome = await report(hpp.session_id, { outcome: 'approved', authorization_token: token });
    expect(outcome.status).toBe(200);
    expect(outcome.json.redirect_url).toBe(
      `${merchant.url}/success?hpp=${hpp.session_id}&token=${token}&order=`,
    );

    const read = await readHpp(hpp.session_id);
    expect(read.json).toMatchObject({ status: 'COMPLETED', authorization_token: token });
    expect(read.json.order_id).toBeUndefined();
    // Place order mode NONE: the merchant places the order with the token.
    expect((await api.placeOrder(token, { ...seCart(), billing_address: seBillingAddress() })).status).toBe(
      200,
    );

    const callbacks = await merchant.waitFor(2);
    expect(callbacks.map((request) => request.path)).toEqual([
      `/status?hpp=${hpp.session_id}&secret=s3cret`,
      `/status?hpp=${hpp.session_id}&secret=s3cret`,
    ]);
    const [inProgress, completed] = callbacks.map((request) => request.body as unknown as StatusCallback);
    expect(inProgress?.session).toMatchObject({ session_id: hpp.session_id, status: 'IN_PROGRESS' });
    expect(completed?.session).toMatchObject({ status: 'COMPLETED', authorization_token: token });
    expect(completed?.event_id).not.toBe(inProgress?.event_id);
    const logged = await api.callbackLog();
    expect(
      logged.filter((entry) => entry.kind === 'hpp_status' && entry.outcome === 'delivered'),
    ).toHaveLength(2);
  });

  test('place_order_mode CAPTURE_ORDER places and captures the order; success gets the order id', async () => {
    const { sessionId, hpp } = await createHpp({ options: { place_order_mode: 'CAPTURE_ORDER' } });
    await openPage(hpp.session_id);
    const token = (await api.approve(sessionId)).json.authorization_token as string;
    const outcome = await report(hpp.session_id, { outcome: 'approved', authorization_token: token });
    const read = await readHpp(hpp.session_id);
    expect(read.json).toMatchObject({ status: 'COMPLETED' });
    expect(read.json.authorization_token).toBeUndefined();
    const orderId = read.json.order_id as string;
    expect(outcome.json.redirect_url).toBe(
      `${merchant.url}/success?hpp=${hpp.session_id}&token=&order=${orderId}`,
    );
    const order = await api.request('GET', `/ordermanagement/v1/orders/${orderId}`);
    expect(order.json).toMatchObject({ status: 'CAPTURED', captured_amount: seCart().order_amount });
    expect(read.json.klarna_reference).toBe(order.json.klarna_reference);
  });

  test('a token from another session is refused and changes nothing', async () => {
    const { hpp } = await createHpp();
    const other = await api.authorizedSession();
    const forged = await report(hpp.session_id, { outcome: 'approved', authorization_token: other.token });
    expect(forged.status).toBe(400);
    expect((await readHpp(hpp.session_id)).json.status).toBe('WAITING');
    expect((await report(hpp.session_id, { outcome: 'maybe' })).status).toBe(400);
    expect((await report('nope', { outcome: 'cancelled' })).status).toBe(404);
  });

  test('cancel, back and a decline go to their merchant URLs; a declined shopper may try again', async () => {
    const { sessionId, hpp } = await createHpp();
    const failed = await report(hpp.session_id, { outcome: 'failed' });
    expect(failed.json.redirect_url).toBe(`${merchant.url}/failure?hpp=${hpp.session_id}`);
    expect((await readHpp(hpp.session_id)).json.status).toBe('FAILED');
    expect((await openPage(hpp.session_id)).text).toContain('declined');

    const back = await report(hpp.session_id, { outcome: 'back' });
    expect(back.json.redirect_url).toBe(`${merchant.url}/back?hpp=${hpp.session_id}`);
    expect((await readHpp(hpp.session_id)).json.status).toBe('BACK');

    const cancelled = await report(hpp.session_id, { outcome: 'cancelled' });
    expect(cancelled.json.redirect_url).toBe(`${merchant.url}/cancel?hpp=${hpp.session_id}`);
    expect((await readHpp(hpp.session_id)).json.status).toBe('CANCELLED');
    // A cancelled link is closed: nothing more changes it.
    const token = (await api.approve(sessionId)).json.authorization_token as string;
    const late = await report(hpp.session_id, { outcome: 'approved', authorization_token: token });
    expect(late.json.redirect_url).toBe(hpp.redirect_url);
    expect((await readHpp(hpp.session_id)).json.status).toBe('CANCELLED');
  });

  test('without merchant URLs the shopper lands on the hosted result page', async () => {
    const sessionId = await paymentSession();
    const created = await api.request<HppCreated>('POST', '/hpp/v1/sessions', {
      body: { payment_session_url: `https://api.klarna.com/payments/v1/sessions/${sessionId}` },
    });
    const id = created.json.session_id;
    const token = (await api.approve(sessionId)).json.authorization_token as string;
    const outcome = await report(id, { outcome: 'approved', authorization_token: token });
    expect(outcome.json.redirect_url).toBe(created.json.redirect_url);
    expect((await openPage(id)).text).toContain('Your purchase with Klarna is complete.');
  });

  test('a session sent without an address gets a sample shopper when the page opens', async () => {
    const sessionId = await paymentSession(seCart());
    const created = await api.request<HppCreated>('POST', '/hpp/v1/sessions', {
      body: { payment_session_url: `https://api.klarna.com/payments/v1/sessions/${sessionId}` },
    });
    await openPage(created.json.session_id);
    const session = await api.readSession(sessionId);
    expect(session.json.billing_address).toMatchObject({ email: 'customer@email.se', country: 'SE' });
  });

  test('merchant text is escaped in the page', async () => {
    const cart = seCart({ billing_address: seBillingAddress() });
    const lines = cart.order_lines as Record<string, unknown>[];
    (lines[0] as Record<string, unknown>).name = '<img src=x onerror=alert(1)>';
    const sessionId = await paymentSession(cart);
    const created = await api.request<HppCreated>('POST', '/hpp/v1/sessions', {
      body: {
        payment_session_url: `https://api.klarna.com/payments/v1/sessions/${sessionId}`,
        options: { page_title: '"><script>alert(1)</script>' },
      },
    });
    const page = await openPage(created.json.session_id);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.text).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('distribute and disable', () => {
  async function outbox(): Promise<OutboxMessage[]> {
    return (await api.request<{ messages: OutboxMessage[] }>('GET', '/_emulator/outbox')).json.messages;
  }

  test('email and SMS links land in the outbox, never sent', async () => {
    const { hpp } = await createHpp();
    const email = await api.request('POST', `/hpp/v1/sessions/${hpp.session_id}/distribution`, {
      body: { method: 'email', contact_information: { email: 'shopper@example.com' } },
    });
    expect(email.status).toBe(201);
    const sms = await api.request('POST', `/hpp/v1/sessions/${hpp.session_id}/distribution`, {
      body: { method: 'sms', contact_information: { phone: '07000212345', phone_country: 'se' } },
    });
    expect(sms.status).toBe(201);
    const messages = await outbox();
    expect(messages).toMatchObject([
      { method: 'email', to: 'shopper@example.com', hpp_session_id: hpp.session_id, link: hpp.redirect_url },
      { method: 'sms', to: '07000212345 (SE)', link: hpp.redirect_url },
    ]);
    expect(messages[0]?.text).toContain(hpp.redirect_url);
  });

  test('a distribution without the contact its method needs is a 400', async () => {
    const { hpp } = await createHpp();
    const path = `/hpp/v1/sessions/${hpp.session_id}/distribution`;
    const cases: [unknown, string][] = [
      [
        { method: 'email', contact_information: { email: 'not-an-email' } },
        'Bad value: contact_information.email',
      ],
      [{ method: 'sms', contact_information: { phone: '0700' } }, 'Bad value: contact_information.phone'],
      [
        { method: 'sms', contact_information: { phone: '07000212345' } },
        'Bad value: contact_information.phone_country',
      ],
      [{ method: 'pigeon', contact_information: {} }, 'Bad value: method'],
      [{ method: 'email' }, 'Bad value: contact_information'],
    ];
    for (const [body, message] of cases) {
      const answer = await api.request('POST', path, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.error_messages).toContain(message);
    }
    expect(await outbox()).toEqual([]);
  });

  test('a disabled session cannot be distributed or paid; a completed one cannot be disabled', async () => {
    const { hpp } = await createHpp();
    expect((await api.request('DELETE', `/hpp/v1/sessions/${hpp.session_id}`)).status).toBe(204);
    expect((await readHpp(hpp.session_id)).json.status).toBe('DISABLED');
    const distributed = await api.request('POST', `/hpp/v1/sessions/${hpp.session_id}/distribution`, {
      body: { method: 'email', contact_information: { email: 'shopper@example.com' } },
    });
    expect(distributed.status).toBe(400);
    expect((await openPage(hpp.session_id)).status).toBe(410);
    const statuses = (await merchant.waitFor(1)).map(
      (request) => (request.body as unknown as StatusCallback).session.status,
    );
    expect(statuses).toEqual(['DISABLED']);

    const second = await createHpp();
    const token = (await api.approve(second.sessionId)).json.authorization_token as string;
    await report(second.hpp.session_id, { outcome: 'approved', authorization_token: token });
    const refused = await api.request('DELETE', `/hpp/v1/sessions/${second.hpp.session_id}`);
    expect(refused.status).toBe(400);
    expect(refused.json.error_messages).toEqual(['HPP session has already been successfully completed.']);
    expect((await api.request('DELETE', '/hpp/v1/sessions/unknown')).status).toBe(404);
  });
});
