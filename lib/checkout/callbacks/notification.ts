import 'server-only';

import { applyFraudDecision, getOrderByKlarnaOrderId } from '@/lib/data/orders';
import type { OrderStatus } from '@/lib/generated/prisma/client';
import { getOrder, isKlarnaError, type KlarnaCallOptions } from '@/lib/klarna';
import type { KlarnaRegion } from '@/lib/markets';
import { secretMatches } from '@/lib/secrets';
import { fraudNotificationSchema } from '@/lib/validations/checkout';

export interface NotificationAnswer {
  status: number;
  body: { status: string; message?: string; fraud_status?: string };
}

/**
 * A pending-order notification (`{ order_id, event_type }` to `merchant_urls.notification`). The body
 * only says "look again": the order is re-read from Order Management and that answer is applied.
 * Klarna re-sends until it gets a 2xx, so an unchanged order is a 200 without a new event, and a
 * Klarna outage is a 503 so it tries later.
 */
export async function handleFraudNotification(
  input: { secret: string | null; body: unknown },
  options: KlarnaCallOptions = {},
): Promise<NotificationAnswer> {
  const parsed = fraudNotificationSchema.safeParse(input.body);
  if (!parsed.success) {
    return { status: 400, body: { status: 'invalid', message: 'Expected { order_id, event_type }.' } };
  }
  const order = await getOrderByKlarnaOrderId(parsed.data.order_id);
  if (!order || !secretMatches(input.secret, order.callbackSecret)) {
    return { status: 404, body: { status: 'not_found', message: 'Unknown order or wrong secret.' } };
  }

  let klarnaOrder;
  try {
    klarnaOrder = await getOrder(
      { region: order.region as KlarnaRegion, orderId: order.klarnaOrderId },
      options,
    );
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return { status: 503, body: { status: 'unavailable', message: 'Could not read the order from Klarna.' } };
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
      message: `${parsed.data.event_type}: fraud status ${order.fraudStatus ?? 'none'} → ${fraudStatus}, Klarna status ${klarnaOrder.status}`,
    });
  }
  return { status: 200, body: { status: 'ok', fraud_status: fraudStatus } };
}
