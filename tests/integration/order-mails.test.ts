/**
 * The shop's mails to a shopper, against a real SMTP server (the development mail sink) and the
 * emulator over HTTP: recorded with the fact they tell of, sent once after commit, tried again
 * after a failed delivery, and saying exactly what the order holds.
 */
import type { MailSettings } from '@/lib/mail/settings';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startMailSink, type MailSink, type ReceivedMail } from '../../scripts/mail-sink';
import { ADMIN, dbOrder, placeOrder as placeWithoutMail } from './admin-fixtures';
import { customerFor, setUpCheckoutHarness } from './checkout-fixtures';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();
const h = setUpCheckoutHarness(db);

let sink: MailSink;
let mail: MailSettings;
/** An SMTP server that is not there: every delivery to it fails. */
const deadMail = (): MailSettings => ({ ...mail, smtpUrl: 'smtp://127.0.0.1:9' });

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

/** The mails the sink received for `to`, read over its HTTP reader as a developer's tools would. */
async function mailsTo(to: string): Promise<ReceivedMail[]> {
  const response = await fetch(`${sink.readerUrl}/messages?to=${encodeURIComponent(to)}`);
  return (await response.json()) as ReceivedMail[];
}

async function mailRows(orderId: string) {
  return (await h.prisma()).orderMail.findMany({ where: { orderId }, orderBy: { createdAt: 'asc' } });
}

/** Places an order through checkout with the given mail settings; returns its id and session. */
async function placeOrder(email: string, settings: MailSettings | null, country: 'SE' | 'US' = 'SE') {
  const { startCheckoutSession } = await import('@/lib/checkout/start-session');
  const { finalizeOrder } = await import('@/lib/checkout/place-order');
  const cartId = await h.createCart(country, [
    { slug: 'mug', quantity: 2 },
    { slug: 'tea', quantity: 1 },
  ]);
  // Klarna's authorization callback goes nowhere: the order is placed by this call, with `settings`.
  const started = await startCheckoutSession(
    { cartId, customer: customerFor(country, email) },
    { config: h.config, appUrl: 'http://127.0.0.1:9' },
  );
  if (!started.ok) throw new Error(started.message);
  const input = {
    paymentSessionId: started.paymentSession.id,
    authorizationToken: await h.approve(started.paymentSession.klarnaSessionId, email),
    actor: 'shopper',
  };
  const placed = await finalizeOrder(input, { config: h.config, mail: settings });
  if (!placed.ok || placed.outcome !== 'placed') throw new Error(JSON.stringify(placed));
  return { orderId: placed.orderId, again: () => finalizeOrder(input, { config: h.config, mail: settings }) };
}

