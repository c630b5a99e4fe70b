import 'server-only';

import { releaseRemainingAuthorization } from '@/lib/klarna';
import type { ReleaseInput } from '@/lib/validations/admin-orders';
import { releaseRemainingKey } from './idempotency-keys';
import { ACTION_EVENTS, runOrderAction, type OrderActionOptions, type OrderActionResult } from './run-action';

/**
 * Gives up what is left of the authorization after a partial capture (the rest will not ship); the
 * order is then closed. Klarna allows it only on a part-captured order.
 */
export async function releaseRemaining(
  input: ReleaseInput,
  actor: string,
  options: OrderActionOptions = {},
): Promise<OrderActionResult> {
  return runOrderAction(
    {
      orderId: input.orderId,
      actor,
      type: ACTION_EVENTS.release,
      what: 'release of the remaining authorization',
    },
    options,
    async (ctx) => {
      const { klarna, money } = ctx;
      const idempotencyKey = releaseRemainingKey(ctx.ref.orderId, klarna.captured_amount);
      const remaining = klarna.remaining_authorized_amount;
      // Pressed again (or by a second admin) after this very release went through.
      if (klarna.status !== 'PART_CAPTURED' && (await ctx.noteReplay(idempotencyKey))) {
        return { ok: true, message: 'The remaining authorization is already released; the order is closed.' };
      }
      if (klarna.status === 'AUTHORIZED') {
        return ctx.refuse(
          'refused',
          'Nothing has been captured yet, so Klarna does not release part of it. Cancel the order instead.',
          {
            idempotencyKey,
          },
        );
      }
      if (klarna.status !== 'PART_CAPTURED' || remaining === 0) {
        return ctx.refuse(
          'refused',
          `There is no remaining authorization to release: the order is ${klarna.status.toLowerCase().replace('_', ' ')}.`,
          {
            idempotencyKey,
          },
        );
      }
      if (klarna.captured_amount !== input.expectedCapturedAmount || remaining !== input.expectedAmount) {
        return ctx.refuse(
          'stale',
          `The order changed since this page was opened: ${money(remaining)} is left now, not ${money(input.expectedAmount)}. Check it and try again.`,
          { idempotencyKey },
        );
      }

      let recovered = false;
      try {
        await releaseRemainingAuthorization({ ...ctx.ref, idempotencyKey }, ctx.options);
      } catch (error) {
        const failure = await ctx.writeFailed(error, {
          idempotencyKey,
          amount: remaining,
          what: 'release of the remaining authorization',
          recover: (after) =>
            after.remaining_authorized_amount === 0 && after.status !== 'PART_CAPTURED' ? true : null,
        });
        if ('result' in failure) return failure.result;
        recovered = true;
      }
      await ctx.commit({
        events: [
          {
            type: ACTION_EVENTS.release,
            actor: ctx.actor,
            outcome: 'SUCCESS',
            amount: remaining,
            idempotencyKey,
            message: `Released the remaining ${money(remaining)}${recovered ? ' (Klarna’s first answer was lost; confirmed on re-reading the order)' : ''}.`,
          },
        ],
        fallback: { status: 'CLOSED', klarnaStatus: 'CLOSED' },
      });
      return { ok: true, message: `Released the remaining ${money(remaining)}. The order is closed.` };
    },
  );
}
