import type { Emulator } from '../emulator.js';
import { KlarnaError, notFound } from '../errors.js';
import { readJson, readRequiredJson, sendJson, type RequestContext } from '../http.js';
import { runIdempotent, sendReply, type Reply } from '../idempotency.js';
import { dueDateOptions, extendDueDate } from '../order-management/due-date.js';
import { refreshOrder } from '../order-management/lifecycle.js';
import * as operations from '../order-management/operations.js';
import { captureView, orderView, refundView } from '../order-management/views.js';
import type { OrderRecord } from '../store.js';
import { callerOf, param } from './payments.js';

/**
 * Klarna Order Management API v1 (api-reference §4), mounted under each region prefix. Writes
 * answer 201 (captures, refunds: empty body, `Location` and the new id in a header) or 204, and
 * honour `Klarna-Idempotency-Key`; reads answer 200.
 */

const ORDERS = '/ordermanagement/v1/orders';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_CONTENT: Reply = { status: 204 };

const noSuchOrder = (message: string) => new KlarnaError(404, 'NO_SUCH_ORDER', [message]);
const orderCannotBeFound = (orderId: string) => noSuchOrder(`Order ${orderId} cannot be found`);
/** Refunds answer an unknown order with `NOT_FOUND`: the OM spec's `NotFoundErrorMessage` on both refund paths. */
const refundOrderNotFound = (orderId: string) => notFound(`Order ${orderId} cannot be found`);

