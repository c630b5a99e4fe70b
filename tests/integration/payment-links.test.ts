/**
 * Draft orders and Klarna payment links, against the emulator over HTTP (its Hosted Payment Page,
 * status callbacks delivered to the storefront's handler) and a real SMTP sink: a draft is priced
 * as checkout prices it, its link is e-mailed, and a completed payment becomes one order, however
 * many times and in whatever order Klarna's callback and the customer's browser report it.
 */
import type { MailSettings } from '@/lib/mail/settings';
import type { DraftOrderInput } from '@/lib/validations/draft-orders';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startMailSink, type MailSink, type ReceivedMail } from '../../scripts/mail-sink';
import { setUpCheckoutHarness } from './checkout-fixtures';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();
const h = setUpCheckoutHarness(db);
const STAFF = 'staff@nordlys.test';

let sink: MailSink;
let mail: MailSettings;

beforeAll(async () => {
  sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
  mail = {
    smtpUrl: `smtp://127.0.0.1:${sink.smtpPort}`,
    from: 'Nordlys Store <orders@nordlys.test>',
    appUrl: 'http://shop.test',
  };
});
afterAll(() => sink?.close());
beforeEach(() => {
  sink.messages.length = 0;
});

const options = () => ({ config: h.config, appUrl: h.appUrl, mail });

async function mailsTo(to: string): Promise<ReceivedMail[]> {
  const response = await fetch(`${sink.readerUrl}/messages?to=${encodeURIComponent(to)}`);
  return (await response.json()) as ReceivedMail[];
}

function draftInput(overrides: Partial<DraftOrderInput> = {}): DraftOrderInput {
  return {
    country: 'SE',
    email: 'phone-customer@example.se',
    phone: '+46 70 123 45 67',
    lines: [
      { slug: 'mug', quantity: 2 },
      { slug: 'tea', quantity: 1 },
    ],
    ...overrides,
  };
}

async function newDraft(overrides: Partial<DraftOrderInput> = {}) {
  const { saveDraftOrder } = await import('@/lib/payment-links/drafts');
  const saved = await saveDraftOrder(draftInput(overrides), STAFF);
  if (!saved.ok) throw new Error(saved.message);
  return saved.draftId;
}

async function draft(id: string) {
  const { getDraftOrder } = await import('@/lib/data/draft-orders');
  const found = await getDraftOrder(id);
  if (!found) throw new Error(`no draft ${id}`);
  return found;
}

async function sendLink(draftId: string) {
  const { sendPaymentLink } = await import('@/lib/payment-links/links');
  const sent = await sendPaymentLink(draftId, STAFF, options());
  if (!sent.ok) throw new Error(sent.message);
  return sent.link;
}

async function klarnaSessionIdOf(paymentSessionId: string) {
  const prisma = await h.prisma();
  return (await prisma.paymentSession.findUniqueOrThrow({ where: { id: paymentSessionId } })).klarnaSessionId;
}

/**
 * The customer on Klarna's hosted page: opens it, and is approved (by the emulator's persona for
 * `email`), declined or cancels. Answers where the page sends them next.
 */
