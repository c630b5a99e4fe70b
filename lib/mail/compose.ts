import type { OrderMailContentDTO } from '@/lib/data/order-mails';
import { taxNameFor } from '@/lib/markets';
import { formatMoney } from '@/lib/money';

/*
 * The words of the shop's mails to a shopper, from what was recorded: the order as sold, and the
 * capture or refund a receipt or notice tells of. Amounts are the order's minor units in its own
 * currency, formatted for the order's locale, exactly as the order page shows them.
 */

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

interface Row {
  label: string;
  amount: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The order's lines as sold: products first, then shipping, discounts and sales tax. */
function orderRows(content: OrderMailContentDTO, money: (amount: number) => string): Row[] {
  return content.order.lines.map((line) => ({
    label: line.type === 'sales_tax' ? taxNameFor(content.order.country) : `${line.quantity} × ${line.name}`,
    amount: money(line.totalAmount),
  }));
}

function compose(parts: {
  subject: string;
  greeting: string;
  intro: string[];
  rows: Row[];
  totals: Row[];
  after: string[];
  link: { text: string; url: string };
}): ComposedMail {
  const width = Math.max(...[...parts.rows, ...parts.totals].map((row) => row.label.length), 10);
  const line = (row: Row) => `${row.label.padEnd(width)}  ${row.amount}`;
  const text = [
    parts.greeting,
    '',
    ...parts.intro,
    '',
    ...parts.rows.map(line),
    ...(parts.rows.length > 0 ? ['-'.repeat(width + 12)] : []),
    ...parts.totals.map(line),
    '',
    ...parts.after,
    ...(parts.after.length > 0 ? [''] : []),
    `${parts.link.text}: ${parts.link.url}`,
    '',
    'Nordlys Store',
  ].join('\n');

  const cell = 'padding:4px 0';
  const htmlRow = (row: Row, bold = false) =>
    `<tr${bold ? ' style="font-weight:600"' : ''}><td style="${cell}">${escapeHtml(row.label)}</td>` +
    `<td style="${cell};text-align:right;white-space:nowrap">${escapeHtml(row.amount)}</td></tr>`;
  const paragraphs = (texts: string[]) => texts.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(parts.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#1c1917;max-width:36rem;margin:0 auto;padding:1rem">
<p>${escapeHtml(parts.greeting)}</p>${paragraphs(parts.intro)}
<table style="width:100%;border-collapse:collapse;margin:1rem 0">
<tbody>${parts.rows.map((row) => htmlRow(row)).join('')}</tbody>
<tfoot style="border-top:1px solid #d6d3d1">${parts.totals.map((row, index) => htmlRow(row, index === 0)).join('')}</tfoot>
</table>${paragraphs(parts.after)}
<p><a href="${escapeHtml(parts.link.url)}">${escapeHtml(parts.link.text)}</a></p>
<p>Nordlys Store</p>
</body></html>`;
  return { subject: parts.subject, text, html };
}

/**
 * The mail for one recorded fact, or null when what it tells of is gone (its capture or refund row
 * no longer exists). `orderUrl` is the shopper's private link to the order.
 */
export function composeOrderMail(content: OrderMailContentDTO, orderUrl: string): ComposedMail | null {
  const { order, settlement } = content;
  const money = (amount: number) => formatMoney(amount, order.currency, order.locale);
  const greeting = `Hello ${order.shippingAddress.given_name},`;
  const link = { text: 'Your order', url: orderUrl };
  const salesTax = order.lines.some((line) => line.type === 'sales_tax');
  const taxRow: Row[] = salesTax
    ? []
    : [{ label: `Including ${taxNameFor(order.country)}`, amount: money(order.taxAmount) }];

  if (content.kind === 'ORDER_CONFIRMATION') {
    const address = order.shippingAddress;
    const renewal = order.subscriptionPeriod !== null;
    return compose({
      subject: renewal
        ? `Order ${order.number}: your subscription has renewed`
        : `Order ${order.number}: thank you for your order`,
      greeting,
      intro: [
        renewal
          ? `Your subscription has renewed: order ${order.number} is its next delivery, paid with Klarna as you agreed when you subscribed.`
          : order.fraudStatus === 'PENDING'
            ? `Thank you for your order ${order.number}. Klarna is reviewing your payment; we will ship your order once Klarna has approved it.`
            : `Thank you for your order ${order.number}. Klarna has approved your payment; you pay according to the terms you chose with Klarna.`,
      ],
      rows: orderRows(content, money),
      totals: [{ label: 'Total', amount: money(order.orderAmount) }, ...taxRow],
      after: [
        `Delivery to: ${address.given_name} ${address.family_name}, ${address.street_address}, ${address.postal_code} ${address.city}, ${order.country}`,
        'We will send a receipt when we ship and charge your order.',
      ],
      link,
    });
  }
  if (!settlement) return null;

  const settledRows = settlement.lines.map((line) => ({
    label: `${line.quantity} × ${line.name}`,
    amount: money(line.totalAmount),
  }));
  if (content.kind === 'CAPTURE_RECEIPT') {
    const tracking = [settlement.shippingCompany, settlement.trackingNumber].filter(Boolean).join(' ');
    return compose({
      subject: `Order ${order.number}: receipt for ${money(settlement.amount)}`,
      greeting,
      intro: [
        `We have shipped and charged ${money(settlement.amount)} of your order ${order.number}. Klarna collects it according to the terms you chose.`,
      ],
      rows: settledRows,
      totals: [
        { label: 'Charged now', amount: money(settlement.amount) },
        { label: 'Order total', amount: money(order.orderAmount) },
      ],
      after: [
        ...(tracking
          ? [`Tracking: ${tracking}${settlement.trackingUri ? ` (${settlement.trackingUri})` : ''}`]
          : []),
        ...(settlement.description ? [settlement.description] : []),
      ],
      link,
    });
  }
  return compose({
    subject: `Order ${order.number}: refund of ${money(settlement.amount)}`,
    greeting,
    intro: [
      `We have refunded ${money(settlement.amount)} of your order ${order.number}. Klarna settles the refund with you according to the terms you chose.`,
    ],
    rows: settledRows,
    totals: [{ label: 'Refunded', amount: money(settlement.amount) }],
    after: settlement.description ? [`Reason: ${settlement.description}`] : [],
    link,
  });
}
