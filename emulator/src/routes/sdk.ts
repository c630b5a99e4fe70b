import { readFileSync } from 'node:fs';
import {
  approve,
  billingAddressIssues,
  finalize,
  isPayable,
  reauthorize,
  sampleBillingAddress,
  type AuthorizeOutcome,
  type SdkResult,
} from '../authorize.js';
import type { Emulator } from '../emulator.js';
import { KlarnaError, notFound } from '../errors.js';
import { endReply, readRequiredJson, sendEmpty, sendJson, type RequestContext } from '../http.js';
import { regionOf } from '../markets.js';
import { isOfferedCategory, KLARNA_CATEGORY, KLARNA_CATEGORY_NAME } from '../payment-methods.js';
import { personaFor } from '../personas.js';
import { createSession, mergeClientData, parseSessionCreate, parseSessionPatch } from '../sessions.js';
import type { SessionRecord } from '../store.js';
import type { Address } from '../types.js';
import { param } from './payments.js';

/**
 * The browser side: the JS SDK, the widget and approval pages it frames, their static assets,
 * the small JSON API those pages call (same origin as the pages), and Klarna's redirect hop.
 */

const SDK_DIR = new URL('../sdk/', import.meta.url);

interface StaticFile {
  body: Buffer;
  contentType: string;
}

function load(name: string, contentType: string): StaticFile {
  return { body: readFileSync(new URL(name, SDK_DIR)), contentType };
}

/**
 * Pages are framed by any merchant (`frame-ancestors *`) but load nothing from elsewhere.
 * Scripts are files, never inline handlers (toolchain G20).
 */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "form-action 'none'; base-uri 'none'; frame-ancestors *";

const SDK_PLACEHOLDER = '__EMULATOR_ORIGIN__';

const PURCHASE_COMPLETE_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Purchase complete</title></head>' +
  '<body><h1>Purchase complete</h1><p>Klarna has accepted this purchase. The merchant gave no ' +
  'confirmation page to return to.</p></body></html>';