async function payOnHostedPage(
  link: { url: string; hppSessionId: string; paymentSessionId: string },
  outcome: 'approved' | 'failed' | 'cancelled',
  email = 'customer@email.se',
): Promise<{ status: number; redirect?: string }> {
  const page = await fetch(link.url);
  await page.text();
  let body: Record<string, string> = { outcome };
  if (outcome === 'approved') {
    const token = await h.approve(await klarnaSessionIdOf(link.paymentSessionId), email);
    body = { outcome, authorization_token: token };
  }
  const response = await fetch(`${h.emulatorUrl}/hpp/api/sessions/${link.hppSessionId}/result`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { redirect_url?: string };
  return { status: response.status, redirect: answer.redirect_url };
}

async function ordersOfDraft(draftId: string) {
  const prisma = await h.prisma();
  const { cartId } = await prisma.draftOrder.findUniqueOrThrow({ where: { id: draftId } });
  return prisma.order.findMany({ where: { cartId }, include: { lines: { orderBy: { position: 'asc' } } } });
}

async function counts() {
  const prisma = await h.prisma();
  return {
    drafts: await prisma.draftOrder.count(),
    carts: await prisma.cart.count(),
    items: await prisma.cartItem.count(),
    orders: await prisma.order.count(),
    events: await prisma.orderEvent.count(),
    links: await prisma.paymentLink.count(),
  };
}

describe('draft orders', () => {
  test('are priced with the checkout’s own order lines: what staff see is what Klarna gets', async () => {
    const { buildOrderLines } = await import('@/lib/order-lines');
    const { draftTotals } = await import('@/lib/payment-links/pricing');
    const id = await newDraft();
    const saved = await draft(id);
    expect(saved).toMatchObject({
      email: 'phone-customer@example.se',
      phone: '+46 70 123 45 67',
      country: 'SE',
      currency: 'SEK',
    });

    const priced = await draftTotals(saved.cartId);
    const expected = buildOrderLines({
      taxStyle: 'vat',
      lines: [
        { reference: 'mug', name: 'Enamel Mug', quantity: 2, unitPrice: 24900, taxRate: 2500 },
        { reference: 'tea', name: 'Sencha Tea', quantity: 1, unitPrice: 8900, taxRate: 2500 },
      ],
    });
    // The same lines and amounts (the checkout adds each product's page and picture to its line).
    expect(priced.ok && priced.totals).toMatchObject(expected);
    expect(expected.order_amount).toBe(58700);
  });

  test('a change replaces the lines and customer', async () => {
    const { saveDraftOrder } = await import('@/lib/payment-links/drafts');
    const { draftTotals } = await import('@/lib/payment-links/pricing');
    const id = await newDraft();
    const changed = await saveDraftOrder(
      draftInput({
        draftId: id,
        email: 'new@example.se',
        phone: null,
        lines: [{ slug: 'tea', quantity: 3 }],
      }),
      STAFF,
    );
    expect(changed.ok).toBe(true);
    const saved = await draft(id);
    expect(saved).toMatchObject({ email: 'new@example.se', phone: null });
    const priced = await draftTotals(saved.cartId);
    expect(priced.ok && priced.totals.order_amount).toBe(3 * 8900);
  });

  test.each([
    [
      'an unknown product',
      draftInput({ lines: [{ slug: 'no-such-thing', quantity: 1 }] }),
      'unknown_product',
      /no-such-thing/,
    ],
    ['a country the shop does not sell to', draftInput({ country: 'XX' }), 'unknown_market', /XX/],
    [
      'a market where the price needs the address (US sales tax)',
      draftInput({ country: 'US' }),
      'market_not_offered',
      /United States/,
    ],
  ])('refuses %s with a message, writing nothing', async (_name, input, reason, message) => {
    const { saveDraftOrder } = await import('@/lib/payment-links/drafts');
    const before = await counts();
    const result = await saveDraftOrder(input, STAFF);
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  test('the form refuses no lines and a bad e-mail before anything runs', async () => {
    const { draftOrderSchema, draftFormToInput } = await import('@/lib/validations/draft-orders');
    const form = new FormData();
    form.set('country', 'SE');
    form.set('email', 'not-an-email');
    form.set('quantity.mug', '0');
    const parsed = draftOrderSchema.safeParse(draftFormToInput(form));
    expect(parsed.success).toBe(false);
    const fields = parsed.error?.issues.map((issue) => issue.path[0]);
    expect(fields).toEqual(expect.arrayContaining(['email', 'lines']));

    form.set('email', 'ok@example.se');
    form.set('quantity.mug', '2');
    expect(draftOrderSchema.parse(draftFormToInput(form)).lines).toEqual([{ slug: 'mug', quantity: 2 }]);
  });
});

describe('payment links', () => {
  test('are e-mailed by the shop with the lines, total and Klarna’s hosted page, and can be sent again', async () => {
    const { resendPaymentLink } = await import('@/lib/payment-links/links');
    const id = await newDraft({ email: 'link@example.se' });
    const link = await sendLink(id);

    const [received] = await mailsTo('link@example.se');
    expect(received?.subject).toMatch(/^Pay for your Nordlys Store order: 587,00\skr$/);
    expect(received?.text).toMatch(/2 × Enamel Mug: 498,00\skr/);
    expect(received?.text).toContain(`Pay with Klarna: ${link.url}`);
    expect((await fetch(link.url)).status).toBe(200);

    const again = await resendPaymentLink(id, STAFF, options());
    expect(again.ok).toBe(true);
    expect(await mailsTo('link@example.se')).toHaveLength(2);
    expect((await draft(id)).links[0]).toMatchObject({ sentCount: 2 });
  });

  test('a disabled link stops working, and a new one can be sent', async () => {
    const { disablePaymentLink, resendPaymentLink, linkState } = await import('@/lib/payment-links/links');
    const id = await newDraft();
    const first = await sendLink(id);
    expect((await disablePaymentLink(id, STAFF, options())).ok).toBe(true);
    expect((await fetch(first.url)).status).toBe(410);
    expect(linkState((await draft(id)).links[0]!)).toBe('disabled');
    expect(await resendPaymentLink(id, STAFF, options())).toMatchObject({
      ok: false,
      reason: 'no_open_link',
    });

    const second = await sendLink(id);
    expect(second.hppSessionId).not.toBe(first.hppSessionId);
    expect((await fetch(second.url)).status).toBe(200);
  });

  test('opening the link shows as opened on the draft, through Klarna’s status callback', async () => {
    const { linkState } = await import('@/lib/payment-links/links');
    const id = await newDraft();
    const link = await sendLink(id);
    await (await fetch(link.url)).text();
    await h.callbacksIdle();
    expect(linkState((await draft(id)).links[0]!)).toBe('opened');
  });
});

describe('paying by link', () => {
  test('Klarna’s callback places the order once; the customer’s redirect then finds it', async () => {
    const { handleLinkSuccess } = await import('@/lib/payment-links/complete');
    const id = await newDraft();
    const link = await sendLink(id);

    const paid = await payOnHostedPage(link, 'approved');
    expect(paid.redirect).toBe(`${h.appUrl}/pay/${link.hppSessionId}`);
    await h.callbacksIdle();
    const [order, ...others] = await ordersOfDraft(id);
    expect(others).toHaveLength(0);
    expect(order).toMatchObject({ status: 'AUTHORIZED', orderAmount: 58700, currency: 'SEK' });
    expect(order?.lines.map((line) => [line.reference, line.quantity])).toEqual([
      ['mug', 2],
      ['tea', 1],
    ]);

    const landed = await handleLinkSuccess(link.hppSessionId, options());
    expect(landed).toMatchObject({ ok: true, outcome: 'placed', orderId: order?.id, created: false });
    expect(h.klarnaOrdersFor(await klarnaSessionIdOf(link.paymentSessionId))).toHaveLength(1);
    expect((await draft(id)).order).toMatchObject({ id: order?.id });

    // The draft's story is on the order's timeline in the admin.
    const { getAdminOrderDetail } = await import('@/lib/data/admin-order');
    const admin = await getAdminOrderDetail(order!.id);
    expect(admin?.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['PAYMENT_LINK_CREATED', 'PAYMENT_LINK_SENT', 'ORDER_PLACED']),
    );
  });

  test('the customer’s redirect places it when it comes first, and every later report finds that order', async () => {
    const { handleLinkSuccess } = await import('@/lib/payment-links/complete');
    const id = await newDraft();
    const link = await sendLink(id);
    // Klarna's callbacks cannot get through (the link's secret no longer matches).
    const prisma = await h.prisma();
    await prisma.paymentLink.update({ where: { id: link.id }, data: { callbackSecret: 'rotated' } });
    await payOnHostedPage(link, 'approved');

    const results = await Promise.all([
      handleLinkSuccess(link.hppSessionId, options()),
      handleLinkSuccess(link.hppSessionId, options()),
    ]);
    await h.callbacksIdle();
    const orders = await ordersOfDraft(id);
    expect(orders).toHaveLength(1);
    for (const result of results) expect(result).toMatchObject({ ok: true, orderId: orders[0]?.id });
    expect(
      results.filter((result) => result.ok && result.outcome === 'placed' && result.created),
    ).toHaveLength(1);
    expect(h.klarnaOrdersFor(await klarnaSessionIdOf(link.paymentSessionId))).toHaveLength(1);
  });

  test.each([
    ['declined', 'failed', 'opened'],
    ['cancelled', 'cancelled', 'cancelled'],
  ] as const)('a %s customer gets no order', async (_name, outcome, state) => {
    const { handleLinkSuccess } = await import('@/lib/payment-links/complete');
    const { linkState } = await import('@/lib/payment-links/links');
    const id = await newDraft();
    const link = await sendLink(id);
    await payOnHostedPage(link, outcome);
    await h.callbacksIdle();
    expect(await handleLinkSuccess(link.hppSessionId, options())).toMatchObject({
      ok: false,
      reason: 'not_completed',
    });
    expect(await ordersOfDraft(id)).toHaveLength(0);
    expect(linkState((await draft(id)).links[0]!)).toBe(state);
  });

  test('a link sent before the draft changed is refused: Klarna disabled it, no order', async () => {
    const { saveDraftOrder } = await import('@/lib/payment-links/drafts');
    const { handleLinkSuccess } = await import('@/lib/payment-links/complete');
    const id = await newDraft();
    const link = await sendLink(id);
    const changed = await saveDraftOrder(
      draftInput({ draftId: id, lines: [{ slug: 'mug', quantity: 5 }] }),
      STAFF,
      options(),
    );
    expect(changed).toMatchObject({ ok: true, message: expect.stringMatching(/no longer works/) });

    expect((await fetch(link.url)).status).toBe(410);
    const stale = await fetch(`${h.emulatorUrl}/hpp/api/sessions/${link.hppSessionId}/result`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome: 'cancelled' }),
    });
    expect(stale.status).toBe(200);
    expect(await handleLinkSuccess(link.hppSessionId, options())).toMatchObject({
      ok: false,
      reason: 'not_completed',
    });
    await h.callbacksIdle();
    expect(await ordersOfDraft(id)).toHaveLength(0);
  });

  test('a link of a deleted draft is unknown: 404 for the customer and for Klarna, no order', async () => {
    const { removeDraftOrder } = await import('@/lib/payment-links/drafts');
    const { handleLinkSuccess, handleHppStatusCallback } = await import('@/lib/payment-links/complete');
    const id = await newDraft();
    const link = await sendLink(id);
    const ordersBefore = (await counts()).orders;
    expect(await removeDraftOrder(id, STAFF, options())).toMatchObject({ ok: true });
    expect((await fetch(link.url)).status).toBe(410);

    expect(await handleLinkSuccess(link.hppSessionId, options())).toMatchObject({
      ok: false,
      reason: 'unknown_link',
    });
    const callback = await handleHppStatusCallback(
      {
        secret: link.callbackSecret,
        body: { event_id: 'e-1', session: { session_id: link.hppSessionId, status: 'COMPLETED' } },
      },
      options(),
    );
    expect(callback).toMatchObject({ ok: false, reason: 'not_found' });
    expect((await counts()).orders).toBe(ordersBefore);
    expect(await (await h.prisma()).draftOrder.findUnique({ where: { id } })).toBeNull();
  });
});