export function registerOrderManagementRoutes(emulator: Emulator): void {
  const { api, store, clock } = emulator;

  /**
   * The caller's order, brought up to the emulator clock. Another region's or another API user's
   * order does not exist for this caller. `missing` is the operation's own 404.
   */
  function findOrder(
    ctx: RequestContext,
    missing: (orderId: string) => KlarnaError = orderCannotBeFound,
  ): OrderRecord {
    const orderId = param(ctx, 'orderId');
    if (!UUID.test(orderId))
      throw new KlarnaError(400, 'INVALID_ORDER_ID', ['Order ID must be a valid UUID.']);
    const caller = callerOf(ctx);
    const order = store.orders.get(orderId);
    if (!order || order.region !== caller.region || order.merchantId !== caller.merchantId) {
      throw missing(orderId);
    }
    refreshOrder(order, clock.now());
    return order;
  }

  /** Registers a write: body read first, then executed at most once per idempotency key. */
  function write(
    method: 'POST' | 'PATCH',
    suffix: string,
    run: (ctx: RequestContext, body: unknown) => Reply,
    options: { bodyRequired?: boolean } = {},
  ): void {
    const readBody = options.bodyRequired ? readRequiredJson : readJson;
    api.on(method, `${ORDERS}/:orderId${suffix}`, async (ctx) => {
      sendReply(ctx, await runIdempotent(emulator, ctx, readBody, (body) => run(ctx, body)));
    });
  }

  function orderUrl(ctx: RequestContext, orderId: string): string {
    return `${ctx.origin}/${callerOf(ctx).region}${ORDERS}/${orderId}`;
  }

  api.get(`${ORDERS}/:orderId`, (ctx) => sendJson(ctx, 200, orderView(findOrder(ctx))));

  write(
    'POST',
    '/captures',
    (ctx, body) => {
      const order = findOrder(ctx);
      const created = operations.capture(order, body, clock.now(), ctx);
      return {
        status: 201,
        headers: {
          Location: `${orderUrl(ctx, order.orderId)}/captures/${created.capture_id}`,
          'Capture-Id': created.capture_id,
        },
      };
    },
    { bodyRequired: true },
  );

  api.get(`${ORDERS}/:orderId/captures`, (ctx) => {
    sendJson(ctx, 200, findOrder(ctx).captures.map(captureView));
  });

  api.get(`${ORDERS}/:orderId/captures/:captureId`, (ctx) => {
    const captureId = param(ctx, 'captureId');
    const found = operations.findCapture(findOrder(ctx), captureId, `Capture ${captureId} cannot be found.`);
    sendJson(ctx, 200, captureView(found));
  });

  api.get(`${ORDERS}/:orderId/captures/:captureId/extend-due-date-options`, (ctx) => {
    const order = findOrder(ctx);
    const found = operations.findCapture(order, param(ctx, 'captureId'), 'Capture could not be found.');
    sendJson(ctx, 200, dueDateOptions(order, found));
  });

  write(
    'PATCH',
    '/captures/:captureId/extend-due-date',
    (ctx, body) => {
      const order = findOrder(ctx);
      const found = operations.findCapture(order, param(ctx, 'captureId'), 'Capture could not be found.');
      extendDueDate(order, found, body, ctx);
      return NO_CONTENT;
    },
    { bodyRequired: true },
  );

  write(
    'POST',
    '/captures/:captureId/shipping-info',
    (ctx, body) => {
      operations.addCaptureShippingInfo(findOrder(ctx), param(ctx, 'captureId'), body, ctx);
      return NO_CONTENT;
    },
    { bodyRequired: true },
  );

  write('POST', '/captures/:captureId/trigger-send-out', (ctx) => {
    operations.triggerSendOut(findOrder(ctx), param(ctx, 'captureId'));
    return NO_CONTENT;
  });

  write(
    'POST',
    '/refunds',
    (ctx, body) => {
      const order = findOrder(ctx, refundOrderNotFound);
      const created = operations.refund(order, body, clock.now(), ctx);
      return {
        status: 201,
        headers: {
          Location: `${orderUrl(ctx, order.orderId)}/refunds/${created.refund_id}`,
          'Refund-Id': created.refund_id,
        },
      };
    },
    { bodyRequired: true },
  );

  api.get(`${ORDERS}/:orderId/refunds/:refundId`, (ctx) => {
    const order = findOrder(ctx, refundOrderNotFound);
    const refundId = param(ctx, 'refundId');
    const found = order.refunds.find((candidate) => candidate.refund_id === refundId);
    if (!found) {
      throw new KlarnaError(404, 'NOT_FOUND', [
        `Refund ${refundId} cannot be found for order ${order.orderId}`,
      ]);
    }
    sendJson(ctx, 200, refundView(found));
  });

  write('POST', '/cancel', (ctx) => {
    operations.cancel(findOrder(ctx));
    return NO_CONTENT;
  });

  write(
    'PATCH',
    '/authorization',
    (ctx, body) => {
      operations.updateAuthorization(findOrder(ctx), body, ctx);
      return NO_CONTENT;
    },
    { bodyRequired: true },
  );

  write('POST', '/extend-authorization-time', (ctx) => {
    operations.extendAuthorizationTime(findOrder(ctx), clock.now());
    return NO_CONTENT;
  });

  write('POST', '/release-remaining-authorization', (ctx) => {
    operations.releaseRemainingAuthorization(findOrder(ctx));
    return NO_CONTENT;
  });

  write('POST', '/acknowledge', (ctx) => {
    findOrder(ctx, (id) => noSuchOrder(`Order ${id} cannot be found. Acknowledgement not possible.`));
    return NO_CONTENT;
  });

  write(
    'PATCH',
    '/merchant-references',
    (ctx, body) => {
      operations.updateMerchantReferences(
        findOrder(ctx, () => noSuchOrder('Order cannot be found. Merchant references cannot be updated.')),
        body,
        ctx,
      );
      return NO_CONTENT;
    },
    { bodyRequired: true },
  );

  write(
    'PATCH',
    '/customer-details',
    (ctx, body) => {
      operations.updateCustomerDetails(findOrder(ctx), body, ctx);
      return NO_CONTENT;
    },
    { bodyRequired: true },
  );

  write(
    'POST',
    '/shipping-info',
    (ctx, body) => {
      operations.addOrderShippingInfo(
        findOrder(ctx, (id) =>
          noSuchOrder(`Order ${id} cannot be found. Shipping info cannot be added to order ${id}.`),
        ),
        body,
        ctx,
      );
      return NO_CONTENT;
    },
    { bodyRequired: true },
  );
}