export function registerSdkRoutes(emulator: Emulator): void {
  const { root, store } = emulator;
  const files = {
    sdk: load('api.js', 'application/javascript; charset=utf-8'),
    widgetPage: load('widget.html', 'text/html; charset=utf-8'),
    authorizePage: load('authorize.html', 'text/html; charset=utf-8'),
    frameJs: load('frame.js', 'application/javascript; charset=utf-8'),
    widgetJs: load('widget.js', 'application/javascript; charset=utf-8'),
    authorizeJs: load('authorize.js', 'application/javascript; charset=utf-8'),
    css: load('widget.css', 'text/css; charset=utf-8'),
    badge: load('klarna.svg', 'image/svg+xml'),
    purchaseComplete: {
      body: Buffer.from(PURCHASE_COMPLETE_PAGE),
      contentType: 'text/html; charset=utf-8',
    },
  };
  const sdkSource = files.sdk.body.toString('utf8');

  root.get('/kp/lib/v1/api.js', (ctx) => {
    // The SDK finds the emulator from its own <script src>; the origin baked in here is the fallback.
    const body = Buffer.from(sdkSource.replace(SDK_PLACEHOLDER, ctx.origin));
    sendFile(ctx, { body, contentType: files.sdk.contentType });
  });
  root.get('/kp/widget/:sessionId', (ctx) =>
    sendFile(ctx, files.widgetPage, { 'Content-Security-Policy': PAGE_POLICY }),
  );
  root.get('/kp/authorize/:sessionId', (ctx) =>
    sendFile(ctx, files.authorizePage, { 'Content-Security-Policy': PAGE_POLICY }),
  );
  root.get('/kp/static/frame.js', (ctx) => sendFile(ctx, files.frameJs));
  root.get('/kp/static/widget.js', (ctx) => sendFile(ctx, files.widgetJs));
  root.get('/kp/static/authorize.js', (ctx) => sendFile(ctx, files.authorizeJs));
  root.get('/kp/static/widget.css', (ctx) => sendFile(ctx, files.css));
  root.get('/kp/assets/badges/klarna.svg', (ctx) =>
    sendFile(ctx, files.badge, { 'Access-Control-Allow-Origin': '*' }),
  );

  /** Klarna's `redirect_url` hop to the merchant's confirmation page. */
  root.get('/kp/redirect/:redirectId', (ctx) => {
    const target = store.redirects.get(param(ctx, 'redirectId'));
    if (target === undefined) throw notFound('Unknown redirect');
    // '' is an order placed without a confirmation URL: there is nowhere to send the shopper back to.
    if (target === '') sendFile(ctx, files.purchaseComplete);
    else sendEmpty(ctx, 303, { Location: target });
  });

  root.post('/kp/api/sessions/:sessionId/load', async (ctx) => {
    const { session, body } = await sessionFromClient(emulator, ctx);
    if (!categoriesOffered(body) || !isPayable(emulator, session)) {
      sendJson(ctx, 200, { result: { show_form: false } });
      return;
    }
    const invalid = mergeData(emulator, ctx, session, body.data);
    if (invalid.length > 0) {
      sendJson(ctx, 200, {
        result: { show_form: true, error: { invalid_fields: invalid } },
        method: methodView(ctx),
      });
      return;
    }
    // `+red` personas are screened out before the form is shown.
    const showForm = personaFor(session.data.billing_address?.email).outcome !== 'red';
    sendJson(ctx, 200, { result: { show_form: showForm }, method: showForm ? methodView(ctx) : null });
  });

  /** `loadPaymentReview()`: a summary of the approved payment (the SDK offers it for US only). */
  root.post('/kp/api/sessions/:sessionId/review', async (ctx) => {
    const { session } = await sessionFromClient(emulator, ctx);
    const approved = session.authorizationToken !== undefined || session.pendingFinalize !== undefined;
    if (!approved) {
      sendJson(ctx, 200, { result: { show_form: false } });
      return;
    }
    sendJson(ctx, 200, {
      result: { show_form: true },
      review: {
        category_name: KLARNA_CATEGORY_NAME,
        email: session.data.billing_address?.email ?? '',
        order_amount: session.data.order_amount,
        purchase_currency: session.data.purchase_currency,
        locale: session.data.locale,
      },
    });
  });

  root.post('/kp/api/sessions/:sessionId/authorize/start', async (ctx) => {
    const { session, body } = await sessionFromClient(emulator, ctx);
    const unavailable: SdkResult = { approved: false, show_form: false };
    if (!categoriesOffered(body) || !isPayable(emulator, session)) {
      sendJson(ctx, 200, { result: unavailable });
      return;
    }
    const invalid = mergeData(emulator, ctx, session, body.data);
    if (invalid.length > 0) {
      sendJson(ctx, 200, {
        result: { approved: false, show_form: true, error: { invalid_fields: invalid } },
      });
      return;
    }
    if (personaFor(session.data.billing_address?.email).outcome === 'red') {
      sendJson(ctx, 200, { result: unavailable });
      return;
    }
    sendJson(ctx, 200, {
      dialog: {
        email: session.data.billing_address?.email ?? '',
        order_amount: session.data.order_amount,
        purchase_currency: session.data.purchase_currency,
        locale: session.data.locale,
        category_name: KLARNA_CATEGORY_NAME,
      },
    });
  });

  root.post('/kp/api/sessions/:sessionId/authorize/confirm', async (ctx) => {
    const { session, body } = await sessionFromClient(emulator, ctx);
    if (typeof body.email !== 'string') throw new KlarnaError(400, 'BAD_VALUE', ['Bad value: email']);
    // Express Checkout: Klarna collects the address the merchant did not send.
    if (body.express === true) collectAddress(emulator, session, body.email);
    const outcome = approve(emulator, session, {
      email: body.email,
      paymentMethodCategory: categoryOf(body),
      autoFinalize: body.auto_finalize !== false,
      signupCompleted: body.signup_completed === true,
    });
    const result: SdkResult & { collected_shipping_address?: Address } = { ...outcome.result };
    if (body.collect_shipping_address === true && outcome.result.approved) {
      const collected = session.data.shipping_address ?? session.data.billing_address;
      if (collected) result.collected_shipping_address = collected;
    }
    sendJson(ctx, 200, { kind: outcome.kind, result });
  });

  for (const action of ['finalize', 'reauthorize'] as const) {
    root.post(`/kp/api/sessions/:sessionId/${action}`, async (ctx) => {
      const { session, body } = await sessionFromClient(emulator, ctx);
      if (!categoriesOffered(body)) {
        sendJson(ctx, 200, { kind: 'unavailable', result: { approved: false, show_form: false } });
        return;
      }
      const invalid = isPayable(emulator, session) ? mergeData(emulator, ctx, session, body.data) : [];
      if (invalid.length > 0) {
        sendJson(ctx, 200, {
          kind: 'invalid',
          result: { approved: false, show_form: true, error: { invalid_fields: invalid } },
        });
        return;
      }
      const run = action === 'finalize' ? finalize : reauthorize;
      sendOutcome(ctx, run(emulator, session, categoryOf(body)));
    });
  }

  /**
   * Express Checkout: `Klarna.Payments.Buttons` has no server-created session, so the approval
   * overlay creates one from the merchant's payload, for the merchant of the purchase country's
   * region (any client key is accepted). A payload Klarna would refuse ends the approval.
   */
  root.post('/kp/api/express/sessions', async (ctx) => {
    const raw = await readRequiredJson(ctx);
    const body =
      typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    if (typeof body.client_key !== 'string' || body.client_key.trim() === '') {
      throw new KlarnaError(401, 'UNAUTHORIZED', ['A client key is required']);
    }
    const data = body.data;
    const country =
      typeof data === 'object' && data !== null && 'purchase_country' in data
        ? String(data.purchase_country)
        : '';
    const region = regionOf(country);
    let parsed;
    try {
      parsed = parseSessionCreate(data, region, ctx);
    } catch (error) {
      if (!(error instanceof KlarnaError)) throw error;
      const fields = error.messages.map((message) => message.replace(/^Bad value: /, ''));
      sendJson(ctx, 200, {
        result: { approved: false, show_form: false, error: { invalid_fields: fields } },
      });
      return;
    }
    const session = createSession(emulator, {
      data: parsed,
      region,
      merchantId: emulator.config.credentials[region].username,
      origin: ctx.origin,
    });
    sendJson(ctx, 200, { session_id: session.id, client_token: session.clientToken });
  });
}

