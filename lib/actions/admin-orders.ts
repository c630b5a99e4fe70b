'use server';

import type { SessionUser } from '@/lib/auth';
import { recordEventIfOrderExists } from '@/lib/data/order-settlements';
import { cancelPayment } from '@/lib/order-admin/cancel';
import { capturePayment } from '@/lib/order-admin/capture';
import { extendAuthorization } from '@/lib/order-admin/extend';
import { setMerchantReferences } from '@/lib/order-admin/merchant-references';
import { syncOrder } from '@/lib/order-admin/reconcile';
import { refundPayment } from '@/lib/order-admin/refund';
import { releaseRemaining } from '@/lib/order-admin/release';
import { ACTION_EVENTS } from '@/lib/order-admin/run-action';
import {
  cancelSchema,
  captureSchema,
  extendSchema,
  fieldErrorsOf,
  formDataToInput,
  merchantReferencesSchema,
  refundSchema,
  releaseSchema,
  syncSchema,
} from '@/lib/validations/admin-orders';
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { adminAction } from './admin-action';
import { INVALID_INPUT_MESSAGE, type ActionResult } from './validated-action';

/*
 * Staff actions on a Klarna order, for `useActionState` forms: (previous state, FormData) → state.
 * Each checks the admin role, validates with zod and runs one use-case from lib/order-admin, which
 * re-reads the order from Klarna first and records every outcome on the order's timeline.
 */

/**
 * An admin action on one order. A form refused as invalid leaves an `eventType` event on the
 * order's timeline (when it names an order), as every other refusal does; the order's pages are
 * refreshed after every answer, since refusals leave an event too.
 */
function orderAction<Schema extends z.ZodType<{ orderId: string }>>(
  eventType: string,
  schema: Schema,
  handler: (input: z.output<Schema>, admin: SessionUser) => Promise<ActionResult>,
) {
  return adminAction(schema, handler, {
    readForm: formDataToInput,
    fieldErrors: fieldErrorsOf,
    async onInvalid(input, fieldErrors, admin) {
      if (typeof input.orderId === 'string') {
        await recordEventIfOrderExists(input.orderId, {
          type: eventType,
          actor: admin.email,
          outcome: 'FAILURE',
          message: `Refused before sending: the form was not valid (${Object.values(fieldErrors).join(' ')})`,
        });
        revalidatePath(`/admin/orders/${input.orderId}`);
      }
      return { ok: false, message: INVALID_INPUT_MESSAGE, fieldErrors };
    },
    onDone(input) {
      revalidatePath(`/admin/orders/${input.orderId}`);
      revalidatePath('/admin/orders');
    },
    failureMessage:
      'Something went wrong and the action stopped. Check the order’s timeline before trying again.',
    logAs: 'admin action',
  });
}

export const captureOrderAction = orderAction(ACTION_EVENTS.capture, captureSchema, (input, admin) =>
  capturePayment(input, admin.email),
);

export const refundOrderAction = orderAction(ACTION_EVENTS.refund, refundSchema, (input, admin) =>
  refundPayment(input, admin.email),
);

export const cancelOrderAction = orderAction(ACTION_EVENTS.cancel, cancelSchema, (input, admin) =>
  cancelPayment(input, admin.email),
);

export const extendAuthorizationAction = orderAction(ACTION_EVENTS.extend, extendSchema, (input, admin) =>
  extendAuthorization(input, admin.email),
);

export const releaseRemainingAction = orderAction(ACTION_EVENTS.release, releaseSchema, (input, admin) =>
  releaseRemaining(input, admin.email),
);

export const updateMerchantReferencesAction = orderAction(
  ACTION_EVENTS.merchantReferences,
  merchantReferencesSchema,
  (input, admin) => setMerchantReferences(input, admin.email),
);

export const syncOrderAction = orderAction(ACTION_EVENTS.sync, syncSchema, (input, admin) =>
  syncOrder(input, admin.email),
);
