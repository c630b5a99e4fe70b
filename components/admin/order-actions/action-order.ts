import type { AdminOrderDetail } from '@/lib/data/admin-order';
import { orderAmounts } from '@/lib/order-admin/amounts';
import { takenQuantities } from '@/lib/order-admin/line-selection';
import type { ActionOrder } from './types';

/** What the order page hands its action dialogs: plain data, amounts as Klarna's copy has them. */
export function actionOrderOf(order: AdminOrderDetail, now: Date): ActionOrder {
  const captured = takenQuantities(order.captures.map((capture) => capture.lines));
  const refunded = takenQuantities(order.refunds.map((refund) => refund.lines));
  return {
    id: order.id,
    number: order.number,
    currency: order.currency,
    locale: order.locale,
    status: order.status,
    fraudStatus: order.fraudStatus,
    hasKlarnaOrder: order.klarnaOrderId !== null,
    orderAmount: order.orderAmount,
    capturedAmount: order.capturedAmount,
    refundedAmount: order.refundedAmount,
    remainingAmount: orderAmounts(order).leftToCapture,
    authorizationExpiresAt: order.authorizationExpiresAt?.toISOString() ?? null,
    authorizationExpired: Boolean(
      order.authorizationExpiresAt && order.authorizationExpiresAt.getTime() <= now.getTime(),
    ),
    merchantReference1: order.merchantReference1 ?? '',
    merchantReference2: order.merchantReference2 ?? '',
    lines: order.lines.map((line) => ({
      ...line,
      captured: captured.get(line.position) ?? 0,
      refunded: refunded.get(line.position) ?? 0,
    })),
  };
}
