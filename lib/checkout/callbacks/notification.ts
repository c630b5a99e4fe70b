import 'server-only';

import { getOrderByKlarnaOrderId } from '@/lib/data/order-reads';
import { applyFraudDecision, type OrderStatus } from '@/lib/data/orders';
import { getOrder, isKlarnaError, type FraudStatus, type KlarnaCallOptions } from '@/lib/klarna';
import { fail, succeed, type Result } from '@/lib/result';
import { fraudNotificationSchema } from '@/lib/validations/checkout';
import { verifyCallback, type CallbackRequest } from './verify';

export type NotificationResult = Result<
  { fraudStatus: FraudStatus },
  'invalid_body' | 'not_found' | 'klarna_unavailable'
>;

/**
 * A pending-order notification (`{ order_id, event_type }` to `merchant_urls.notification`). The body
 * only says "look again": the order is re-read from Order Management and that answer is applied.
 * Klarna re-sends until it is acknowledged, so an unchanged order succeeds without a new event, and
 * a Klarna outage fails as `klarna_unavailable` so it tries later.
 */
export async function handleFraudNotification(
  request: CallbackRequest,
  options: KlarnaCallOptions = {},
): Promise<NotificationResult> {
  const verified = await verifyCallback(
    request,
    fraudNotificationSchema,
    (body) => getOrderByKlarnaOrderId(body.order_id),
    { invalidBody: 'Expected { order_id, event_type }.', notFound: 'Unknown order or wrong secret.' },
  );
  if (!verified.ok) return verified;
  const { body, row: order } = verified;

  let klarnaOrder;
  try {
    klarnaOrder = await getOrder({ region: order.region, orderId: order.klarnaOrderId }, options);
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return fail('klarna_unavailable', 'Could not read the order from Klarna.');
  }

  const fraudStatus = klarnaOrder.fraud_status;
  // Klarna cancels a rejected order itself; mirror that even before its status says so.
  const status: OrderStatus =
    fraudStatus === 'REJECTED' || klarnaOrder.status === 'CANCELLED' ? 'CANCELLED' : order.status;
  if (fraudStatus !== order.fraudStatus || status !== order.status) {
    await applyFraudDecision({
      orderId: order.id,
      fraudStatus,
      status,
      actor: 'klarna-notification',
      message: `${body.event_type}: fraud status ${order.fraudStatus ?? 'none'} → ${fraudStatus}, Klarna status ${klarnaOrder.status}`,
    });
  }
  return succeed({ fraudStatus });
}
