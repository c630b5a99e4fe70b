import type { Emulator } from '../emulator.js';
import type { FaultRegistry } from '../faults.js';
import { faultView } from '../faults.js';
import { formatAmount, html, type SafeHtml } from '../html.js';
import { redactMerchantUrls, redactUrl } from '../redact.js';
import type {
  CallbackLogEntry,
  CustomerTokenRecord,
  HppSessionRecord,
  OrderRecord,
  OutboxMessage,
  RequestLogRecord,
  SessionRecord,
} from '../store.js';
import { requestLogView } from '../store.js';

/**
 * The inspector's pages: plain server-rendered HTML, every value escaped by `html`, no script. Lists
 * show the newest records first and at most LIST_LIMIT of them, so a page stays fast with a large
 * state; search finds the rest.
 */

export const UI_BASE = '/_emulator/ui';
export const LIST_LIMIT = 100;

export interface PageContext {
  emulator: Emulator;
  faults: FaultRegistry | undefined;
  /** The current path with its query, to come back to after an action. */
  here: string;
  notice?: string | null;
  error?: string | null;
}

const SECTIONS = [
  ['', 'Overview'],
  ['/sessions', 'Sessions'],
  ['/orders', 'Orders'],
  ['/tokens', 'Customer tokens'],
  ['/hpp', 'HPP sessions'],
  ['/callbacks', 'Callbacks'],
  ['/outbox', 'Outbox'],
  ['/requests', 'Requests'],
] as const;

