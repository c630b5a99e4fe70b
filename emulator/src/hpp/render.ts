import type { Emulator } from '../emulator.js';
import { formatAmount, html, type SafeHtml } from '../html.js';
import type { HppSessionRecord, SessionRecord } from '../store.js';
import { isHppExpired } from './sessions.js';

/**
 * The hosted payment page as the shopper sees it: the cart, Klarna's payment method and a Pay
 * button. The page itself is a merchant page built on the emulator's own JS SDK (page.js), so the
 * approval, personas and declines are exactly the widget's.
 */

export interface RenderedPage {
  status: number;
  body: string;
}

export function renderHostedPage(
  emulator: Emulator,
  record: HppSessionRecord | undefined,
  paymentSession: SessionRecord | undefined,
): RenderedPage {
  if (!record || !paymentSession) {
    return { status: 404, body: notice('Payment link not found', 'This payment link does not exist.') };
  }
  if (record.status === 'DISABLED' || isHppExpired(emulator, record)) {
    return {
      status: 410,
      body: notice(
        'Payment link expired',
        'This payment link is no longer valid. Ask the shop for a new one.',
      ),
    };
  }
  if (record.status === 'COMPLETED') {
    return { status: 200, body: notice('Thank you', 'Your purchase with Klarna is complete.') };
  }
  if (record.status === 'CANCELLED') {
    return { status: 200, body: notice('Purchase cancelled', 'You cancelled this purchase.') };
  }
  if (record.status === 'ERROR') {
    return {
      status: 200,
      body: notice('Something went wrong', 'The purchase could not be completed. Contact the shop.'),
    };
  }
  return { status: 200, body: paymentPage(record, paymentSession).value };
}

function paymentPage(record: HppSessionRecord, session: SessionRecord): SafeHtml {
  const data = session.data;
  const money = (minor: number) => formatAmount(minor, data.purchase_currency, data.locale);
  const title = record.pageTitle ?? 'Complete your purchase';
  const lines = data.order_lines.map(
    (line) =>
      html`<tr>
        <td>${line.name}</td>
        <td class="number">${line.quantity}</td>
        <td class="number">${money(line.total_amount)}</td>
      </tr>`,
  );
  return layout(
    title,
    html`<main
      id="hpp"
      data-session-id="${record.id}"
      data-client-token="${session.clientToken}"
      data-has-back="${record.merchantUrls.back ? 'true' : 'false'}"
    >
      <h1>${title}</h1>
      <table>
        <caption>
          Your order
        </caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" class="number">Qty</th>
            <th scope="col" class="number">Amount</th>
          </tr>
        </thead>
        <tbody>
          ${lines}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="2">Total</th>
            <td class="number" id="total">${money(data.order_amount)}</td>
          </tr>
        </tfoot>
      </table>
      ${
        record.status === 'FAILED'
          ? html`<p class="error" role="alert">Your last attempt was declined. You can try again.</p>`
          : null
      }
      <div id="klarna-payments-container"></div>
      <p id="message" aria-live="polite"></p>
      <div class="actions">
        <button type="button" class="primary" id="pay" disabled>Pay with Klarna</button>
        <button type="button" class="secondary" id="cancel">Cancel purchase</button>
        ${
          record.merchantUrls.back
            ? html`<button type="button" class="link" id="back">Back to the shop</button>`
            : null
        }
      </div>
      <script src="/hpp/static/page.js"></script>
      <script async src="/kp/lib/v1/api.js"></script>
    </main>`,
  );
}

function notice(title: string, text: string): string {
  return layout(
    title,
    html`<main>
      <h1>${title}</h1>
      <p>${text}</p>
    </main>`,
  ).value;
}

function layout(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Klarna</title>
        <link rel="stylesheet" href="/hpp/static/page.css" />
      </head>
      <body>
        <header><img src="/kp/assets/badges/klarna.svg" alt="Klarna" width="64" height="32" /></header>
        ${body}
      </body>
    </html>`;
}
