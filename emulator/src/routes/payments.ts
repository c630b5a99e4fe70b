import type { Emulator } from '../emulator.js';
import { badValue } from '../errors.js';
import {
  readJson,
  readRequiredJson,
  sendEmpty,
  sendJson,
  sendJsonText,
  type RequestContext,
} from '../http.js';
import { cancelAuthorization, createCustomerToken, placeOrder, type Caller } from '../orders.js';
import { paymentMethodCategoriesJson } from '../payment-methods.js';
import {
  applySessionUpdate,
  assertOpen,
  createSession,
  findMerchantSession,
  parseSessionCreate,
  parseSessionPatch,
  sessionView,
} from '../sessions.js';

/** Klarna Payments API v1 (api-reference §3), mounted under each region prefix. */
export function registerPaymentsRoutes(emulator: Emulator): void {
  const { api } = emulator;

  api.post('/payments/v1/sessions', async (ctx) => {
    const body = await readRequiredJson(ctx);
    const caller = callerOf(ctx);
    const data = parseSessionCreate(body, caller.region, ctx);
    const session = createSession(emulator, { data, ...caller, sourceText: ctx.bodyText });
    // Klarna sends no Location header here. Written out (the id is a UUID, the token base64url
    // and dots: nothing to escape) because this is the emulator's busiest answer.
    sendJsonText(
      ctx,
      200,
      `{"session_id":"${session.id}","client_token":"${session.clientToken}",` +
        `"payment_method_categories":${paymentMethodCategoriesJson(ctx.origin)}}`,
    );
  });

  api.get('/payments/v1/sessions/:sessionId', (ctx) => {
    const caller = callerOf(ctx);
    const session = findMerchantSession(emulator, param(ctx, 'sessionId'), caller.region, caller.merchantId);
    sendJson(ctx, 200, sessionView(session, ctx.origin));
  });

  api.post('/payments/v1/sessions/:sessionId', async (ctx) => {
    const body = await readRequiredJson(ctx);
    const caller = callerOf(ctx);
    const session = findMerchantSession(emulator, param(ctx, 'sessionId'), caller.region, caller.merchantId);
    assertOpen(session);
    const { value, issues } = parseSessionPatch(body, ctx);
    if (issues.length > 0) throw badValue(issues);
    applySessionUpdate(emulator, session, value);
    sendEmpty(ctx, 204);
  });

  api.delete('/payments/v1/authorizations/:token', async (ctx) => {
    await readJson(ctx);
    cancelAuthorization(emulator, param(ctx, 'token'), callerOf(ctx));
    sendEmpty(ctx, 204);
  });

  api.post('/payments/v1/authorizations/:token/order', async (ctx) => {
    const body = await readRequiredJson(ctx);
    const { response } = placeOrder(emulator, param(ctx, 'token'), body, callerOf(ctx), ctx);
    sendJson(ctx, 200, response);
  });

  api.post('/payments/v1/authorizations/:token/customer-token', async (ctx) => {
    const body = await readRequiredJson(ctx);
    const { response } = createCustomerToken(emulator, param(ctx, 'token'), body, callerOf(ctx), ctx);
    sendJson(ctx, 200, response);
  });
}

/** The authenticated region and API user; the pipeline sets both before regional routes run. */
export function callerOf(ctx: RequestContext): Caller {
  if (!ctx.region || !ctx.merchantId) throw new Error('regional route reached without authentication');
  return { region: ctx.region, merchantId: ctx.merchantId, origin: ctx.origin };
}

export function param(ctx: RequestContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no :${name} parameter`);
  return value;
}
