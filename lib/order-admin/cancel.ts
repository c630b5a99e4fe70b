import 'server-only';

import { cancelOrder } from '@/lib/klarna';
import type { CancelInput } from '@/lib/validations/admin-orders';
import { cancelKey } from './idempotency-keys';
import { ACTION_EVENTS, runOrderAction, type OrderActionOptions, type OrderActionResult } from './run-action';

/**
 * Cancels an order nothing has been captured from, releasing the whole authorization. Klarna refuses
 * to cancel once anything is captured (refund instead), so that is refused here first.
 */
export async function cancelPayment(
  input: CancelInput,
  actor: string,
  options: OrderActionOptions = {},
): Promise<OrderActionResult> {
  return runOrderAction(
    { orderId: input.orderId, actor, type: ACTION_EVENTS.cancel, what: 'cancellation' },
    options,
    async (ctx) => {
      const { klarna, money } = ctx;
      const idempotencyKey = cancelKey(ctx.ref.orderId);
      if (klarna.status === 'CANCELLED') {
        // Pressed again (or by a second admin) after it went through: one cancellation, one event.
        await ctx.noteReplay(idempotencyKey);
        return { ok: true, message: 'The order is cancelled at Klarna.' };
      }
      if (klarna.captured_amount > 0 || klarna.captures.length > 0) {
        return ctx.refuse(
          'refused',
          `${money(klarna.captured_amount)} has already been captured, so Klarna does not allow cancelling this order. Refund it instead.`,
          { idempotencyKey },
        );
      }
      if (klarna.captured_amount !== input.expectedCapturedAmount) {
        return ctx.refuse('stale', 'The order changed since this page was opened. Check it and try again.', {
          idempotencyKey,
        });
      }
      if (klarna.status !== 'AUTHORIZED') {
        return ctx.refuse(
          'refused',
          `Klarna does not allow cancelling an order that is ${klarna.status.toLowerCase().replace('_', ' ')}.`,
          {
            idempotencyKey,
          },
        );
      }

      let recovered = false;
      try {
        await cancelOrder({ ...ctx.ref, idempotencyKey }, ctx.options);
      } catch (error) {
        const failure = await ctx.writeFailed(error, {
          idempotencyKey,
          what: 'cancellation',
          recover: (after) => (after.status === 'CANCELLED' ? true : null),
        });
        if ('result' in failure) return failure.result;
        recovered = true;
      }
      await ctx.commit({
        events: [
          {
            type: ACTION_EVENTS.cancel,
            actor: ctx.actor,
            outcome: 'SUCCESS',
            amount: klarna.order_amount,
            idempotencyKey,
            message: `Cancelled; the authorization of ${money(klarna.order_amount)} is released${recovered ? ' (Klarna’s first answer was lost; confirmed on re-reading the order)' : ''}.`,
          },
        ],
        fallback: { status: 'CANCELLED', klarnaStatus: 'CANCELLED' },
      });
      return {
        ok: true,
        message: `Cancelled. The authorization of ${money(klarna.order_amount)} is released.`,
      };
    },
  );
}
