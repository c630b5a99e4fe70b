import 'server-only';

import type { RefundRequest } from '@/lib/klarna';
import type { RefundInput } from '@/lib/validations/admin-orders';
import { refundBasis, takenQuantities } from './line-selection';
import { defineSettlement, linesToSend, sendAndRecord } from './settle';

/**
 * Refunds everything captured and not yet refunded, chosen lines and quantities, or a typed amount,
 * with a reason (sent to Klarna as the refund's description). Refuses an order with nothing
 * captured, more than is refundable, lines not captured, and a form whose refunded total no longer
 * matches Klarna's. The key follows the refunded total after this refund; it is also the refund's
 * reference, so a refund whose answer was lost is recognised and recorded once.
 */
export const refundPayment = defineSettlement<RefundInput>(
  'refund',
  (input) => input.expectedRefundedAmount,
  async (ctx, input, { intended, idempotencyKey }) => {
    const { order, klarna, money } = ctx;

    const refundable = klarna.captured_amount - klarna.refunded_amount;
    if (klarna.captured_amount === 0) {
      return ctx.refuse(
        'refused',
        'Nothing has been captured, so there is nothing to refund. Cancel the order instead.',
        { amount: intended },
      );
    }
    if (intended > refundable) {
      const message = `Only ${money(refundable)} can be refunded, not ${money(intended)}.`;
      return ctx.refuse('invalid', message, { amount: intended, fieldErrors: { amount: message } });
    }

    const captured = takenQuantities(order.captures.map((capture) => capture.lines));
    const refunded = takenQuantities(order.refunds.map((refund) => refund.lines));
    const basis = refundBasis(order.lines, captured, refunded);
    const lines = await linesToSend(ctx, input, {
      verb: 'refund',
      basis,
      intended,
      left: refundable,
      leftNow: 'is refundable now',
    });
    if ('refused' in lines) return lines.refused;
    const { selection } = lines;

    const refund: RefundRequest = {
      refunded_amount: intended,
      description: input.reason,
      reference: idempotencyKey,
      ...(selection ? { order_lines: selection.klarnaLines as RefundRequest['order_lines'] } : {}),
    };

    const refundedAfter = klarna.refunded_amount + intended;
    return sendAndRecord(ctx, {
      verb: 'refund',
      request: refund,
      extra: { description: input.reason },
      amount: intended,
      idempotencyKey,
      selection,
      detail: `: ${input.reason}`,
      total: { after: refundedAfter, of: `${money(klarna.captured_amount)} captured` },
      // A refund leaves Klarna's status, and what is left to capture, as they were.
      fallback: { refundedAmount: refundedAfter },
    });
  },
);
