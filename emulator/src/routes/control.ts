import { approve, isPayable, sampleBillingAddress } from '../authorize.js';
import { parseDuration } from '../clock.js';
import { CONTROL_OPENAPI } from '../control-openapi.js';
import type { Emulator } from '../emulator.js';
import { badRequest, badValue, KlarnaError, notFound } from '../errors.js';
import { readJson, sendJson, sendJsonText, type RequestContext } from '../http.js';
import { KLARNA_CATEGORY } from '../payment-methods.js';
import { redactMerchantUrls, redactUrl } from '../redact.js';
import { mergeClientData, parseSessionPatch } from '../sessions.js';
import { LOG_LIMIT, requestLogView } from '../store.js';
import { REFUSE_UNKNOWN_FIELDS } from '../validate.js';
import { param } from './payments.js';

/**
 * The `/_emulator` control API for tests and tools: reset, the clock, headless approvals,
 * logs and read-only views of stored records. Not registered when `EMULATOR_CONTROL=off`.
 */
export function registerControlRoutes(emulator: Emulator): void {
  const { root, store, clock } = emulator;

  const openapi = JSON.stringify(CONTROL_OPENAPI);
  root.get('/_emulator/openapi.json', (ctx) => sendJsonText(ctx, 200, openapi));

  root.post('/_emulator/reset', async (ctx) => {
    await readJson(ctx);
    emulator.reset();
    sendJson(ctx, 200, { ok: true });
  });

  root.get('/_emulator/clock', (ctx) => sendJson(ctx, 200, clockView(emulator)));

  root.post('/_emulator/clock', async (ctx) => {
    const body = asObject(await readJson(ctx));
    const keys = Object.keys(body);
    if (keys.length !== 1) throw badRequest('Send exactly one of advance_ms, advance or set');
    if ('advance_ms' in body) {
      const ms = body.advance_ms;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw badValue(['advance_ms']);
      clock.advance(withinClockRange(clock.now() + ms, 'advance_ms') - clock.now());
    } else if ('advance' in body) {
      const ms = typeof body.advance === 'string' ? parseDuration(body.advance) : null;
      if (ms === null) throw badValue(['advance']);
      clock.advance(withinClockRange(clock.now() + ms, 'advance') - clock.now());
    } else if ('set' in body) {
      const at = typeof body.set === 'string' ? Date.parse(body.set) : Number.NaN;
      if (Number.isNaN(at)) throw badValue(['set']);
      clock.set(new Date(withinClockRange(at, 'set')));
    } else {
      throw badValue(keys);
    }
    sendJson(ctx, 200, clockView(emulator));
  });

  root.post('/_emulator/sessions/:sessionId/authorize', async (ctx) => {
    const body = asObject(await readJson(ctx));
    const session = store.sessions.get(param(ctx, 'sessionId'));
    if (!session) throw notFound('Invalid session id');
    if (!isPayable(emulator, session)) {
      sendJson(ctx, 200, { approved: false, show_form: false });
      return;
    }

    const { email, auto_finalize: autoFinalize, ...data } = body;
    if (email !== undefined && typeof email !== 'string') throw badValue(['email']);
    if (autoFinalize !== undefined && typeof autoFinalize !== 'boolean') throw badValue(['auto_finalize']);
    // The control API is the emulator's own: a field it does not know is a mistake, in every mode.
    const { value: patch, issues } = parseSessionPatch(data, REFUSE_UNKNOWN_FIELDS);
    if (issues.length > 0) throw badValue(issues);

    // A headless approval that names no address gets a sample shopper, so `{ email }` is enough.
    if (!patch.billing_address && !session.data.billing_address) {
      patch.billing_address = sampleBillingAddress(
        session.data.purchase_country,
        email ?? 'customer@email.us',
      );
    }
    const invalid = mergeClientData(emulator, session, patch);
    if (invalid.length > 0) {
      sendJson(ctx, 200, { approved: false, show_form: true, error: { invalid_fields: invalid } });
      return;
    }
    const outcome = approve(emulator, session, {
      email,
      paymentMethodCategory: KLARNA_CATEGORY,
      autoFinalize: autoFinalize ?? true,
      // Headless approvals skip the sign-up step a new customer would see in the widget.
      signupCompleted: true,
    });
    sendJson(ctx, 200, outcome.result);
  });

  root.get('/_emulator/requests', (ctx) =>
    sendJson(ctx, 200, { requests: limited(ctx, store.requests).map(requestLogView) }),
  );
  root.get('/_emulator/callbacks', (ctx) =>
    sendJson(ctx, 200, {
      callbacks: limited(ctx, store.callbacks).map((entry) => ({ ...entry, url: redactUrl(entry.url) })),
    }),
  );

  root.get('/_emulator/sessions/:sessionId', (ctx) => {
    const session = store.sessions.get(param(ctx, 'sessionId'));
    if (!session) throw notFound('Invalid session id');
    const { id, region, merchantId, clientToken, status, createdAt, updatedAt, expiresAt } = session;
    const view = {
      id,
      region,
      merchantId,
      clientToken,
      data: { ...session.data, merchant_urls: redactMerchantUrls(session.data.merchant_urls) },
      status,
      createdAt,
      updatedAt,
      expiresAt,
    };
    sendJson(ctx, 200, withIsoTimes({ ...view, authorizationToken: session.authorizationToken }));
  });

  root.get('/_emulator/orders/:orderId', (ctx) => {
    const order = store.orders.get(param(ctx, 'orderId'));
    if (!order) throw notFound(`Order ${param(ctx, 'orderId')} cannot be found`, 'NO_SUCH_ORDER');
    sendJson(ctx, 200, withIsoTimes({ ...order, merchantUrls: redactMerchantUrls(order.merchantUrls) }));
  });

  root.get('/_emulator/customer-tokens/:tokenId', (ctx) => {
    const token = store.customerTokens.get(param(ctx, 'tokenId'));
    if (!token) throw notFound('Invalid customer-token ID');
    sendJson(ctx, 200, withIsoTimes(token));
  });
}

function clockView(emulator: Emulator): Record<string, unknown> {
  return {
    now: emulator.clock.nowDate().toISOString(),
    offset_ms: emulator.clock.offset,
    pending_timers: emulator.clock.pending,
  };
}

/** The last instant every date API (and every client's date parser) can show: 9999-12-31. */
const LATEST_CLOCK_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A clock target between 1970 and 9999, or a 400 that says so. */
function withinClockRange(at: number, field: string): number {
  if (at >= 0 && at <= LATEST_CLOCK_TIME) return at;
  throw new KlarnaError(400, 'BAD_VALUE', [
    `Bad value: ${field}`,
    'The emulator clock must stay between 1970-01-01 and 9999-12-31',
  ]);
}

function asObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badValue(['body']);
  return body as Record<string, unknown>;
}

/** The newest `?limit=N` entries (at most LOG_LIMIT). */
function limited<T>(ctx: RequestContext, entries: readonly T[]): T[] {
  const limit = Math.min(Number(ctx.url.searchParams.get('limit') ?? LOG_LIMIT), LOG_LIMIT);
  if (!Number.isInteger(limit) || limit < 0) throw badValue(['limit']);
  return entries.slice(Math.max(entries.length - limit, 0));
}

/** Records keep epoch milliseconds; the control API shows them as ISO times. */
function withIsoTimes(record: object): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    view[key] = typeof value === 'number' && /At$/.test(key) ? new Date(value).toISOString() : value;
  }
  return view;
}