export function layout(page: PageContext, title: string, body: SafeHtml): string {
  const nav = SECTIONS.map(([path, label]) => {
    const href = UI_BASE + path;
    const current = page.here.split('?')[0] === href;
    return html`<a href="${href}" ${current ? html`aria-current="page"` : null}>${label}</a>`;
  });
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Klarna emulator</title>
        <link rel="stylesheet" href="${UI_BASE}/static/ui.css" />
      </head>
      <body>
        <header>
          <p class="brand">Klarna emulator</p>
          <nav aria-label="Inspector">${nav}</nav>
          <form role="search" method="get" action="${UI_BASE}/search">
            <label for="q">Search by id or email</label>
            <input id="q" name="q" type="search" required />
            <button type="submit">Search</button>
          </form>
        </header>
        <main>
          <h1>${title}</h1>
          ${page.notice ? html`<p class="notice" role="status">${page.notice}</p>` : null}
          ${page.error ? html`<p class="error" role="alert">${page.error}</p>` : null} ${body}
        </main>
      </body>
    </html>`.value;
}

/** The newest `limit` values of an insertion-ordered collection, newest first. */
export function newest<T>(values: Iterable<T>, limit = LIST_LIMIT): { items: T[]; total: number } {
  const all = [...values];
  return { items: all.slice(-limit).reverse(), total: all.length };
}

function time(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/** A table with one header row: the inspector's lists and an order's captures and refunds. */
function table(headings: string[], rows: SafeHtml[]): SafeHtml {
  return html`<table>
    <thead>
      <tr>
        ${headings.map((heading) => html`<th scope="col">${heading}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function more(shown: number, total: number): SafeHtml | null {
  return total > shown
    ? html`<p class="muted">Showing the newest ${shown} of ${total}. Search to find others.</p>`
    : null;
}

/** A record as indented JSON with merchant URL secrets hidden, in a collapsible block. */
function raw(record: unknown, label = 'Stored record'): SafeHtml {
  const text = JSON.stringify(
    record,
    (key, value: unknown) =>
      key === 'merchant_urls' || key === 'merchantUrls' ? redactMerchantUrls(value) : value,
    2,
  );
  return html`<details>
    <summary>${label}</summary>
    <pre>${text}</pre>
  </details>`;
}

function action(
  page: PageContext,
  name: string,
  fields: SafeHtml | null,
  button: string,
  extra = '',
): SafeHtml {
  return html`<form method="post" action="${UI_BASE}/actions/${name}" class="inline ${extra}">
    <input type="hidden" name="back" value="${page.here}" />
    ${fields}
    <button type="submit">${button}</button>
  </form>`;
}

// ---- overview ------------------------------------------------------------------------------------

export function overviewPage(page: PageContext): string {
  const { emulator, faults } = page;
  const { store, clock } = emulator;
  const persistence = emulator.persistence;
  const counts = [
    ['Sessions', store.sessions.size, '/sessions'],
    ['Orders', store.orders.size, '/orders'],
    ['Customer tokens', store.customerTokens.size, '/tokens'],
    ['HPP sessions', store.hppSessions.size, '/hpp'],
    ['Callback attempts', store.callbacks.length, '/callbacks'],
    ['Outbox messages', store.outbox.length, '/outbox'],
    ['Logged requests', store.requests.length, '/requests'],
  ] as const;
  const rules = faults ? faults.rules.map(faultView) : [];
  return layout(
    page,
    'Overview',
    html`<section aria-labelledby="state-title">
        <h2 id="state-title">State</h2>
        <ul class="counts">
          ${counts.map(
            ([label, count, path]) =>
              html`<li><a href="${UI_BASE}${path}">${label}</a> <strong>${count}</strong></li>`,
          )}
        </ul>
        ${
          persistence
            ? html`<p>
                  Kept in <code>${persistence.file}</code>; started with
                  ${
                    persistence.startedWith === 'saved-state'
                      ? 'the saved state'
                      : persistence.startedWith === 'refused-state'
                        ? 'no state: the saved file was refused'
                        : 'no saved state'
                  }.
                  ${persistence.lastSavedAt ? html`Last saved ${persistence.lastSavedAt}.` : null}
                </p>
                ${
                  persistence.loadError
                    ? html`<p class="error">
                        ${persistence.loadError} (kept as <code>${persistence.refusedFileKeptAs}</code>)
                      </p>`
                    : null
                }
                ${persistence.lastSaveError ? html`<p class="error">Saving failed: ${persistence.lastSaveError}</p>` : null}`
            : html`<p class="muted">State is in memory only (no data directory).</p>`
        }
        <p><a href="/_emulator/snapshot">Download a snapshot (JSON)</a></p>
      </section>
      <section aria-labelledby="clock-title">
        <h2 id="clock-title">Clock</h2>
        <p>
          Emulator time <strong id="clock-now">${clock.nowDate().toISOString()}</strong>
          (${clock.offset === 0 ? 'real time' : `${Math.round(clock.offset / 1000)} s ahead of real time`};
          ${clock.pending} timers waiting)
        </p>
        ${action(
          page,
          'clock-advance',
          html`<label for="advance">Advance by</label>
            <input id="advance" name="advance" placeholder="30m, 48h, 28d" required />`,
          'Advance clock',
        )}
        ${action(
          page,
          'clock-set',
          html`<label for="set">Set to</label>
            <input id="set" name="set" placeholder="2030-01-01T00:00:00Z" required />`,
          'Set clock',
        )}
      </section>
      <section aria-labelledby="faults-title">
        <h2 id="faults-title">Faults</h2>
        ${
          faults
            ? html`${
                rules.length === 0
                  ? html`<p class="muted">No fault rules.</p>`
                  : html`<table>
                      <thead>
                        <tr>
                          <th scope="col">Rule</th>
                          <th scope="col">Seen</th>
                          <th scope="col">Fired</th>
                          <th scope="col"><span class="visually-hidden">Remove</span></th>
                        </tr>
                      </thead>
                      <tbody>
                        ${rules.map(
                          (rule) =>
                            html`<tr>
                              <td><code>${JSON.stringify(rule)}</code></td>
                              <td>${String(rule.seen)}</td>
                              <td>${String(rule.fired)}</td>
                              <td>
                                ${action(
                                  page,
                                  'fault-delete',
                                  html`<input type="hidden" name="id" value="${String(rule.id)}" />`,
                                  'Remove',
                                )}
                              </td>
                            </tr>`,
                        )}
                      </tbody>
                    </table>`
              }
              ${action(
                page,
                'fault-add',
                html`<label for="rule">New rule (JSON, as for <code>POST /_emulator/faults</code>)</label>
                  <textarea id="rule" name="rule" rows="3" required>
{"match": "POST /ordermanagement/v1/orders/*/captures", "fault": "status", "status": 503, "times": 1}</textarea>`,
                'Add fault',
                'stacked',
              )}
              ${rules.length > 0 ? action(page, 'fault-clear', null, 'Clear all faults') : null}`
            : html`<p class="muted">Fault injection is off.</p>`
        }
      </section>
      <section aria-labelledby="reset-title">
        <h2 id="reset-title">Reset</h2>
        <p>
          Forgets all sessions, orders, tokens, HPP sessions, logs, keys and faults; the clock goes back to
          real time.
        </p>
        ${action(page, 'reset', null, 'Reset the emulator', 'danger')}
      </section>`,
  );
}

// ---- lists ----------------------------------------------------------------------------------------

export function sessionRows(sessions: SessionRecord[]): SafeHtml {
  return table(
    ['Session', 'Region', 'Status', 'Amount', 'Email', 'Created'],
    sessions.map((session) => {
      const data = session.data;
      return html`<tr>
        <td>
          <a href="${UI_BASE}/sessions/${session.id}"><code>${session.id}</code></a>
        </td>
        <td>${session.region}</td>
        <td>${session.status}</td>
        <td>${formatAmount(data.order_amount, data.purchase_currency, data.locale)}</td>
        <td>${data.billing_address?.email ?? ''}</td>
        <td>${time(session.createdAt)}</td>
      </tr>`;
    }),
  );
}

export function orderRows(orders: OrderRecord[]): SafeHtml {
  return table(
    ['Order', 'Reference', 'Status', 'Fraud', 'Amount', 'Captured', 'Refunded', 'Email', 'Placed'],
    orders.map((order) => {
      const money = (minor: number) => formatAmount(minor, order.purchaseCurrency, order.locale);
      return html`<tr>
        <td>
          <a href="${UI_BASE}/orders/${order.orderId}"><code>${order.orderId}</code></a>
        </td>
        <td>${order.klarnaReference}</td>
        <td>${order.status}</td>
        <td>${order.fraudStatus}</td>
        <td>${money(order.orderAmount)}</td>
        <td>${money(order.capturedAmount)}</td>
        <td>${money(order.refundedAmount)}</td>
        <td>${order.email}</td>
        <td>${time(order.createdAt)}</td>
      </tr>`;
    }),
  );
}

export function tokenRows(tokens: CustomerTokenRecord[]): SafeHtml {
  return table(
    ['Token', 'Status', 'Market', 'Email', 'Created'],
    tokens.map(
      (token) =>
        html`<tr>
          <td>
            <a href="${UI_BASE}/tokens/${token.tokenId}"><code>${token.tokenId}</code></a>
          </td>
          <td>${token.status}</td>
          <td>${token.purchaseCountry} ${token.purchaseCurrency}</td>
          <td>${token.email}</td>
          <td>${time(token.createdAt)}</td>
        </tr>`,
    ),
  );
}

export function hppRows(records: HppSessionRecord[]): SafeHtml {
  return table(
    ['HPP session', 'Status', 'Payments session', 'Place order', 'Updated'],
    records.map(
      (record) =>
        html`<tr>
          <td>
            <a href="${UI_BASE}/hpp/${record.id}"><code>${record.id}</code></a>
          </td>
          <td>${record.status}</td>
          <td>
            <a href="${UI_BASE}/sessions/${record.paymentSessionId}"
              ><code>${record.paymentSessionId}</code></a
            >
          </td>
          <td>${record.placeOrderMode}</td>
          <td>${time(record.updatedAt)}</td>
        </tr>`,
    ),
  );
}

export function callbackRows(entries: CallbackLogEntry[]): SafeHtml {
  return table(
    ['#', 'Kind', 'URL', 'Attempt', 'At', 'Answer', 'Outcome', 'Body'],
    entries.map(
      (entry) =>
        html`<tr>
          <td>${entry.id}</td>
          <td>${entry.kind}</td>
          <td><code>${redactUrl(entry.url)}</code></td>
          <td>${entry.attempt}</td>
          <td>${entry.at}</td>
          <td>${entry.status !== undefined ? String(entry.status) : (entry.error ?? '')}</td>
          <td>${entry.outcome}</td>
          <td>${raw(entry.body, 'Body')}</td>
        </tr>`,
    ),
  );
}

export function outboxRows(messages: OutboxMessage[]): SafeHtml {
  return table(
    ['#', 'At', 'Method', 'To', 'Message', 'HPP session'],
    messages.map(
      (message) =>
        html`<tr>
          <td>${message.id}</td>
          <td>${message.at}</td>
          <td>${message.method}</td>
          <td>${message.to}</td>
          <td>${message.subject ? html`<strong>${message.subject}</strong><br />` : null}${message.text}</td>
          <td>
            <a href="${UI_BASE}/hpp/${message.hpp_session_id}"><code>${message.hpp_session_id}</code></a>
          </td>
        </tr>`,
    ),
  );
}

export function requestRows(records: RequestLogRecord[]): SafeHtml {
  return table(
    ['#', 'At', 'Request', 'Status', 'ms', 'Warnings', 'Body'],
    records.map((record) => {
      const entry = requestLogView(record);
      return html`<tr>
        <td>${entry.id}</td>
        <td>${entry.at}</td>
        <td><code>${entry.method} ${entry.path}</code></td>
        <td>${entry.status}</td>
        <td>${entry.duration_ms}</td>
        <td>${(entry.warnings ?? []).map((warning) => html`<span class="warning">${warning}</span> `)}</td>
        <td>${entry.body !== undefined ? raw(entry.body, 'Body') : null}</td>
      </tr>`;
    }),
  );
}

export function listPage(
  page: PageContext,
  title: string,
  shown: number,
  total: number,
  rows: SafeHtml,
): string {
  return layout(
    page,
    title,
    total === 0 ? html`<p class="muted">Nothing yet.</p>` : html`${more(shown, total)}${rows}`,
  );
}

// ---- details -------------------------------------------------------------------------------------

export function sessionPage(page: PageContext, session: SessionRecord, payable: boolean): string {
  const { store } = page.emulator;
  const data = session.data;
  const orders = [...store.orders.values()].filter((order) => order.sessionId === session.id);
  const authorizations = [...store.authorizations.values()].filter((entry) => entry.sessionId === session.id);
  const hosted = [...store.hppSessions.values()].filter((record) => record.paymentSessionId === session.id);
  return layout(
    page,
    `Session ${session.id}`,
    html`<dl>
        <dt>Status</dt>
        <dd>${session.status}${payable ? ' (waiting for the shopper)' : ''}</dd>
        <dt>Region · API user</dt>
        <dd>${session.region} · ${session.merchantId}</dd>
        <dt>Amount</dt>
        <dd>${formatAmount(data.order_amount, data.purchase_currency, data.locale)} (${data.intent})</dd>
        <dt>Shopper</dt>
        <dd>${data.billing_address?.email ?? 'not known yet'}</dd>
        <dt>Expires</dt>
        <dd>${time(session.expiresAt)}</dd>
      </dl>
      ${
        payable
          ? html`<section aria-labelledby="approve-title">
              <h2 id="approve-title">Approve by hand</h2>
              <p>
                Approves as the shopper would in the widget: an authorization token is issued and the
                authorization callback sent. The email picks the persona (<code>+denied</code> declines).
              </p>
              ${action(
                page,
                'session-approve',
                html`<input type="hidden" name="session_id" value="${session.id}" />
                  <label for="email">Shopper email</label>
                  <input
                    id="email"
                    name="email"
                    type="email"
                    value="${data.billing_address?.email ?? 'customer@email.us'}"
                    required
                  />`,
                'Approve session',
              )}
            </section>`
          : null
      }
      <h2>Authorizations</h2>
      ${
        authorizations.length === 0
          ? html`<p class="muted">None.</p>`
          : html`<ul>
              ${authorizations.map(
                (entry) =>
                  html`<li>
                    <code>${entry.token}</code> ${entry.status}, ${entry.email}
                    ${entry.orderId ? html`→ order <a href="${UI_BASE}/orders/${entry.orderId}"><code>${entry.orderId}</code></a>` : null}
                    ${
                      entry.customerTokenId
                        ? html`→ token
                            <a href="${UI_BASE}/tokens/${entry.customerTokenId}"
                              ><code>${entry.customerTokenId}</code></a
                            >`
                        : null
                    }
                  </li>`,
              )}
            </ul>`
      }
      ${
        orders.length > 0
          ? html`<h2>Orders</h2>
              ${orderRows(orders)}`
          : null
      }
      ${
        hosted.length > 0
          ? html`<h2>HPP sessions</h2>
              ${hppRows(hosted)}`
          : null
      }
      ${raw({ ...session, data })}`,
  );
}

export function orderPage(page: PageContext, order: OrderRecord): string {
  const money = (minor: number) => formatAmount(minor, order.purchaseCurrency, order.locale);
  return layout(
    page,
    `Order ${order.orderId}`,
    html`<dl>
        <dt>Status</dt>
        <dd>${order.status}</dd>
        <dt>Fraud status</dt>
        <dd>${order.fraudStatus}</dd>
        <dt>Reference</dt>
        <dd>${order.klarnaReference}</dd>
        <dt>Amount · captured · refunded</dt>
        <dd>${money(order.orderAmount)} · ${money(order.capturedAmount)} · ${money(order.refundedAmount)}</dd>
        <dt>Shopper</dt>
        <dd>${order.email}</dd>
        <dt>Session</dt>
        <dd>
          <a href="${UI_BASE}/sessions/${order.sessionId}"><code>${order.sessionId}</code></a>
        </dd>
        <dt>Authorization expires</dt>
        <dd>${time(order.expiresAt)}</dd>
      </dl>
      ${
        order.fraudStatus === 'PENDING'
          ? html`<section aria-labelledby="fraud-title">
              <h2 id="fraud-title">Decide the pending order</h2>
              <p>
                Klarna's fraud decision now instead of on the clock; the notification goes to the merchant.
              </p>
              ${action(page, 'order-fraud', html`<input type="hidden" name="order_id" value="${order.orderId}" /><input type="hidden" name="decision" value="ACCEPTED" />`, 'Accept order')}
              ${action(page, 'order-fraud', html`<input type="hidden" name="order_id" value="${order.orderId}" /><input type="hidden" name="decision" value="REJECTED" />`, 'Reject order', 'danger')}
            </section>`
          : null
      }
      <h2>Captures</h2>
      ${
        order.captures.length === 0
          ? html`<p class="muted">None.</p>`
          : table(
              ['Capture', 'Reference', 'Amount', 'Refunded', 'At'],
              order.captures.map(
                (capture) =>
                  html`<tr>
                    <td><code>${capture.capture_id}</code></td>
                    <td>${capture.klarna_reference}</td>
                    <td>${money(capture.captured_amount)}</td>
                    <td>${money(capture.refunded_amount)}</td>
                    <td>${time(capture.captured_at)}</td>
                  </tr>`,
              ),
            )
      }
      <h2>Refunds</h2>
      ${
        order.refunds.length === 0
          ? html`<p class="muted">None.</p>`
          : table(
              ['Refund', 'Amount', 'Description', 'At'],
              order.refunds.map(
                (refund) =>
                  html`<tr>
                    <td><code>${refund.refund_id}</code></td>
                    <td>${money(refund.refunded_amount)}</td>
                    <td>${refund.description}</td>
                    <td>${time(refund.refunded_at)}</td>
                  </tr>`,
              ),
            )
      }
      ${raw(order)}`,
  );
}

export function tokenPage(page: PageContext, token: CustomerTokenRecord): string {
  const orders = [...page.emulator.store.orders.values()].filter(
    (order) => order.customerTokenId === token.tokenId,
  );
  return layout(
    page,
    `Customer token ${token.tokenId}`,
    html`<dl>
        <dt>Status</dt>
        <dd>${token.status}</dd>
        <dt>Shopper</dt>
        <dd>${token.email}</dd>
        <dt>Market</dt>
        <dd>${token.purchaseCountry} ${token.purchaseCurrency}</dd>
        <dt>Session</dt>
        <dd>
          <a href="${UI_BASE}/sessions/${token.sessionId}"><code>${token.sessionId}</code></a>
        </dd>
      </dl>
      <h2>Orders charged to it</h2>
      ${orders.length === 0 ? html`<p class="muted">None.</p>` : orderRows(orders)} ${raw(token)}`,
  );
}

export function hppPage(page: PageContext, record: HppSessionRecord, open: boolean): string {
  const messages = page.emulator.store.outbox.filter((message) => message.hpp_session_id === record.id);
  return layout(
    page,
    `HPP session ${record.id}`,
    html`<dl>
        <dt>Status</dt>
        <dd>${record.status}</dd>
        <dt>Hosted page</dt>
        <dd><a href="/hpp/payments/${record.id}">/hpp/payments/${record.id}</a></dd>
        <dt>Payments session</dt>
        <dd>
          <a href="${UI_BASE}/sessions/${record.paymentSessionId}"><code>${record.paymentSessionId}</code></a>
        </dd>
        <dt>Place order mode</dt>
        <dd>${record.placeOrderMode}</dd>
        ${
          record.orderId
            ? html`<dt>Order</dt>
                <dd>
                  <a href="${UI_BASE}/orders/${record.orderId}"><code>${record.orderId}</code></a>
                </dd>`
            : null
        }
        <dt>Expires</dt>
        <dd>${time(record.expiresAt)}</dd>
      </dl>
      ${
        open
          ? html`<section aria-labelledby="hpp-approve-title">
              <h2 id="hpp-approve-title">Approve or deny by hand</h2>
              <p>As if the shopper paid on the hosted page (or was declined): the status callback is sent.</p>
              ${action(
                page,
                'hpp-approve',
                html`<input type="hidden" name="hpp_id" value="${record.id}" />
                  <label for="hpp-email">Shopper email</label>
                  <input id="hpp-email" name="email" type="email" value="customer@email.us" required />`,
                'Approve payment',
              )}
              ${action(page, 'hpp-deny', html`<input type="hidden" name="hpp_id" value="${record.id}" />`, 'Deny payment', 'danger')}
            </section>`
          : null
      }
      <h2>Links sent</h2>
      ${messages.length === 0 ? html`<p class="muted">None.</p>` : outboxRows(messages)} ${raw(record)}`,
  );
}

export function searchPage(
  page: PageContext,
  query: string,
  found: {
    sessions: SessionRecord[];
    orders: OrderRecord[];
    tokens: CustomerTokenRecord[];
    hpp: HppSessionRecord[];
    outbox: OutboxMessage[];
  },
): string {
  const total =
    found.sessions.length +
    found.orders.length +
    found.tokens.length +
    found.hpp.length +
    found.outbox.length;
  return layout(
    page,
    `Search: ${query}`,
    total === 0
      ? html`<p>Nothing matches <strong>${query}</strong>.</p>`
      : html`${
          found.orders.length > 0
            ? html`<h2>Orders</h2>
                ${orderRows(found.orders)}`
            : null
        }
        ${
          found.sessions.length > 0
            ? html`<h2>Sessions</h2>
                ${sessionRows(found.sessions)}`
            : null
        }
        ${
          found.tokens.length > 0
            ? html`<h2>Customer tokens</h2>
                ${tokenRows(found.tokens)}`
            : null
        }
        ${
          found.hpp.length > 0
            ? html`<h2>HPP sessions</h2>
                ${hppRows(found.hpp)}`
            : null
        }
        ${
          found.outbox.length > 0
            ? html`<h2>Outbox</h2>
                ${outboxRows(found.outbox)}`
            : null
        }`,
  );
}

export function notFoundPage(page: PageContext, what: string): string {
  return layout(page, 'Not found', html`<p>${what} does not exist (or was reset).</p>`);
}
