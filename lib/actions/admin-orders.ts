'use server';

import { cancelPayment } from '@/lib/payments/cancel';
import { capturePayment } from '@/lib/payments/capture';
import { extendAuthorization } from '@/lib/payments/extend';
import { setMerchantReferences } from '@/lib/payments/merchant-references';
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

export const captureOrderAction = adminAction(captureSchema, (input, admin) =>
  capturePayment(input, admin.email),
);

export const refundOrderAction = adminAction(refundSchema, (input, admin) =>
  refundPayment(input, admin.email),
);

export const cancelOrderAction = adminAction(cancelSchema, (input, admin) =>
  cancelPayment(input, admin.email),
);

export const extendAuthorizationAction = adminAction(extendSchema, (input, admin) =>
  extendAuthorization(input, admin.email),
);

export const releaseRemainingAction = adminAction(releaseSchema, (input, admin) =>
  releaseRemaining(input, admin.email),
);

export const updateMerchantReferencesAction = adminAction(merchantReferencesSchema, (input, admin) =>
  setMerchantReferences(input, admin.email),
);

export const syncOrderAction = adminAction(syncSchema, (input, admin) => syncOrder(input, admin.email));
