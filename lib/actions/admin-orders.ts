'use server';

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
  merchantReferencesSchema,
  refundSchema,
  releaseSchema,
  syncSchema,
} from '@/lib/validations/admin-orders';
import { adminAction } from './admin-action';

/*
 * Staff actions on a Klarna order, for `useActionState` forms: (previous state, FormData) → state.
 * Each checks the admin role, validates with zod and runs one use-case from lib/order-admin, which
 * re-reads the order from Klarna first and records every outcome on the order's timeline.
 */

export const captureOrderAction = adminAction(ACTION_EVENTS.capture, captureSchema, (input, admin) =>
  capturePayment(input, admin.email),
);

export const refundOrderAction = adminAction(ACTION_EVENTS.refund, refundSchema, (input, admin) =>
  refundPayment(input, admin.email),
);

export const cancelOrderAction = adminAction(ACTION_EVENTS.cancel, cancelSchema, (input, admin) =>
  cancelPayment(input, admin.email),
);

export const extendAuthorizationAction = adminAction(ACTION_EVENTS.extend, extendSchema, (input, admin) =>
  extendAuthorization(input, admin.email),
);

export const releaseRemainingAction = adminAction(ACTION_EVENTS.release, releaseSchema, (input, admin) =>
  releaseRemaining(input, admin.email),
);

export const updateMerchantReferencesAction = adminAction(
  ACTION_EVENTS.merchantReferences,
  merchantReferencesSchema,
  (input, admin) => setMerchantReferences(input, admin.email),
);

export const syncOrderAction = adminAction(ACTION_EVENTS.sync, syncSchema, (input, admin) =>
  syncOrder(input, admin.email),
);
