/**
 * Shared by the admin integration tests: orders placed through the real checkout (session →
 * headless approval on the emulator → finalizeOrder), and reads of what Klarna (the emulator) and
 * the database hold afterwards.
 */
import type { CaptureInput, RefundInput } from '@/lib/validations/admin-orders';
import { customerFor, type CheckoutHarness } from './checkout-fixtures';

export const ADMIN = 'admin@example.com';

export interface PlacedOrder {
  id: string;
  klarnaOrderId: string;
  orderAmount: number;
  lines: { position: number; name: string; quantity: number; totalAmount: number }[];
}

/** Places an order the way a shopper does and returns it as recorded. */
export async function placeOrder(
  h: CheckoutHarness,
  country: 'SE' | 'US' | 'AU' | 'DE' | 'GB',
  items: { slug: string; quantity: number }[],
  email?: string,
): Promise<PlacedOrder> {
  const { startCheckoutSession } = await import('@/lib/checkout/start-session');
  const { finalizeOrder } = await import('@/lib/checkout/place-order');
  const cartId = await h.createCart(country, items);
  const started = await startCheckoutSession(
    { cartId, customer: customerFor(country, email) },
    { config: h.config, appUrl: h.appUrl },
  );
  if (!started.ok) throw new Error(`checkout session failed: ${started.message}`);
  const token = await h.approve(started.paymentSession.klarnaSessionId, email);
  const placed = await finalizeOrder(
    { paymentSessionId: started.paymentSession.id, authorizationToken: token, actor: 'shopper' },
    { config: h.config },
  );
  if (!placed.ok || placed.outcome !== 'placed')
    throw new Error(`order not placed: ${JSON.stringify(placed)}`);
  await h.callbacksIdle();
  const order = await (
    await h.prisma()
  ).order.findUniqueOrThrow({
    where: { id: placed.orderId },
    include: { lines: { orderBy: { position: 'asc' } } },
  });
  if (!order.klarnaOrderId) throw new Error('placed order without a Klarna id');
  return {
    id: order.id,
    klarnaOrderId: order.klarnaOrderId,
    orderAmount: order.orderAmount,
    lines: order.lines.map(({ position, name, quantity, totalAmount }) => ({
      position,
      name,
      quantity,
      totalAmount,
    })),
  };
}

export interface KlarnaOrderView {
  status: string;
  captured_amount: number;
  refunded_amount: number;
  remaining_authorized_amount: number;
  expires_at: string;
  merchant_reference1?: string;
  captures: {
    capture_id: string;
    captured_amount: number;
    reference?: string;
    order_lines: { name: string; quantity: number }[];
  }[];
  refunds: { refund_id: string; refunded_amount: number; reference?: string; description?: string }[];
}

/** The order as Klarna's Order Management API returns it (GET over HTTP, as a merchant would). */
export async function klarnaOrder(
  h: CheckoutHarness,
  klarnaOrderId: string,
  region = 'eu',
): Promise<KlarnaOrderView> {
  const credentials = {
    eu: 'PK_EU_TEST:emulator-eu',
    na: 'PK_NA_TEST:emulator-na',
    oc: 'PK_OC_TEST:emulator-oc',
  }[region];
  const response = await fetch(`${h.emulatorUrl}/${region}/ordermanagement/v1/orders/${klarnaOrderId}`, {
    headers: { Authorization: `Basic ${Buffer.from(credentials ?? '').toString('base64')}` },
  });
  if (!response.ok) throw new Error(`GET order ${response.status}`);
  return (await response.json()) as KlarnaOrderView;
}

/** Order Management requests the emulator received (newest last), optionally for one path suffix. */
export async function omRequests(h: CheckoutHarness, suffix?: string) {
  const { body } = await h.control('/_emulator/requests');
  const requests = (body as { requests: { method: string; path: string; status: number; body?: unknown }[] })
    .requests;
  return requests.filter(
    (request) => request.path.includes('/ordermanagement/') && (!suffix || request.path.endsWith(suffix)),
  );
}

export async function dbOrder(h: CheckoutHarness, id: string) {
  return (await h.prisma()).order.findUniqueOrThrow({
    where: { id },
    include: {
      captures: { orderBy: { capturedAt: 'asc' } },
      refunds: { orderBy: { refundedAt: 'asc' } },
      events: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    },
  });
}

export async function capture(h: CheckoutHarness, input: CaptureInput, options: { retries?: number } = {}) {
  const { capturePayment } = await import('@/lib/order-admin/capture');
  return capturePayment(input, ADMIN, { config: configWith(h, options.retries) });
}

export async function refund(h: CheckoutHarness, input: RefundInput) {
  const { refundPayment } = await import('@/lib/order-admin/refund');
  return refundPayment(input, ADMIN, { config: h.config });
}

/** The harness's Klarna config, optionally with another number of attempts per request. */
export function configWith(h: CheckoutHarness, attempts?: number) {
  return attempts === undefined
    ? h.config
    : { ...h.config, retry: { ...h.config.retry, maxAttempts: attempts } };
}
