import { formatMoney } from '../lib/money';
import { expect, test } from './admin-fixtures';
import { interceptActionRequest, sendActionRequest } from './pages/server-action';

const sek = (amount: number) => formatMoney(amount, 'SEK', 'sv-SE');

/** A button name that starts with `text`; Intl's no-break spaces are plain spaces in accessible names. */
function startsWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s/g, '\\s')}`);
}

const MUG = { slug: 'enamel-camp-mug', name: 'Enamel Camp Mug' };
const TEA = { slug: 'sencha-green-tea', name: 'Sencha Green Tea, 100 g' };
const TOWEL = { slug: 'linen-tea-towel', name: 'Linen Tea Towel' };

function lineTotal(
  order: { lines: { name: string; totalAmount: number; quantity: number }[] },
  name: string,
  quantity: number,
) {
  const line = order.lines.find((candidate) => candidate.name === name);
  if (!line) throw new Error(`no line ${name}`);
  return (line.totalAmount / line.quantity) * quantity;
}

test.describe('managing Klarna orders from the admin', () => {
  test('capture two lines with tracking details, then the rest', async ({
    adminPage: page,
    placeOrder,
    orderPage,
    klarna,
    orders,
  }) => {
    const order = placeOrder([
      { slug: MUG.slug, quantity: 2 },
      { slug: TEA.slug, quantity: 1 },
      { slug: TOWEL.slug, quantity: 1 },
    ]);
    const firstAmount = lineTotal(order, MUG.name, 1) + lineTotal(order, TEA.name, 1);

    await orderPage.open(order.id);
    await expect(orderPage.amount('Left to capture')).toHaveText(sek(order.orderAmount));
    await orderPage.openAction('Capture…');
    await orderPage.dialog.getByLabel('Chosen lines').check();
    await orderPage.setQuantity(MUG.name, 1, 'capture');
    await orderPage.setQuantity(TEA.name, 1, 'capture');
    await orderPage.dialog.getByLabel(/^Carrier/).fill('postnord');
    await orderPage.dialog.getByLabel(/^Tracking number/).fill('PN123456789SE');
    // The dialog shows what the capture does before it is confirmed.
    await expect(orderPage.dialog.getByRole('row', { name: /^Captured/ })).toContainText(sek(firstAmount));
    await orderPage.confirm(startsWith(`Capture ${sek(firstAmount)}`));

    await expect(orderPage.outcome).toContainText(`Captured ${sek(firstAmount)}`);
    await expect(orderPage.amount('Captured')).toHaveText(sek(firstAmount));
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Part captured');
    await expect(page.getByRole('list', { name: 'Captures' })).toContainText(
      'Shipped with postnord, tracking PN123456789SE',
    );

    await orderPage.openAction('Capture…');
    await orderPage.confirm(startsWith(`Capture ${sek(order.orderAmount - firstAmount)}`));

    await expect(orderPage.amount('Captured')).toHaveText(sek(order.orderAmount));
    await expect(orderPage.amount('Left to capture')).toHaveText(sek(0));
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Captured');
    const atKlarna = await klarna.order(order.klarnaOrderId);
    expect(atKlarna).toMatchObject({ status: 'CAPTURED', captured_amount: order.orderAmount });
    expect(
      atKlarna.captures.map((capture) => capture.order_lines.map((line) => [line.name, line.quantity])),
    ).toEqual([
      [
        [MUG.name, 1],
        [TEA.name, 1],
      ],
      expect.arrayContaining([
        [MUG.name, 1],
        [TOWEL.name, 1],
      ]),
    ]);
    expect(orders.captures(order.id).map((capture) => capture.amount)).toEqual([
      firstAmount,
      order.orderAmount - firstAmount,
    ]);
    await expect(
      orderPage.timeline.filter({ hasText: 'Capture' }).filter({ hasText: 'Succeeded' }),
    ).toHaveCount(2);
  });

  test('refund one line with a reason, then the rest', async ({
    adminPage: page,
    placeOrder,
    orderPage,
    klarna,
    orders,
  }) => {
    const order = placeOrder([
      { slug: MUG.slug, quantity: 1 },
      { slug: TEA.slug, quantity: 2 },
    ]);
    const oneTea = lineTotal(order, TEA.name, 1);
    await orderPage.open(order.id);
    await orderPage.openAction('Capture…');
    await orderPage.confirm(/^Capture /);
    await expect(orderPage.amount('Refundable')).toHaveText(sek(order.orderAmount));

    await orderPage.openAction('Refund…');
    await orderPage.dialog.getByLabel('Chosen lines').check();
    await orderPage.setQuantity(TEA.name, 1, 'refund');
    await orderPage.dialog.getByLabel('Reason').fill('Arrived damaged');
    await orderPage.confirm(startsWith(`Refund ${sek(oneTea)}`));
    await expect(orderPage.outcome).toContainText(`Refunded ${sek(oneTea)}`);
    await expect(orderPage.amount('Refunded')).toHaveText(sek(oneTea));

    await orderPage.openAction('Refund…');
    await orderPage.dialog.getByLabel('Reason').fill('Order returned');
    await orderPage.confirm(startsWith(`Refund ${sek(order.orderAmount - oneTea)}`));

    await expect(orderPage.amount('Refunded')).toHaveText(sek(order.orderAmount));
    // A refund is no status: the order stays captured, with everything captured refunded.
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Captured');
    await expect(page.getByTestId('refund-state')).toHaveText('Fully refunded');
    await expect(page.getByRole('button', { name: 'Refund…' })).toBeDisabled();
    const atKlarna = await klarna.order(order.klarnaOrderId);
    expect(atKlarna.refunds.map((refund) => [refund.refunded_amount, refund.description])).toEqual([
      [oneTea, 'Arrived damaged'],
      [order.orderAmount - oneTea, 'Order returned'],
    ]);
    expect(orders.refunds(order.id)).toHaveLength(2);
    expect(orders.order(order.id)).toMatchObject({ status: 'CAPTURED', refundedAmount: order.orderAmount });
  });

  test('cancel an order nothing was captured from', async ({
    adminPage: page,
    placeOrder,
    orderPage,
    klarna,
    orders,
  }) => {
    const order = placeOrder([{ slug: TOWEL.slug, quantity: 1 }]);
    await orderPage.open(order.id);
    await orderPage.openAction('Cancel order…');
    await orderPage.confirm(/^Cancel the order$/);

    await expect(orderPage.outcome).toContainText('Cancelled');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Cancelled');
    await expect(page.getByRole('button', { name: 'Capture…' })).toBeDisabled();
    expect((await klarna.order(order.klarnaOrderId)).status).toBe('CANCELLED');
    expect(orders.order(order.id)?.status).toBe('CANCELLED');
  });

  test('cancel is refused once part of the order was captured, even from a page opened before', async ({
    adminPage: page,
    placeOrder,
    orderPage,
    klarna,
  }) => {
    const order = placeOrder([
      { slug: MUG.slug, quantity: 1 },
      { slug: TEA.slug, quantity: 1 },
    ]);
    await orderPage.open(order.id);

    // Another admin captures the mug in a second tab while this page still offers Cancel.
    const other = await page.context().newPage();
    await other.goto(`/admin/orders/${order.id}`);
    await other.getByRole('button', { name: 'Capture…' }).click();
    await other.getByRole('dialog').getByLabel('Chosen lines').check();
    await other.getByRole('dialog').getByLabel(`Quantity of ${MUG.name} to capture`).fill('1');
    await other
      .getByRole('dialog')
      .getByRole('button', { name: /^Capture / })
      .click();
    await expect(other.getByTestId('action-outcome')).toContainText('Captured');
    await other.close();

    await orderPage.openAction('Cancel order…');
    await orderPage.dialog.getByRole('button', { name: 'Cancel the order' }).click();

    await expect(
      orderPage.dialog.getByText(/has already been captured, so Klarna does not allow cancelling this order/),
    ).toBeVisible();
    expect((await klarna.order(order.klarnaOrderId)).status).toBe('PART_CAPTURED');
    await orderPage.dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('button', { name: 'Cancel order…' })).toBeDisabled();
    await expect(orderPage.timeline.filter({ hasText: 'Cancel' }).filter({ hasText: 'Failed' })).toHaveCount(
      1,
    );
  });

  test('extend the authorization', async ({ adminPage: page, placeOrder, orderPage, klarna }) => {
    const order = placeOrder([{ slug: TEA.slug, quantity: 1 }]);
    const before = (await klarna.order(order.klarnaOrderId)).expires_at;
    // A day later at Klarna, an extension moves the expiry out (on the day of purchase it cannot).
    await klarna.clock({ advance: '1d' });
    try {
      await orderPage.open(order.id);
      await orderPage.openAction('Extend authorization…');
      await orderPage.confirm(/^Extend$/);

      await expect(orderPage.outcome).toContainText('Extended. The authorization now expires on');
      const after = (await klarna.order(order.klarnaOrderId)).expires_at;
      expect(new Date(after).getTime()).toBeGreaterThan(new Date(before).getTime());
      const shown = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(after),
      );
      await expect(page.getByRole('region', { name: 'Klarna' })).toContainText(shown);
    } finally {
      await klarna.clock({ set: new Date().toISOString() });
    }
  });

  test('a capture made outside the store: the order page finds it by itself; Sync from Klarna then has nothing new', async ({
    adminPage: page,
    placeOrder,
    klarna,
    orders,
  }) => {
    const order = placeOrder([{ slug: TEA.slug, quantity: 1 }]);
    await klarna.capture(order.klarnaOrderId, order.orderAmount);

    // Never compared with Klarna yet, so opening the page compares it.
    await page.goto(`/admin/orders/${order.id}`);
    const autoSync = page.getByTestId('auto-sync');
    await expect(autoSync).toContainText('Checked with Klarna: Updated from Klarna:');
    await expect(autoSync).toContainText('status AUTHORIZED → CAPTURED');
    await expect(autoSync).toContainText('1 capture(s) recorded');
    // The references the order was placed with are already on the local copy.
    await expect(autoSync).not.toContainText('reference');
    expect(orders.order(order.id)).toMatchObject({ status: 'CAPTURED', capturedAmount: order.orderAmount });

    // The copy is fresh now: opening the page again reads nothing from Klarna.
    await page.reload();
    await expect(page.getByText('Last compared with Klarna: not yet')).toHaveCount(0);
    await page.waitForLoadState('networkidle');
    await expect(page.getByTestId('auto-sync')).toHaveCount(0);
    await page.getByRole('button', { name: 'Sync from Klarna' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Already in step with Klarna.' })).toBeVisible();
  });

  test('a capture form tampered with (a negative amount) is refused with a message, reaches nothing at Klarna, and leaves a refusal on the timeline', async ({
    adminPage: page,
    placeOrder,
    orderPage,
    klarna,
    orders,
  }) => {
    const order = placeOrder([{ slug: TEA.slug, quantity: 1 }]);
    await orderPage.open(order.id);
    const capture = await interceptActionRequest(page, `/admin/orders/${order.id}`, async () => {
      await orderPage.openAction('Capture…');
      await orderPage.dialog.getByLabel('An amount').check();
      await orderPage.dialog.getByLabel(/^Amount/).fill('1.00');
      await orderPage.dialog.getByRole('button', { name: /^Capture / }).click();
    });
    const body = capture.body.toString('utf8');
    const tampered = body.replace(/(name="[^"]*amount"\r\n\r\n)1\.00/, '$1-5.00');
    expect(tampered).not.toBe(body);

    const answer = await sendActionRequest(page.request, `/admin/orders/${order.id}`, {
      ...capture,
      body: Buffer.from(tampered, 'utf8'),
    });

    expect(answer.status()).toBe(200);
    expect(await answer.text()).toContain('Nothing was done: please correct the highlighted fields.');
    expect((await klarna.order(order.klarnaOrderId)).captures).toEqual([]);
    expect(orders.captures(order.id)).toEqual([]);
    expect(orders.events(order.id).at(-1)).toMatchObject({
      type: 'CAPTURE',
      outcome: 'FAILURE',
      message: expect.stringContaining('Refused before sending: the form was not valid'),
    });
  });

  test('release the remainder after a partial capture', async ({
    adminPage: page,
    placeOrder,
    orderPage,
    klarna,
    orders,
  }) => {
    const order = placeOrder([
      { slug: MUG.slug, quantity: 1 },
      { slug: TOWEL.slug, quantity: 1 },
    ]);
    const mug = lineTotal(order, MUG.name, 1);
    await orderPage.open(order.id);
    await expect(page.getByRole('button', { name: 'Release remaining…' })).toBeDisabled();
    await orderPage.openAction('Capture…');
    await orderPage.dialog.getByLabel('Chosen lines').check();
    await orderPage.setQuantity(MUG.name, 1, 'capture');
    await orderPage.confirm(/^Capture /);

    await orderPage.openAction('Release remaining…');
    await orderPage.confirm(startsWith(`Release ${sek(order.orderAmount - mug)}`));

    await expect(orderPage.outcome).toContainText(`Released the remaining ${sek(order.orderAmount - mug)}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Closed');
    await expect(orderPage.amount('Left to capture')).toHaveText(sek(0));
    expect(await klarna.order(order.klarnaOrderId)).toMatchObject({
      status: 'CLOSED',
      captured_amount: mug,
      remaining_authorized_amount: 0,
    });
    expect(orders.order(order.id)).toMatchObject({ status: 'CLOSED', capturedAmount: mug });
  });

  test('a capture whose answer Klarna drops after committing is retried with the same key: exactly one capture', async ({
    adminPage: page,
    placeOrder,
    orderPage,
    klarna,
    orders,
  }) => {
    const order = placeOrder([{ slug: MUG.slug, quantity: 1 }]);
    const fault = await klarna.addFault({
      match: `POST /ordermanagement/v1/orders/${order.klarnaOrderId}/captures`,
      fault: 'commit-then-drop',
      times: 1,
    });
    await orderPage.open(order.id);
    await orderPage.openAction('Capture…');
    await orderPage.confirm(/^Capture /);

    await expect(orderPage.outcome).toContainText(`Captured ${sek(order.orderAmount)}`);
    expect(await klarna.fault(fault)).toMatchObject({ fired: 1 });
    const atKlarna = await klarna.order(order.klarnaOrderId);
    expect(atKlarna.captures).toHaveLength(1);
    expect(atKlarna).toMatchObject({ status: 'CAPTURED', captured_amount: order.orderAmount });
    expect(orders.captures(order.id)).toEqual([
      expect.objectContaining({
        klarnaCaptureId: atKlarna.captures[0]?.capture_id,
        amount: order.orderAmount,
      }),
    ]);
    await expect(page.getByRole('list', { name: 'Captures' }).getByRole('listitem')).toHaveCount(1);
    await expect(orderPage.timeline.filter({ hasText: 'Capture' })).toHaveCount(1);
  });

  test('the list finds the order by number, email or Klarna order id, and filters by status', async ({
    adminPage: page,
    placeOrder,
    ordersList,
  }) => {
    const order = placeOrder([{ slug: TEA.slug, quantity: 1 }]);
    await page.goto('/admin/orders');
    await expect(page.getByRole('heading', { name: 'Orders', level: 1 })).toBeVisible();
    await expect(page.getByRole('img', { name: /SEK: authorized and captured per day/ })).toBeVisible();

    for (const term of [order.number.slice(0, 6), order.email.toUpperCase(), order.klarnaOrderId]) {
      await ordersList.search(term);
      await expect(page.getByRole('link', { name: order.number })).toBeVisible();
    }
    await ordersList.search('no-such-order-anywhere');
    await expect(page.getByText('No orders match these filters.')).toBeVisible();

    await page.goto('/admin/orders?status=authorized');
    await expect(ordersList.tab(/^Authorized/)).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('link', { name: order.number })).toBeVisible();
    await page.goto('/admin/orders?status=captured&q=' + encodeURIComponent(order.number));
    await expect(page.getByText('No orders match these filters.')).toBeVisible();
    await page.goto('/admin/orders?status=bogus&expires=-3');
    await expect(page.getByText('Unknown status filter; showing every status.')).toBeVisible();
    await expect(page.getByText('The expiry window cannot be negative.')).toBeVisible();
  });

  test('the filter form: fraud status, needs capture, expiry window and sort narrow the list', async ({
    adminPage: page,
    placeOrder,
  }) => {
    const order = placeOrder([{ slug: TEA.slug, quantity: 1 }]);
    const filters = page.getByRole('search', { name: 'Search and filter orders' });
    const apply = async (expected: RegExp) => {
      await filters.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(expected);
    };
    await page.goto('/admin/orders');
    await filters.getByRole('searchbox', { name: 'Search' }).fill(order.number);

    // Placed a moment ago and accepted: it needs capturing and expires within 28 days.
    await filters.getByLabel('Fraud status').selectOption('accepted');
    await filters.getByLabel('Needs capture').check();
    await filters.getByLabel('Expires within (days)').fill('28');
    await filters.getByLabel('Sort').selectOption('amount-desc');
    await apply(/needs=capture/);
    const params = new URL(page.url()).searchParams;
    expect(Object.fromEntries(params)).toMatchObject({
      q: order.number,
      fraud: 'accepted',
      needs: 'capture',
      expires: '28',
      sort: 'amount-desc',
    });
    await expect(page.getByRole('link', { name: order.number })).toBeVisible();

    await filters.getByLabel('Fraud status').selectOption('pending');
    await apply(/fraud=pending/);
    await expect(page.getByText('No orders match these filters.')).toBeVisible();

    await filters.getByLabel('Fraud status').selectOption('');
    await filters.getByLabel('Expires within (days)').fill('7');
    await apply(/expires=7/);
    await expect(page.getByText('No orders match these filters.')).toBeVisible();
  });
});
