'use server';

import { cancelPayment } from '@/lib/payments/cancel';
import { capturePayment } from '@/lib/payments/capture';
import { extendAuthorization } from '@/lib/payments/extend';
import { setMerchantReferences } from '@/lib/payments/merchant-references';
import { ACTION_EVENTS } from '@/lib/payments/order-management';
import { refundPayment } from '@/lib/payments/refund';
import { releaseRemaining } from '@/lib/payments/release';
import { syncOrder } from '@/lib/payments/sync-order';
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
 * Each checks the admin role, validates with zod and runs one use-case from lib/payments, which
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
