import 'server-only';

import { releaseRemainingAuthorization } from '@/lib/klarna';
import type { ReleaseInput } from '@/lib/validations/admin-orders';
import { releaseRemainingKey } from './idempotency-keys';
import { statusText } from './klarna-order';
import { ACTION_EVENTS, defineOrderAction } from './run-action';

/**
 * Gives up what is left of the authorization after a partial capture (the rest will not ship); the
 * order is then closed. Klarna allows it only on a part-captured order.
 */
export const releaseRemaining = defineOrderAction<ReleaseInput>(
  { type: ACTION_EVENTS.release, what: 'release of the remaining authorization' },
  async (ctx, input) => {
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
        { idempotencyKey },
      );
    }
    if (klarna.status !== 'PART_CAPTURED' || remaining === 0) {
      return ctx.refuse(
        'refused',
        `There is no remaining authorization to release: the order is ${statusText(klarna)}.`,
        { idempotencyKey },
      );
    }
    if (klarna.captured_amount !== input.expectedCapturedAmount || remaining !== input.expectedAmount) {
      return ctx.refuse(
        'stale',
        `The order changed since this page was opened: ${money(remaining)} is left now, not ${money(input.expectedAmount)}. Check it and try again.`,
        { idempotencyKey },
      );
    }

    const written = await ctx.writeAndRecord({
      idempotencyKey,
      amount: remaining,
      send: () => releaseRemainingAuthorization({ ...ctx.ref, idempotencyKey }, ctx.options),
      wentThrough: (after) => after.remaining_authorized_amount === 0 && after.status !== 'PART_CAPTURED',
      message: `Released the remaining ${money(remaining)}`,
      fallback: { status: 'CLOSED', klarnaStatus: 'CLOSED' },
    });
    if ('result' in written) return written.result;
    return { ok: true, message: `Released the remaining ${money(remaining)}. The order is closed.` };
  },
);
