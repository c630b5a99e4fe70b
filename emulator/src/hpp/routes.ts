import { readFileSync } from 'node:fs';
import { isPayable, sampleBillingAddress } from '../authorize.js';
import type { Emulator } from '../emulator.js';
import { badValue, KlarnaError, notFound } from '../errors.js';
import { endReply, readJson, readRequiredJson, sendEmpty, sendJson, type RequestContext } from '../http.js';
import { redactMerchantUrls } from '../redact.js';
import { callerOf, param } from '../routes/payments.js';
import { mergeClientData } from '../sessions.js';
import type { SessionRecord } from '../store.js';
import { renderHostedPage } from './render.js';
import {
  createHppSession,
  disableHppSession,
  distributeHppSession,
  findMerchantHppSession,
  finishHostedPayment,
  hppCreatedView,
  hppSessionView,
  isClosed,
  setHppStatus,
  type HostedOutcome,
} from './sessions.js';

/**
 * Hosted Payment Page API v1 under each region prefix, and the hosted page itself at
 * `/hpp/payments/{id}` (outside the regions: the shopper has no API credentials).
 */

const HPP_DIR = new URL('../hpp/', import.meta.url);

/** Scripts are files, never inline; the page talks to the emulator only. */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

export function registerHppRoutes(emulator: Emulator): void {
  const { api, root, store } = emulator;

  api.post('/hpp/v1/sessions', async (ctx) => {
    const body = await readRequiredJson(ctx);
    const record = createHppSession(emulator, body, callerOf(ctx), ctx);
    sendJson(ctx, 201, hppCreatedView(emulator, record, ctx.origin));
  });

  api.get('/hpp/v1/sessions/:hppId', (ctx) => {
    const { region, merchantId } = callerOf(ctx);
    const record = findMerchantHppSession(emulator, param(ctx, 'hppId'), region, merchantId);
    sendJson(ctx, 200, hppSessionView(emulator, record));
  });

  api.delete('/hpp/v1/sessions/:hppId', async (ctx) => {
    await readJson(ctx);
    const { region, merchantId } = callerOf(ctx);
    const record = findMerchantHppSession(emulator, param(ctx, 'hppId'), region, merchantId);
    disableHppSession(emulator, record);
    sendEmpty(ctx, 204);
  });

  api.post('/hpp/v1/sessions/:hppId/distribution', async (ctx) => {
    const body = await readRequiredJson(ctx);
    const { region, merchantId } = callerOf(ctx);
    const record = findMerchantHppSession(emulator, param(ctx, 'hppId'), region, merchantId);
    distributeHppSession(emulator, record, body, ctx.origin, ctx);
    sendEmpty(ctx, 201);
  });

  const script = readFileSync(new URL('page.js', HPP_DIR));
  const styles = readFileSync(new URL('page.css', HPP_DIR));
  root.get('/hpp/static/page.js', (ctx) => sendStatic(ctx, script, 'application/javascript; charset=utf-8'));
  root.get('/hpp/static/page.css', (ctx) => sendStatic(ctx, styles, 'text/css; charset=utf-8'));

  root.get('/hpp/payments/:hppId', (ctx) => {
    const record = store.hppSessions.get(param(ctx, 'hppId'));
    // The shopper arriving on the page is Klarna's IN_PROGRESS; a declined shopper may try again.
    if (record && !isClosed(emulator, record) && (record.status === 'WAITING' || record.status === 'BACK')) {
      setHppStatus(emulator, record, 'IN_PROGRESS');
    }
    const session = record ? store.sessions.get(record.paymentSessionId) : undefined;
    if (record && session && !isClosed(emulator, record)) giveShopperAnAddress(emulator, session);
    const page = renderHostedPage(emulator, record, session);
    const body = Buffer.from(page.body);
    ctx.res.writeHead(page.status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      'Content-Security-Policy': PAGE_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    endReply(ctx, body);
  });

  root.post('/hpp/api/sessions/:hppId/result', async (ctx) => {
    const body = await readRequiredJson(ctx);
    const record = store.hppSessions.get(param(ctx, 'hppId'));
    if (!record) throw notFound('HPP session has expired or could not be found by provided id.');
    const redirect = finishHostedPayment(emulator, record, outcomeFrom(body), ctx.origin);
    sendJson(ctx, 200, { redirect_url: redirect });
  });
}

/**
 * Klarna's hosted page asks the shopper for their details itself; the emulator's approval asks
 * only for an email. A session the merchant sent without a billing address gets a sample shopper
 * of its market, as the headless approval does, and the shopper's email then picks the persona.
 */
function giveShopperAnAddress(emulator: Emulator, session: SessionRecord): void {
  if (session.data.billing_address || !isPayable(emulator, session)) return;
  const country = session.data.purchase_country;
  mergeClientData(emulator, session, {
    billing_address: sampleBillingAddress(country, `customer@email.${country.toLowerCase()}`),
  });
}

function outcomeFrom(body: unknown): HostedOutcome {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badValue(['body']);
  const { outcome, authorization_token: token } = body as Record<string, unknown>;
  if (outcome === 'approved') {
    if (typeof token !== 'string' || token.length === 0) throw badValue(['authorization_token']);
    return { kind: 'approved', authorizationToken: token };
  }
  if (outcome === 'failed' || outcome === 'cancelled' || outcome === 'back') return { kind: outcome };
  throw new KlarnaError(400, 'BAD_VALUE', ['Bad value: outcome']);
}

function sendStatic(ctx: RequestContext, body: Buffer, contentType: string): void {
  ctx.res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  endReply(ctx, body);
}

/** Control API: the outbox of payment links, and HPP sessions as stored. */
export function registerHppControlRoutes(emulator: Emulator): void {
  const { root, store } = emulator;
  root.get('/_emulator/outbox', (ctx) => sendJson(ctx, 200, { messages: store.outbox }));
  root.get('/_emulator/hpp-sessions/:hppId', (ctx) => {
    const record = store.hppSessions.get(param(ctx, 'hppId'));
    if (!record) throw notFound('HPP session has expired or could not be found by provided id.');
    sendJson(ctx, 200, {
      ...record,
      // Callback secrets in the merchant's URLs stay hidden, as in every control view.
      merchantUrls: redactMerchantUrls(record.merchantUrls),
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(record.updatedAt).toISOString(),
      expiresAt: new Date(record.expiresAt).toISOString(),
    });
  });
}