describe('order confirmation', () => {
  test('is recorded with the order and arrives once, with its lines and total in the order’s format', async () => {
    const email = 'confirm@example.se';
    const { orderId, again } = await placeOrder(email, mail);

    await expect.poll(() => mailsTo(email), { timeout: 20_000 }).toHaveLength(1);
    const [received] = await mailsTo(email);
    const order = await dbOrder(h, orderId);
    expect(received?.subject).toBe(`Order ${order.number}: thank you for your order`);
    // SE: 2 × 249,00 + 89,00 = 587,00 kr, VAT included, as sv-SE writes it.
    expect(order.orderAmount).toBe(58700);
    expect(received?.text).toMatch(/2 × Enamel Mug\s+498,00\skr/);
    expect(received?.text).toMatch(/1 × Sencha Tea\s+89,00\skr/);
    expect(received?.text).toMatch(/Total\s+587,00\skr/);
    expect(received?.text).toContain(`http://shop.test/orders/${orderId}?key=`);
    expect(received?.html).toContain('587,00');
    expect(received?.from).toBe('orders@nordlys.test');

    // The same approval again (a double click, Klarna's callback) and a delivery run: nothing new.
    expect(await again()).toMatchObject({ ok: true, orderId, created: false });
    const { deliverDueOrderMails } = await import('@/lib/mail/deliver');
    expect(await deliverDueOrderMails({}, { mail })).toMatchObject({ sent: 0 });
    expect(await mailsTo(email)).toHaveLength(1);
    expect(await mailRows(orderId)).toEqual([
      expect.objectContaining({ kind: 'ORDER_CONFIRMATION', status: 'SENT', attempts: 1, sentTo: email }),
    ]);
  });

  test('a failed delivery leaves the mail owed, and the delivery job sends it once SMTP answers', async () => {
    const email = 'retry@example.se';
    const { orderId } = await placeOrder(email, deadMail());
    // The order stands whatever SMTP does; the first attempt fails and is scheduled again.
    expect((await dbOrder(h, orderId)).status).toBe('AUTHORIZED');
    await expect.poll(async () => (await mailRows(orderId))[0]?.attempts, { timeout: 20_000 }).toBe(1);
    const [failed] = await mailRows(orderId);
    expect(failed).toMatchObject({ status: 'PENDING', sentAt: null });
    expect(failed?.lastError).toBeTruthy();
    expect(failed!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    const { deliverDueOrderMails } = await import('@/lib/mail/deliver');
    // Not due yet: nothing is tried.
    expect(await deliverDueOrderMails({}, { mail })).toMatchObject({ sent: 0 });
    // Due: sent, once.
    const later = () => new Date(Date.now() + 2 * 60_000);
    expect(await deliverDueOrderMails({}, { mail, now: later })).toMatchObject({ sent: 1 });
    expect(await deliverDueOrderMails({}, { mail, now: later })).toMatchObject({ sent: 0 });
    expect(await mailsTo(email)).toHaveLength(1);
    expect(await mailRows(orderId)).toEqual([expect.objectContaining({ status: 'SENT', attempts: 2 })]);
  });

  test('a US order’s mail shows the sales tax line and dollars', async () => {
    const email = 'confirm@example.us';
    const { orderId } = await placeOrder(email, mail, 'US');
    await expect.poll(() => mailsTo(email), { timeout: 20_000 }).toHaveLength(1);
    const order = await dbOrder(h, orderId);
    const [received] = await mailsTo(email);
    // 2 × 18.00 + 9.00 = 45.00, plus New York's 4 % sales tax.
    expect(received?.text).toMatch(/2 × Enamel Mug\s+US\$36\.00/);
    expect(received?.text).toMatch(/Sales tax\s+US\$1\.80/);
    expect(received?.text).toContain(`Total`);
    expect(received?.text).toContain(`$${(order.orderAmount / 100).toFixed(2)}`);
  });

  test('no mail is recorded, or claimed, when the shop has no SMTP server', async () => {
    const { orderId } = await placeOrder('nomail@example.se', null);
    expect(await mailRows(orderId)).toEqual([]);
  });
});

describe('receipt and refund notice', () => {
  test('a capture sends a receipt and a refund a notice, each once, with the amounts staff chose', async () => {
    const email = 'settle@example.se';
    const order = await placeWithoutMail(h, 'SE', [{ slug: 'mug', quantity: 2 }], email);
    const { capturePayment } = await import('@/lib/order-admin/capture');
    const { refundPayment } = await import('@/lib/order-admin/refund');
    const options = { config: h.config, mail };

    const capture = {
      orderId: order.id,
      mode: 'lines' as const,
      lines: [{ position: 0, quantity: 1 }],
      expectedAmount: 24900,
      expectedCapturedAmount: 0,
      shippingCompany: 'PostNord',
      trackingNumber: 'PN123SE',
      trackingUri: undefined,
      description: undefined,
    };
    expect(await capturePayment(capture, ADMIN, options)).toMatchObject({ ok: true });
    await expect.poll(() => mailsTo(email), { timeout: 20_000 }).toHaveLength(1);
    const [receipt] = await mailsTo(email);
    expect(receipt?.subject).toMatch(/receipt for 249,00\skr$/);
    expect(receipt?.text).toMatch(/1 × Enamel Mug\s+249,00\skr/);
    expect(receipt?.text).toMatch(/Charged now\s+249,00\skr/);
    expect(receipt?.text).toContain('Tracking: PostNord PN123SE');

    // The same form sent again is recognised at Klarna as done: no second capture, no second receipt.
    expect(await capturePayment(capture, ADMIN, options)).toMatchObject({
      ok: true,
      message: expect.stringContaining('had already reached Klarna'),
    });

    const refund = {
      orderId: order.id,
      mode: 'amount' as const,
      amount: '100.50',
      expectedRefundedAmount: 0,
      reason: 'Chipped on arrival',
    };
    expect(await refundPayment(refund, ADMIN, options)).toMatchObject({ ok: true });
    await expect.poll(() => mailsTo(email), { timeout: 20_000 }).toHaveLength(2);
    const [notice] = await mailsTo(email);
    expect(notice?.subject).toMatch(/refund of 100,50\skr$/);
    expect(notice?.text).toContain('Reason: Chipped on arrival');

    const { deliverDueOrderMails } = await import('@/lib/mail/deliver');
    expect(await deliverDueOrderMails({}, { mail })).toMatchObject({ sent: 0 });
    expect(await mailsTo(email)).toHaveLength(2);
    const rows = await mailRows(order.id);
    expect(rows.map((row) => [row.kind, row.status])).toEqual([
      ['CAPTURE_RECEIPT', 'SENT'],
      ['REFUND_NOTICE', 'SENT'],
    ]);
    const recorded = await dbOrder(h, order.id);
    expect(rows.map((row) => row.subjectId)).toEqual([recorded.captures[0]?.id, recorded.refunds[0]?.id]);
  });
  test('a capture and a refund made in Klarna’s portal, found by a sync, each send their mail once', async () => {
    const email = 'portal@example.se';
    const order = await placeWithoutMail(h, 'SE', [{ slug: 'mug', quantity: 2 }], email);
    const { syncOrder } = await import('@/lib/order-admin/reconcile');
    const portal = (path: string, body: object) =>
      fetch(`${h.emulatorUrl}/eu/ordermanagement/v1/orders/${order.klarnaOrderId}/${path}`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });

    expect((await portal('captures', { captured_amount: 49800, reference: 'portal-1' })).status).toBe(201);
    expect((await portal('refunds', { refunded_amount: 10000, description: 'Goodwill' })).status).toBe(201);
    expect(await syncOrder({ orderId: order.id }, ADMIN, { config: h.config, mail })).toMatchObject({
      ok: true,
      message: expect.stringContaining('1 capture(s) recorded; 1 refund(s) recorded'),
    });

    await expect.poll(() => mailsTo(email), { timeout: 20_000 }).toHaveLength(2);
    const subjects = (await mailsTo(email)).map((received) => received.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/receipt for 498,00\skr$/),
        expect.stringMatching(/refund of 100,00\skr$/),
      ]),
    );
    // Read again: nothing new at Klarna, so nothing more is sent.
    expect(await syncOrder({ orderId: order.id }, ADMIN, { config: h.config, mail })).toMatchObject({
      ok: true,
    });
    const { deliverDueOrderMails } = await import('@/lib/mail/deliver');
    expect(await deliverDueOrderMails({}, { mail })).toMatchObject({ sent: 0 });
    expect(await mailsTo(email)).toHaveLength(2);
  });
});