/**
 * Whether the categories a call names are offered: none named (omitted or `""`) means the
 * session's own categories; of a list, one offered is enough.
 */
function categoriesOffered(body: Record<string, unknown>): boolean {
  const list = body.payment_method_categories;
  if (Array.isArray(list) && list.length > 0) {
    return list.some((category) => typeof category === 'string' && isOfferedCategory(category));
  }
  const category = body.payment_method_category;
  if (category === undefined || category === null || category === '') return true;
  return typeof category === 'string' && isOfferedCategory(category);
}

/** The category an approval is recorded under: the one named, else the session's (Klarna's). */
function categoryOf(body: Record<string, unknown>): string {
  const category = body.payment_method_category;
  return typeof category === 'string' && category !== '' ? category : KLARNA_CATEGORY;
}

/** Fills the billing fields Klarna would have collected from the shopper, keeping those sent. */
function collectAddress(emulator: Emulator, session: SessionRecord, email: string): void {
  const current = session.data.billing_address;
  if (billingAddressIssues(current, session.data.purchase_country).length === 0) return;
  const sample = sampleBillingAddress(session.data.purchase_country, email.trim());
  const sent = Object.entries(current ?? {}).filter(([, value]) => typeof value === 'string' && value.trim());
  const billing = { ...sample, ...Object.fromEntries(sent) };
  mergeClientData(emulator, session, { billing_address: billing });
}

function sendOutcome(ctx: RequestContext, outcome: AuthorizeOutcome): void {
  sendJson(ctx, 200, { kind: outcome.kind, result: outcome.result });
}

function methodView(ctx: RequestContext): Record<string, string> {
  return {
    name: KLARNA_CATEGORY_NAME,
    description: 'Pay in 30 days. No interest, no fees.',
    badge_url: `${ctx.origin}/kp/assets/badges/klarna.svg`,
  };
}

/** Validates and merges data passed to the SDK; returns the fields to report as `invalid_fields`. */
function mergeData(emulator: Emulator, ctx: RequestContext, session: SessionRecord, data: unknown): string[] {
  if (data === undefined || data === null) return [];
  const { value, issues } = parseSessionPatch(data, ctx);
  if (issues.length > 0) return issues;
  return mergeClientData(emulator, session, value);
}

/** The pages prove which session they act for with the `client_token` the merchant's server received. */
async function sessionFromClient(
  emulator: Emulator,
  ctx: RequestContext,
): Promise<{ session: SessionRecord; body: Record<string, unknown> }> {
  const raw = await readRequiredJson(ctx);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new KlarnaError(400, 'BAD_VALUE', ['Bad value: body']);
  }
  const body = raw as Record<string, unknown>;
  const session = emulator.store.sessions.get(param(ctx, 'sessionId'));
  if (!session || typeof body.client_token !== 'string' || body.client_token !== session.clientToken) {
    throw new KlarnaError(403, 'INVALID_CLIENT_TOKEN', ['The client token does not belong to this session']);
  }
  return { session, body };
}

function sendFile(ctx: RequestContext, file: StaticFile, headers: Record<string, string> = {}): void {
  ctx.res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': file.body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  endReply(ctx, file.body);
}
