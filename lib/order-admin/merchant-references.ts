import 'server-only';

import { updateMerchantReferences } from '@/lib/klarna';
import type { MerchantReferencesInput } from '@/lib/validations/admin-orders';
import { merchantReferencesKey } from './idempotency-keys';
import { ACTION_EVENTS, defineOrderAction } from './run-action';

/**
 * Sets the order's merchant references (e.g. an ERP or invoice number; "" clears one). Klarna
 * refuses this on a cancelled order.
 */
export const setMerchantReferences = defineOrderAction<MerchantReferencesInput>(
  { type: ACTION_EVENTS.merchantReferences, what: 'change of merchant references' },
  async (ctx, input) => {
    const { klarna, order } = ctx;
    const current = {
      reference1: klarna.merchant_reference1 ?? '',
      reference2: klarna.merchant_reference2 ?? '',
    };
    const wanted = { reference1: input.reference1, reference2: input.reference2 };
    const idempotencyKey = merchantReferencesKey(
      ctx.ref.orderId,
      order.merchantReferenceChanges,
      current,
      wanted,
    );
    if (current.reference1 === wanted.reference1 && current.reference2 === wanted.reference2) {
      // Sent again after this very change went through: one change, one event.
      const shown = { reference1: input.expectedReference1, reference2: input.expectedReference2 };
      if (order.merchantReferenceChanges > 0) {
        await ctx.noteReplay(
          merchantReferencesKey(ctx.ref.orderId, order.merchantReferenceChanges - 1, shown, wanted),
        );
      }
      return { ok: true, message: 'Klarna already has these merchant references.' };
    }
    if (current.reference1 !== input.expectedReference1 || current.reference2 !== input.expectedReference2) {
      return ctx.refuse(
        'stale',
        `The references changed since this page was opened (now "${current.reference1}" and "${current.reference2}"). Check them and try again.`,
        { idempotencyKey },
      );
    }
    if (klarna.status === 'CANCELLED') {
      return ctx.refuse('refused', 'Klarna does not allow changes to a cancelled order.', { idempotencyKey });
    }

    const written = await ctx.writeAndRecord({
      idempotencyKey,
      send: () =>
        updateMerchantReferences(
          {
            ...ctx.ref,
            idempotencyKey,
            references: { merchant_reference1: wanted.reference1, merchant_reference2: wanted.reference2 },
          },
          ctx.options,
        ),
      wentThrough: (after) =>
        (after.merchant_reference1 ?? '') === wanted.reference1 &&
        (after.merchant_reference2 ?? '') === wanted.reference2,
      message: `Merchant references "${current.reference1}", "${current.reference2}" → "${wanted.reference1}", "${wanted.reference2}"`,
      fallback: {
        merchantReference1: wanted.reference1 || null,
        merchantReference2: wanted.reference2 || null,
      },
    });
    if ('result' in written) return written.result;
    return { ok: true, message: 'Merchant references saved at Klarna.' };
  },
);
