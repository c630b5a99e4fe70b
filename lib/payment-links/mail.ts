import type { Market } from '@/lib/markets';
import { formatMoney } from '@/lib/money';
import type { KlarnaOrderTotals } from '@/lib/order-lines';

/** The e-mail that brings a customer to Klarna's hosted page for their order. */
export function composePaymentLinkMail(input: {
  market: Market;
  totals: KlarnaOrderTotals;
  url: string;
  expiresAt: Date;
}): { subject: string; text: string; html: string } {
  const { market, totals, url } = input;
  const money = (amount: number) => formatMoney(amount, market.currency, market.locale);
  const rows = totals.order_lines.map((line) => ({
    label: line.type === 'sales_tax' ? market.taxName : `${line.quantity} × ${line.name}`,
    amount: money(line.total_amount),
  }));
  const total = { label: 'Total', amount: money(totals.order_amount) };
  const until = input.expiresAt.toLocaleString(market.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  const subject = `Pay for your Nordlys Store order: ${total.amount}`;
  const text = [
    'Hello,',
    '',
    'Here is your order from Nordlys Store. Pay for it with Klarna through this link:',
    '',
    ...rows.map((row) => `${row.label}: ${row.amount}`),
    `${total.label}: ${total.amount}`,
    '',
    `Pay with Klarna: ${url}`,
    `The link works until ${until} (UTC).`,
    '',
    'Nordlys Store',
  ].join('\n');
  const escape = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  const html = [
    '<p>Hello,</p>',
    '<p>Here is your order from Nordlys Store. Pay for it with Klarna through this link:</p>',
    '<table>',
    ...[...rows, total].map((row) => `<tr><td>${escape(row.label)}</td><td>${escape(row.amount)}</td></tr>`),
    '</table>',
    `<p><a href="${escape(url)}">Pay with Klarna</a></p>`,
    `<p>The link works until ${escape(until)} (UTC).</p>`,
    '<p>Nordlys Store</p>',
  ].join('\n');
  return { subject, text, html };
}
