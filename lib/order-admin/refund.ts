import 'server-only';

import { refundOrder, type RefundRequest } from '@/lib/klarna';
import type { RefundInput } from '@/lib/validations/admin-orders';
import { refundKey } from './idempotency-keys';
import { refundBasis, takenQuantities } from './line-selection';
import { ACTION_EVENTS, runOrderAction, type OrderActionOptions, type OrderActionResult } from './run-action';
import { checkedIntent, linesToSend, recoveredNote, sendSettlement, settledNote } from './settle';

/**
 * Refunds everything captured and not yet refunded, chosen lines and quantities, or a typed amount,
 * with a reason (sent to Klarna as the refund's description). Refuses an order with nothing
 * captured, more than is refundable, lines not captured, and a form whose refunded total no longer
 * matches Klarna's. The key follows the refunded total after this refund; it is also the refund's
 * reference, so a refund whose answer was lost is recognised and recorded once.
 */
export async function refundPayment(
  input: RefundInput,
  actor: string,
  options: OrderActionOptions = {},
): Promise<OrderActionResult> {
  return runOrderAction(
    { orderId: input.orderId, actor, type: ACTION_EVENTS.refund, what: 'refund' },
    options,
    async (ctx) => {
      const { order, klarna, money } = ctx;

      const checked = await checkedIntent(ctx, input, {
        verb: 'refund',
        klarnaTotal: klarna.refunded_amount,
        expectedTotal: input.expectedRefundedAmount,
        key: (totalAfter) => refundKey(ctx.ref.orderId, totalAfter),
        earlierAmount: (reference) =>
          klarna.refunds.find((existing) => existing.reference === reference)?.refunded_amount,
      });
      if ('answer' in checked) return checked.answer;
      const { intended, idempotencyKey } = checked;

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

      const sent = await sendSettlement(ctx, {
        verb: 'refund',
        idempotencyKey,
        amount: intended,
        send: async () => {
          const created = await refundOrder({ ...ctx.ref, idempotencyKey, refund }, ctx.options);
          return { id: created.refundId, correlationId: created.correlationId };
        },
        findAtKlarna: (after, reference) => {
          const found = after.refunds.find((existing) => existing.reference === reference);
          return found && { id: found.refund_id };
        },
      });
      if ('result' in sent) return sent.result;
      const { id: refundId, correlationId, recovered } = sent;

      const refundedAfter = klarna.refunded_amount + intended;
      await ctx.commit({
        refunds: [
          {
            klarnaRefundId: refundId,
            amount: intended,
            lines: selection?.recorded ?? [],
            description: input.reason,
            idempotencyKey,
            actor: ctx.actor,
            refundedAt: ctx.now,
            event: {
              type: ACTION_EVENTS.refund,
              actor: ctx.actor,
              outcome: 'SUCCESS',
              amount: intended,
              idempotencyKey,
              correlationId,
              message: `Refunded ${money(intended)}${settledNote(selection)}: ${input.reason}; refund ${refundId}${recoveredNote('refund', recovered)}.`,
            },
          },
        ],
        // A refund leaves Klarna's status, and what is left to capture, as they were.
        fallback: { refundedAmount: refundedAfter },
      });
      return {
        ok: true,
        message: `Refunded ${money(intended)}. Refunded in total: ${money(refundedAfter)} of ${money(klarna.captured_amount)} captured.`,
      };
    },
  );
}
