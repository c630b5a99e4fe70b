import { formatMoney } from '../lib/money';
import { expect, test } from './admin-fixtures';

const sek = (amount: number) => formatMoney(amount, 'SEK', 'sv-SE');

/** A button name that starts with `text`; Intl's no-break spaces are plain spaces in accessible names. */
function startsWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s/g, '\\s')}`);
}

const BOARD = { slug: 'oak-cutting-board', name: 'Oak Cutting Board' };
const THROW = { slug: 'wool-throw-blanket' };
const MUG = { slug: 'enamel-camp-mug' };

test('a refund of the one captured line leaves the rest of the authorization to capture', async ({
  adminPage: page,
  placeOrder,
  orderPage,
  klarna,
  orders,
}) => {
  const order = placeOrder([
    { slug: BOARD.slug, quantity: 1 },
    { slug: THROW.slug, quantity: 1 },
    { slug: MUG.slug, quantity: 2 },
  ]);
  const board = order.lines.find((line) => line.name === BOARD.name);
  if (!board) throw new Error(`no line ${BOARD.name}`);
  const rest = order.orderAmount - board.totalAmount;

  // Ship the cutting board and charge for it.
  await orderPage.open(order.id);
  await orderPage.openAction('Capture…');
  await orderPage.dialog.getByLabel('Chosen lines').check();
  await orderPage.setQuantity(BOARD.name, 1, 'capture');
  await orderPage.confirm(startsWith(`Capture ${sek(board.totalAmount)}`));
  await expect(orderPage.amount('Captured')).toHaveText(sek(board.totalAmount));

  // It comes back: refund everything captured.
  await orderPage.openAction('Refund…');
  await orderPage.dialog.getByLabel('Reason').fill('Returned unused');
  await orderPage.confirm(startsWith(`Refund ${sek(board.totalAmount)}`));
  await expect(orderPage.outcome).toContainText(`Refunded ${sek(board.totalAmount)}`);

  // Still part captured, as at Klarna, with the rest authorized and the actions that go with it.
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toContainText('Part captured');
  await expect(page.getByTestId('refund-state')).toHaveText('Fully refunded');
  await expect(orderPage.amount('Refunded')).toHaveText(sek(board.totalAmount));
  await expect(orderPage.amount('Left to capture')).toHaveText(sek(rest));
  await expect(orderPage.amount('Refundable')).toHaveText(sek(0));
  for (const action of ['Capture…', 'Extend authorization…', 'Release remaining…']) {
    await expect(page.getByRole('button', { name: action })).toBeEnabled();
  }
  await expect(page.getByRole('button', { name: 'Refund…' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Cancel order…' })).toBeDisabled();
  expect(await klarna.order(order.klarnaOrderId)).toMatchObject({
    status: 'PART_CAPTURED',
    captured_amount: board.totalAmount,
    refunded_amount: board.totalAmount,
    remaining_authorized_amount: rest,
  });
  await page.getByRole('button', { name: 'Sync from Klarna' }).click();
  await expect(page.getByText('Already in step with Klarna.')).toBeVisible({ timeout: 20_000 });

  // The rest ships and is charged.
  await orderPage.openAction('Capture…');
  await orderPage.confirm(startsWith(`Capture ${sek(rest)}`));
  await expect(orderPage.amount('Captured')).toHaveText(sek(order.orderAmount));
  await expect(orderPage.amount('Left to capture')).toHaveText(sek(0));
  await expect(orderPage.amount('Refundable')).toHaveText(sek(rest));
  await expect(heading).toContainText('Captured');
  await expect(page.getByTestId('refund-state')).toHaveText('Part refunded');
  expect(await klarna.order(order.klarnaOrderId)).toMatchObject({
    status: 'CAPTURED',
    captured_amount: order.orderAmount,
    refunded_amount: board.totalAmount,
    remaining_authorized_amount: 0,
  });
  expect(orders.order(order.id)).toMatchObject({
    status: 'CAPTURED',
    capturedAmount: order.orderAmount,
    refundedAmount: board.totalAmount,
  });
});
