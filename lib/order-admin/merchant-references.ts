import 'server-only';

import { updateMerchantReferences } from '@/lib/klarna';
import type { MerchantReferencesInput } from '@/lib/validations/admin-orders';
import { merchantReferencesKey } from './idempotency-keys';
import { ACTION_EVENTS, runOrderAction, type OrderActionOptions, type OrderActionResult } from './run-action';

/**
 * Sets the order's merchant references (e.g. an ERP or invoice number; "" clears one). Klarna
 * refuses this on a cancelled order.
 */
export async function setMerchantReferences(
  input: MerchantReferencesInput,
  actor: string,
  options: OrderActionOptions = {},
): Promise<OrderActionResult> {
  return runOrderAction(
    {
      orderId: input.orderId,
      actor,
      type: ACTION_EVENTS.merchantReferences,
      what: 'change of merchant references',
    },
    options,
    async (ctx) => {
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
      if (
        current.reference1 !== input.expectedReference1 ||
        current.reference2 !== input.expectedReference2
      ) {
        return ctx.refuse(
          'stale',
          `The references changed since this page was opened (now "${current.reference1}" and "${current.reference2}"). Check them and try again.`,
          { idempotencyKey },
        );
      }
      if (klarna.status === 'CANCELLED') {
        return ctx.refuse('refused', 'Klarna does not allow changes to a cancelled order.', {
          idempotencyKey,
        });
      }

      let recovered = false;
      try {
        await updateMerchantReferences(
          {
            ...ctx.ref,
            idempotencyKey,
            references: { merchant_reference1: wanted.reference1, merchant_reference2: wanted.reference2 },
          },
          ctx.options,
        );
      } catch (error) {
        const failure = await ctx.writeFailed(error, {
          idempotencyKey,
          what: 'change of merchant references',
          recover: (after) =>
            (after.merchant_reference1 ?? '') === wanted.reference1 &&
            (after.merchant_reference2 ?? '') === wanted.reference2
              ? true
              : null,
        });
        if ('result' in failure) return failure.result;
        recovered = true;
      }
      await ctx.commit({
        events: [
          {
            type: ACTION_EVENTS.merchantReferences,
            actor: ctx.actor,
            outcome: 'SUCCESS',
            idempotencyKey,
            message: `Merchant references "${current.reference1}", "${current.reference2}" → "${wanted.reference1}", "${wanted.reference2}"${
              recovered ? ' (Klarna’s first answer was lost; confirmed on re-reading the order)' : ''
            }.`,
          },
        ],
        fallback: {
          merchantReference1: wanted.reference1 || null,
          merchantReference2: wanted.reference2 || null,
        },
      });
      return { ok: true, message: 'Merchant references saved at Klarna.' };
    },
  );
}
