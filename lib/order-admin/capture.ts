import 'server-only';

import type { CaptureRequest, ShippingInfo } from '@/lib/klarna';
import type { CaptureInput } from '@/lib/validations/admin-orders';
import { authorizationExpired, statusText } from './klarna-order';
import { captureBasis, takenQuantities } from './line-selection';
import { defineSettlement, linesToSend, sendAndRecord } from './settle';

/**
 * Captures the whole remaining amount, chosen lines and quantities, or a typed amount, with
 * optional shipping details. Refuses, without calling Klarna, what Klarna would refuse (an order
 * that is not open, pending or rejected by the fraud check, expired, or more than is left) and a
 * form whose captured total no longer matches Klarna's. The idempotency key is derived from the
 * captured total after this capture, and also sent as the capture's reference: if an earlier
 * attempt went through but its answer was lost, the capture is recognised and recorded once.
 */
export const capturePayment = defineSettlement<CaptureInput>(
  'capture',
  (input) => input.expectedCapturedAmount,
  async (ctx, input, { intended, idempotencyKey }) => {
    const { order, klarna, money } = ctx;

    // What Klarna would refuse.
    if (klarna.status !== 'AUTHORIZED' && klarna.status !== 'PART_CAPTURED') {
      return ctx.refuse(
        'refused',
        `Klarna does not allow a capture on an order that is ${statusText(klarna)}.`,
        { amount: intended },
      );
    }
    if (klarna.fraud_status === 'PENDING') {
      return ctx.refuse(
        'refused',
        'Klarna is still checking this order for fraud. Capture it once Klarna has accepted it.',
        { amount: intended },
      );
    }
    if (klarna.fraud_status === 'REJECTED') {
      return ctx.refuse('refused', 'Klarna rejected this order in its fraud check; do not ship it.', {
        amount: intended,
      });
    }
    if (authorizationExpired(klarna, ctx.now)) {
      return ctx.refuse(
        'refused',
        'The authorization has expired, so this order can no longer be captured.',
        { amount: intended },
      );
    }
    // Which lines go with it.
    const basis = captureBasis(order.lines, takenQuantities(order.captures.map((capture) => capture.lines)));
    const lines = await linesToSend(ctx, input, {
      verb: 'capture',
      basis,
      intended,
      left: klarna.remaining_authorized_amount,
      leftNow: 'is left to capture now',
    });
    if ('refused' in lines) return lines.refused;
    const { selection } = lines;

    // Checked after the lines, whose own message is more precise.
    if (intended > klarna.remaining_authorized_amount) {
      const message = `Only ${money(klarna.remaining_authorized_amount)} is left to capture, not ${money(intended)}.`;
      return ctx.refuse('invalid', message, { amount: intended, fieldErrors: { amount: message } });
    }

    const shippingInfo: ShippingInfo | null =
      input.shippingCompany || input.trackingNumber || input.trackingUri
        ? {
            ...(input.shippingCompany ? { shipping_company: input.shippingCompany } : {}),
            ...(input.trackingNumber ? { tracking_number: input.trackingNumber } : {}),
            ...(input.trackingUri ? { tracking_uri: input.trackingUri } : {}),
          }
        : null;
    const capture: CaptureRequest = {
      captured_amount: intended,
      reference: idempotencyKey,
      ...(input.description ? { description: input.description } : {}),
      ...(selection ? { order_lines: selection.klarnaLines as CaptureRequest['order_lines'] } : {}),
      ...(shippingInfo ? { shipping_info: [shippingInfo] } : {}),
    };

    const capturedAfter = klarna.captured_amount + intended;
    return sendAndRecord(ctx, {
      verb: 'capture',
      request: capture,
      extra: {
        shippingInfo: shippingInfo
          ? {
              ...(input.shippingCompany ? { shippingCompany: input.shippingCompany } : {}),
              ...(input.trackingNumber ? { trackingNumber: input.trackingNumber } : {}),
              ...(input.trackingUri ? { trackingUri: input.trackingUri } : {}),
            }
          : null,
        description: input.description ?? null,
      },
      amount: intended,
      idempotencyKey,
      selection,
      total: { after: capturedAfter, of: money(klarna.order_amount) },
      fallback: {
        capturedAmount: capturedAfter,
        status: capturedAfter >= klarna.order_amount ? 'CAPTURED' : 'PART_CAPTURED',
      },
    });
  },
);