describe('status callbacks', () => {
  test('with a wrong secret, or an unknown session, are refused and write nothing', async () => {
    const { handleHppStatusCallback } = await import('@/lib/payment-links/complete');
    const id = await newDraft();
    const link = await sendLink(id);
    const before = await counts();
    const body = { event_id: 'forged-1', session: { session_id: link.hppSessionId, status: 'COMPLETED' } };
    expect(await handleHppStatusCallback({ secret: 'guess', body }, options())).toMatchObject({
      reason: 'not_found',
    });
    expect(await handleHppStatusCallback({ secret: null, body }, options())).toMatchObject({
      reason: 'not_found',
    });
    expect(
      await handleHppStatusCallback({ secret: link.callbackSecret, body: { session: {} } }, options()),
    ).toMatchObject({
      reason: 'invalid_body',
    });
    expect(await counts()).toEqual(before);
  });

  test('claiming COMPLETED with the right secret places nothing: Klarna’s own status is read', async () => {
    const { handleHppStatusCallback } = await import('@/lib/payment-links/complete');
    const id = await newDraft();
    const link = await sendLink(id);
    const result = await handleHppStatusCallback(
      {
        secret: link.callbackSecret,
        body: {
          event_id: 'forged-2',
          session: { session_id: link.hppSessionId, status: 'COMPLETED', authorization_token: 'x' },
        },
      },
      options(),
    );
    expect(result).toMatchObject({ ok: true, outcome: 'noted', status: 'WAITING' });
    expect(await ordersOfDraft(id)).toHaveLength(0);
  });

  test('one that finds Klarna failing is answered 503 and counts when Klarna sends it again', async () => {
    const { handleHppStatusCallback } = await import('@/lib/payment-links/complete');
    const { hppStatusAnswer } = await import('@/app/api/klarna/answers');
    const id = await newDraft();
    const link = await sendLink(id);
    // The emulator's own deliveries are turned away; this test delivers the event itself.
    const prisma = await h.prisma();
    await prisma.paymentLink.update({ where: { id: link.id }, data: { callbackSecret: 'known-secret' } });
    await payOnHostedPage(link, 'approved');
    await h.callbacksIdle();
    await h.control('/_emulator/faults', {
      method: 'PUT',
      body: { match: 'POST /payments/v1/authorizations/*/order', fault: 'status', status: 500, times: 1 },
    });
    const event = {
      secret: 'known-secret',
      body: { event_id: 'retried-1', session: { session_id: link.hppSessionId } },
    };

    const first = await handleHppStatusCallback(event, options());
    expect(hppStatusAnswer(first).status).toBe(503);
    expect(await ordersOfDraft(id)).toHaveLength(0);
    const again = await handleHppStatusCallback(event, options());
    expect(hppStatusAnswer(again)).toMatchObject({ status: 200, body: { status: 'placed' } });
    expect(await ordersOfDraft(id)).toHaveLength(1);
  });

  test('a replayed status update is refused (409) and writes nothing', async () => {
    const { handleHppStatusCallback } = await import('@/lib/payment-links/complete');
    const { hppStatusAnswer } = await import('@/app/api/klarna/answers');
    const id = await newDraft();
    const link = await sendLink(id);
    await payOnHostedPage(link, 'approved');
    await h.callbacksIdle();
    expect(await ordersOfDraft(id)).toHaveLength(1);

    const log = await h.control('/_emulator/callbacks');
    const delivered = (
      log.body as { callbacks: { kind: string; body: { event_id: string; session: { status: string } } }[] }
    ).callbacks.filter((entry) => entry.kind === 'hpp_status' && entry.body.session.status === 'COMPLETED');
    expect(delivered.length).toBeGreaterThan(0);
    const before = await counts();
    const replay = await handleHppStatusCallback(
      { secret: link.callbackSecret, body: delivered[0]!.body },
      options(),
    );
    expect(hppStatusAnswer(replay).status).toBe(409);
    expect(await counts()).toEqual(before);
  });
});

