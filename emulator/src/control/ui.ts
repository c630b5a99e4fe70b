import { readFileSync } from 'node:fs';
import { approve, isPayable, sampleBillingAddress } from '../authorize.js';
import { parseDuration } from '../clock.js';
import type { Emulator } from '../emulator.js';
import type { FaultRegistry } from '../faults.js';
import { finishHostedPayment, isClosed } from '../hpp/sessions.js';
import { endReply, sendEmpty, type RequestContext } from '../http.js';
import { decideFraud } from '../orders.js';
import { KLARNA_CATEGORY } from '../payment-methods.js';
import { param } from '../routes/payments.js';
import { mergeClientData, sessionToSnapshot } from '../sessions.js';
import type { SessionRecord } from '../store.js';
import {
  callbackRows,
  hppPage,
  hppRows,
  LIST_LIMIT,
  listPage,
  newest,
  notFoundPage,
  orderPage,
  orderRows,
  outboxRows,
  overviewPage,
  requestRows,
  searchPage,
  sessionPage,
  sessionRows,
  tokenPage,
  tokenRows,
  UI_BASE,
  type PageContext,
} from './ui-pages.js';

/**
 * The inspector at `/_emulator/ui`: what the emulator holds, its logs, and controls for the clock,
 * faults and reset, plus approving a waiting session by hand. Pages are rendered on the server;
 * actions are plain form posts answered with a redirect back (303), so no script runs in the page.
 */

const UI_DIR = new URL('../control/', import.meta.url);

/** Nothing but this origin's stylesheet; forms post only here; never framed. */
const PAGE_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const MAX_FORM_BYTES = 64 * 1024;

