import 'server-only';

import { cancelOrder } from '@/lib/klarna';
import type { CancelInput } from '@/lib/validations/admin-orders';
import { cancelKey } from './idempotency-keys';
import { statusText } from './klarna-order';
import { ACTION_EVENTS, defineOrderAction } from './run-action';

/**
 * Cancels an order nothing has been captured from, releasing the whole authorization. Klarna refuses
 * to cancel once anything is captured (refund instead), so that is refused here first.
 */
export const cancelPayment = defineOrderAction<CancelInput>(
  { type: ACTION_EVENTS.cancel, what: 'cancellation' },
  async (ctx, input) => {
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
        `Klarna does not allow cancelling an order that is ${statusText(klarna)}.`,
        {
          idempotencyKey,
        },
      );
    }

    const written = await ctx.writeAndRecord({
      idempotencyKey,
      amount: klarna.order_amount,
      send: () => cancelOrder({ ...ctx.ref, idempotencyKey }, ctx.options),
      wentThrough: (after) => after.status === 'CANCELLED',
      message: `Cancelled; the authorization of ${money(klarna.order_amount)} is released`,
      fallback: { status: 'CANCELLED', klarnaStatus: 'CANCELLED' },
    });
    if ('result' in written) return written.result;
    return {
      ok: true,
      message: `Cancelled. The authorization of ${money(klarna.order_amount)} is released.`,
    };
  },
);