describe('abandoned carts', () => {
  const HOUR = 3_600_000;

  /** A signed-in shopper's cart with a started checkout (a Klarna session with their details). */
  async function cartLeftAtCheckout(acceptsEmails: boolean, startCheckout = true) {
    const { startCheckoutSession } = await import('@/lib/checkout/start-session');
    const { customerFor } = await import('./checkout-fixtures');
    const prisma = await h.prisma();
    const email = `left-${Math.random().toString(36).slice(2, 10)}@example.se`;
    const user = await prisma.user.create({
      data: { email, name: 'Left', passwordHash: 'x', acceptsEmails },
    });
    const cartId = await h.createCart('SE', [{ slug: 'mug', quantity: 1 }]);
    await prisma.cart.update({ where: { id: cartId }, data: { userId: user.id } });
    if (startCheckout) {
      const started = await startCheckoutSession(
        { cartId, customer: customerFor('SE', email) },
        { config: h.config, appUrl: h.appUrl },
      );
      if (!started.ok) throw new Error(started.message);
    }
    return { email, cartId };
  }

  const later = (hours: number) => ({ ...options(), now: () => new Date(Date.now() + hours * HOUR) });

  test('a shopper who agreed to e-mails gets one payment link for a cart left a day at checkout, and can pay it', async () => {
    const { sendAbandonedCartLinks } = await import('@/lib/payment-links/abandoned-carts');
    const { handleLinkSuccess } = await import('@/lib/payment-links/complete');
    const left = await cartLeftAtCheckout(true);

    const first = await sendAbandonedCartLinks({}, later(25));
    expect(first.sent).toBeGreaterThanOrEqual(1);
    const [received, ...more] = await mailsTo(left.email);
    expect(more).toHaveLength(0);
    expect(received?.text).toMatch(/1 × Enamel Mug: 249,00\skr/);

    await sendAbandonedCartLinks({}, later(49));
    expect(await mailsTo(left.email)).toHaveLength(1);

    const prisma = await h.prisma();
    const draftRow = await prisma.draftOrder.findUniqueOrThrow({ where: { cartId: left.cartId } });
    const link = (await draft(draftRow.id)).links[0]!;
    expect(received?.text).toContain(link.url);
    // The shopper confirms with the e-mail of the details they gave at checkout.
    await payOnHostedPage(link, 'approved', left.email);
    await h.callbacksIdle();
    const landed = await handleLinkSuccess(link.hppSessionId, options());
    expect(landed).toMatchObject({ ok: true, outcome: 'placed' });
    const orders = await prisma.order.findMany({ where: { cartId: left.cartId } });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ email: left.email, orderAmount: 24900 });
  });

  test('no link for a shopper who did not agree, a cart without a started checkout, or one left for less than the set time', async () => {
    const { sendAbandonedCartLinks } = await import('@/lib/payment-links/abandoned-carts');
    const notAgreed = await cartLeftAtCheckout(false);
    const notStarted = await cartLeftAtCheckout(true, false);
    const recent = await cartLeftAtCheckout(true);

    await sendAbandonedCartLinks({ abandonedAfterMs: 24 * HOUR }, later(2));
    expect(await mailsTo(recent.email)).toHaveLength(0);
    await sendAbandonedCartLinks({ abandonedAfterMs: HOUR }, later(2));
    expect(await mailsTo(recent.email)).toHaveLength(1);
    expect(await mailsTo(notAgreed.email)).toHaveLength(0);
    expect(await mailsTo(notStarted.email)).toHaveLength(0);
  });

  test('sign-up asks for the opt-in, off unless ticked', async () => {
    const { signUpFrom } = await import('@/lib/sign-up');
    const prisma = await h.prisma();
    const form = (email: string, tick: boolean) => {
      const data = new FormData();
      data.set('name', 'Opt In');
      data.set('email', email);
      data.set('password', 'violet-harbour-lantern-93');
      if (tick) data.set('acceptsEmails', 'on');
      return data;
    };
    expect(await signUpFrom(form('ticked@example.se', true), '10.0.0.1')).toEqual({ ok: true });
    expect(await signUpFrom(form('unticked@example.se', false), '10.0.0.2')).toEqual({ ok: true });
    const users = await prisma.user.findMany({
      where: { email: { in: ['ticked@example.se', 'unticked@example.se'] } },
      select: { email: true, acceptsEmails: true },
      orderBy: { email: 'asc' },
    });
    expect(users).toEqual([
      { email: 'ticked@example.se', acceptsEmails: true },
      { email: 'unticked@example.se', acceptsEmails: false },
    ]);
  });
});
