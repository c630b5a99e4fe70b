import { expect, test } from '../../e2e/admin-fixtures';
import { interceptActionRequest, sendActionRequest } from '../../e2e/pages/server-action';

// Six identical capture requests at once (a script replaying the staff form): Klarna captures once,
// and the order's timeline records one capture, counting the five replays on it.

const TIMES = 6;

test('six identical admin captures at once: one Klarna capture, one event', async ({
  adminPage: page,
  placeOrder,
  orderPage,
  klarna,
  orders,
}) => {
  const order = placeOrder([
    { slug: 'enamel-camp-mug', quantity: 1 },
    { slug: 'linen-tea-towel', quantity: 1 },
  ]);
  const path = `/admin/orders/${order.id}`;
  await orderPage.open(order.id);
  const eventsBefore = orders.events(order.id).length;
  const capture = await interceptActionRequest(page, path, async () => {
    await orderPage.openAction('Capture…');
    await orderPage.dialog.getByLabel('An amount').check();
    await orderPage.dialog.getByLabel(/^Amount/).fill('100.00');
    await orderPage.dialog.getByRole('button', { name: /^Capture / }).click();
  });

  const answers = await Promise.all(
    Array.from({ length: TIMES }, () => sendActionRequest(page.request, path, capture)),
  );

  for (const answer of answers) expect(answer.status()).toBe(200);
  const atKlarna = await klarna.order(order.klarnaOrderId);
  expect(atKlarna.captures.map((c) => c.captured_amount)).toEqual([10_000]);
  expect(orders.captures(order.id).map((c) => c.amount)).toEqual([10_000]);
  expect(
    orders
      .events(order.id)
      .slice(eventsBefore)
      .map(({ type, outcome, replays }) => ({ type, outcome, replays })),
  ).toEqual([{ type: 'CAPTURE', outcome: 'SUCCESS', replays: TIMES - 1 }]);
});