export function registerInspector(emulator: Emulator, faults: FaultRegistry | undefined): void {
  const { root, store } = emulator;
  const styles = readFileSync(new URL('ui.css', UI_DIR));

  root.get(`${UI_BASE}/static/ui.css`, (ctx) => {
    ctx.res.writeHead(200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Content-Length': styles.length,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    endReply(ctx, styles);
  });

  const page = (ctx: RequestContext): PageContext => ({
    emulator,
    faults,
    here: ctx.url.pathname + ctx.url.search,
    notice: ctx.url.searchParams.get('notice'),
    error: ctx.url.searchParams.get('error'),
  });

  root.get(UI_BASE, (ctx) => sendPage(ctx, 200, overviewPage(page(ctx))));
  root.get(`${UI_BASE}/sessions`, (ctx) => {
    const { items, total } = newest(store.sessions.values());
    sendPage(ctx, 200, listPage(page(ctx), 'Sessions', items.length, total, sessionRows(items)));
  });
  root.get(`${UI_BASE}/orders`, (ctx) => {
    const { items, total } = newest(store.orders.values());
    sendPage(ctx, 200, listPage(page(ctx), 'Orders', items.length, total, orderRows(items)));
  });
  root.get(`${UI_BASE}/tokens`, (ctx) => {
    const { items, total } = newest(store.customerTokens.values());
    sendPage(ctx, 200, listPage(page(ctx), 'Customer tokens', items.length, total, tokenRows(items)));
  });
  root.get(`${UI_BASE}/hpp`, (ctx) => {
    const { items, total } = newest(store.hppSessions.values());
    sendPage(ctx, 200, listPage(page(ctx), 'HPP sessions', items.length, total, hppRows(items)));
  });
  root.get(`${UI_BASE}/callbacks`, (ctx) => {
    const { items, total } = newest(store.callbacks, 200);
    sendPage(ctx, 200, listPage(page(ctx), 'Callbacks', items.length, total, callbackRows(items)));
  });
  root.get(`${UI_BASE}/outbox`, (ctx) => {
    const { items, total } = newest(store.outbox);
    sendPage(ctx, 200, listPage(page(ctx), 'Outbox', items.length, total, outboxRows(items)));
  });
  root.get(`${UI_BASE}/requests`, (ctx) => {
    const { items, total } = newest(store.requests, 200);
    sendPage(ctx, 200, listPage(page(ctx), 'Requests', items.length, total, requestRows(items)));
  });

  root.get(`${UI_BASE}/sessions/:id`, (ctx) => {
    const session = store.sessions.get(param(ctx, 'id'));
    if (!session) return sendPage(ctx, 404, notFoundPage(page(ctx), 'This session'));
    sendPage(ctx, 200, sessionPage(page(ctx), session, isPayable(emulator, session)));
  });
  root.get(`${UI_BASE}/orders/:id`, (ctx) => {
    const order = store.orders.get(param(ctx, 'id'));
    if (!order) return sendPage(ctx, 404, notFoundPage(page(ctx), 'This order'));
    sendPage(ctx, 200, orderPage(page(ctx), order));
  });
  root.get(`${UI_BASE}/tokens/:id`, (ctx) => {
    const token = store.customerTokens.get(param(ctx, 'id'));
    if (!token) return sendPage(ctx, 404, notFoundPage(page(ctx), 'This customer token'));
    sendPage(ctx, 200, tokenPage(page(ctx), token));
  });
  root.get(`${UI_BASE}/hpp/:id`, (ctx) => {
    const record = store.hppSessions.get(param(ctx, 'id'));
    if (!record) return sendPage(ctx, 404, notFoundPage(page(ctx), 'This HPP session'));
    sendPage(ctx, 200, hppPage(page(ctx), record, !isClosed(emulator, record)));
  });
  root.get(`${UI_BASE}/search`, (ctx) => {
    const query = (ctx.url.searchParams.get('q') ?? '').trim();
    sendPage(ctx, 200, searchPage(page(ctx), query, search(emulator, query)));
  });

  const actions: Record<string, (form: URLSearchParams, ctx: RequestContext) => string> = {
    'clock-advance': (form) => {
      const ms = parseDuration(form.get('advance') ?? '');
      if (ms === null) throw new ActionError('Write the time to advance as 90s, 30m, 48h or 28d.');
      emulator.clock.advance(ms);
      return `Clock advanced to ${emulator.clock.nowDate().toISOString()}.`;
    },
    'clock-set': (form) => {
      const at = Date.parse(form.get('set') ?? '');
      if (Number.isNaN(at))
        throw new ActionError('Write the time as an ISO date, e.g. 2030-01-01T00:00:00Z.');
      emulator.clock.set(new Date(at));
      return `Clock set to ${emulator.clock.nowDate().toISOString()}.`;
    },
    reset: () => {
      emulator.reset();
      return 'The emulator was reset.';
    },
    'fault-add': (form) => {
      if (!faults) throw new ActionError('Fault injection is off.');
      let rule: unknown;
      try {
        rule = JSON.parse(form.get('rule') ?? '');
      } catch {
        throw new ActionError('The fault rule is not valid JSON.');
      }
      try {
        const added = faults.add(rule);
        return `Fault rule ${added.id} added.`;
      } catch (error) {
        throw new ActionError(`The fault rule was refused: ${messageOf(error)}`);
      }
    },
    'fault-delete': (form) => {
      if (!faults?.remove(form.get('id') ?? '')) throw new ActionError('No such fault rule.');
      return 'Fault rule removed.';
    },
    'fault-clear': () => {
      faults?.clear();
      return 'All fault rules cleared.';
    },
    'session-approve': (form) => {
      const session = store.sessions.get(form.get('session_id') ?? '');
      if (!session) throw new ActionError('This session does not exist.');
      const outcome = approveByHand(emulator, session, form.get('email') ?? '');
      if (outcome.kind !== 'approved')
        throw new ActionError(`Not approved: ${outcome.kind.replace('_', ' ')}.`);
      return `Approved: authorization token ${outcome.authorization.token}.`;
    },
    'hpp-approve': (form, ctx) => {
      const record = store.hppSessions.get(form.get('hpp_id') ?? '');
      const session = record && store.sessions.get(record.paymentSessionId);
      if (!record || !session) throw new ActionError('This HPP session does not exist.');
      const outcome = approveByHand(emulator, session, form.get('email') ?? '');
      if (outcome.kind === 'approved') {
        finishHostedPayment(
          emulator,
          record,
          { kind: 'approved', authorizationToken: outcome.authorization.token },
          ctx.origin,
        );
      } else if (outcome.kind === 'denied') {
        finishHostedPayment(emulator, record, { kind: 'failed' }, ctx.origin);
      } else {
        throw new ActionError(`Not approved: ${outcome.kind.replace('_', ' ')}.`);
      }
      return `HPP session ${record.status}.`;
    },
    'hpp-deny': (form, ctx) => {
      const record = store.hppSessions.get(form.get('hpp_id') ?? '');
      if (!record) throw new ActionError('This HPP session does not exist.');
      finishHostedPayment(emulator, record, { kind: 'failed' }, ctx.origin);
      return `HPP session ${record.status}.`;
    },
    'order-fraud': (form) => {
      const order = store.orders.get(form.get('order_id') ?? '');
      const decision = form.get('decision');
      if (!order) throw new ActionError('This order does not exist.');
      if (decision !== 'ACCEPTED' && decision !== 'REJECTED')
        throw new ActionError('Choose accept or reject.');
      if (order.fraudStatus !== 'PENDING') throw new ActionError('The order is not pending any more.');
      decideFraud(emulator, order, decision);
      return `Order ${decision === 'ACCEPTED' ? 'accepted' : 'rejected'}.`;
    },
  };

  root.post(`${UI_BASE}/actions/:action`, async (ctx) => {
    const form = await readForm(ctx);
    const back = safeBack(form.get('back'));
    // A page elsewhere must not be able to post these forms with the user's browser.
    if (!sameOrigin(ctx)) {
      sendPage(
        ctx,
        403,
        'Forbidden: inspector actions are only accepted from the inspector itself.',
        'text/plain',
      );
      return;
    }
    const run = actions[param(ctx, 'action')];
    let outcome: [string, string];
    if (!run) outcome = ['error', 'Unknown action.'];
    else {
      try {
        outcome = ['notice', run(form, ctx)];
      } catch (error) {
        if (!(error instanceof ActionError)) throw error;
        outcome = ['error', error.message];
      }
    }
    const target = new URL(back, 'http://inspector');
    target.searchParams.delete('notice');
    target.searchParams.delete('error');
    target.searchParams.set(outcome[0], outcome[1]);
    sendEmpty(ctx, 303, { Location: target.pathname + target.search });
  });
}

class ActionError extends Error {}

function messageOf(error: unknown): string {
  if (error instanceof Error && 'messages' in error && Array.isArray(error.messages)) {
    return (error.messages as string[]).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** The headless approval of the control API, with the persona of `email`. */
function approveByHand(emulator: Emulator, session: SessionRecord, email: string) {
  if (!session.data.billing_address) {
    mergeClientData(emulator, session, {
      billing_address: sampleBillingAddress(session.data.purchase_country, email),
    });
  }
  return approve(emulator, session, {
    email,
    paymentMethodCategory: KLARNA_CATEGORY,
    autoFinalize: true,
    signupCompleted: true,
  });
}

type SearchResults = Parameters<typeof searchPage>[2];

/** Records whose id, reference, capture or refund id is the query, or whose email contains it. */
function search(emulator: Emulator, query: string): SearchResults {
  const { store } = emulator;
  const q = query.toLowerCase();
  if (!q) return { sessions: [], orders: [], tokens: [], hpp: [], outbox: [] };
  const is = (value: string | undefined) => value !== undefined && value.toLowerCase() === q;
  const mentions = (value: string | undefined) => value !== undefined && value.toLowerCase().includes(q);
  const authorization = store.authorizations.get(query);
  // Most sessions keep their create body as text until used: look in the text before parsing it.
  const sessionEmail = (session: SessionRecord): string | undefined => {
    const text = sessionToSnapshot(session).dataText;
    if (text !== undefined && !text.toLowerCase().includes(q)) return undefined;
    return session.data.billing_address?.email;
  };
  const take = <T>(values: Iterable<T>, match: (value: T) => boolean): T[] => {
    const hits: T[] = [];
    for (const value of values) {
      if (match(value)) hits.push(value);
      if (hits.length >= LIST_LIMIT) break;
    }
    return hits;
  };
  return {
    sessions: take(
      store.sessions.values(),
      (session) =>
        is(session.id) || session.id === authorization?.sessionId || mentions(sessionEmail(session)),
    ),
    orders: take(
      store.orders.values(),
      (order) =>
        is(order.orderId) ||
        is(order.klarnaReference) ||
        is(order.sessionId) ||
        is(order.authorizationToken) ||
        is(order.merchantReference1) ||
        is(order.customerTokenId) ||
        mentions(order.email) ||
        order.captures.some((capture) => is(capture.capture_id) || is(capture.klarna_reference)) ||
        order.refunds.some((refund) => is(refund.refund_id)),
    ),
    tokens: take(
      store.customerTokens.values(),
      (token) => is(token.tokenId) || is(token.sessionId) || mentions(token.email),
    ),
    hpp: take(store.hppSessions.values(), (record) => is(record.id) || is(record.paymentSessionId)),
    outbox: take(store.outbox, (message) => is(message.hpp_session_id) || mentions(message.to)),
  };
}

/** Only paths of the inspector itself: an action never redirects anywhere else. */
function safeBack(back: string | null): string {
  if (!back || !back.startsWith(`${UI_BASE}`) || back.startsWith('//') || /[\\\r\n]/.test(back))
    return UI_BASE;
  return back;
}

function sameOrigin(ctx: RequestContext): boolean {
  const origin = ctx.req.headers.origin;
  if (origin !== undefined) return origin === ctx.origin;
  // Browsers that send no Origin on a same-origin form post still say where it came from.
  const site = ctx.req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin';
}

function readForm(ctx: RequestContext): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    ctx.req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    ctx.req.on('end', () =>
      resolve(
        size > MAX_FORM_BYTES
          ? new URLSearchParams()
          : new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      ),
    );
    ctx.req.on('error', () => resolve(new URLSearchParams()));
  });
}

function sendPage(ctx: RequestContext, status: number, body: string, type = 'text/html'): void {
  const payload = Buffer.from(body);
  ctx.res.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': payload.length,
    'Cache-Control': 'no-store',
    'Content-Security-Policy': PAGE_POLICY,
    'X-Content-Type-Options': 'nosniff',
    // With no-referrer a browser would send `Origin: null` on the inspector's own form posts.
    'Referrer-Policy': 'same-origin',
  });
  endReply(ctx, payload);
}
