import type { OrderMailStatus } from '@/lib/data/order-mails';
import type { OrderDetailDTO } from '@/lib/data/order-reads';
import { taxNameFor } from '@/lib/markets';
import { formatMoney } from '@/lib/money';
import type { ReactNode } from 'react';
import { PaymentStatus, RecurringPaymentsNotice } from './order-status';

/**
 * What the shopper may be told of the order confirmation mail: only what was recorded (a shop
 * without SMTP records none, and says nothing).
 */
export function confirmationMailText(status: OrderMailStatus | null, email: string): string | null {
  if (status === 'SENT') return `Confirmation sent to ${email}`;
  if (status === 'PENDING') return `A confirmation is on its way to ${email}`;
  if (status === 'FAILED')
    return `We could not send a confirmation to ${email}; this page is your record of the order.`;
  return null;
}

/** An order's lines, totals, delivery address and payment status (server-rendered). */
export function OrderDetails({
  order,
  confirmationMail,
}: {
  order: OrderDetailDTO;
  /** The state of the order's confirmation mail, if one was recorded. */
  confirmationMail: OrderMailStatus | null;
}) {
  const mailText = confirmationMailText(confirmationMail, order.email);
  const money = (amount: number) => formatMoney(amount, order.currency, order.locale);
  const products = order.lines.filter((line) => line.type === 'physical' || line.type === 'digital');
  const others = order.lines.filter((line) => line.type !== 'physical' && line.type !== 'digital');
  const taxIncluded = !order.lines.some((line) => line.type === 'sales_tax');
  const address = order.shippingAddress;
  return (
    <div className="space-y-6">
      <PaymentStatus order={order} />
      <RecurringPaymentsNotice order={order} />
      <Section titleId="order-lines-title" title="Items">
        <table className="mt-4 w-full text-sm">
          <thead className="sr-only">
            <tr>
              <th>Item</th>
              <th>Quantity</th>
              <th>Total</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {[...products, ...others].map((line) => (
              <tr key={line.position}>
                {/* Klarna's sales-tax line is named as the shop names the tax everywhere else. */}
                <td className="py-2">{line.type === 'sales_tax' ? taxNameFor(order.country) : line.name}</td>
                <td className="py-2 text-stone-600">
                  {line.type === 'sales_tax' ? '' : `× ${line.quantity}`}
                </td>
                <td className="py-2 text-right tabular-nums">{money(line.totalAmount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-stone-200 text-base font-semibold">
              <td className="pt-3" colSpan={2}>
                Total
              </td>
              <td className="pt-3 text-right tabular-nums" data-testid="order-total">
                {money(order.orderAmount)}
              </td>
            </tr>
            {taxIncluded ? (
              <tr>
                <td colSpan={3} className="text-right text-xs text-stone-500">
                  Including {money(order.taxAmount)} {taxNameFor(order.country)}
                </td>
              </tr>
            ) : null}
          </tfoot>
        </table>
      </Section>
      <Section titleId="delivery-title" title="Delivery">
        <address className="mt-2 text-sm not-italic text-stone-700">
          {address.given_name} {address.family_name}
          <br />
          {address.street_address}
          {address.street_address2 ? (
            <>
              <br />
              {address.street_address2}
            </>
          ) : null}
          <br />
          {address.postal_code} {address.city} {address.region ?? ''}
          <br />
          {order.country}
        </address>
        {mailText ? (
          <p className="mt-2 text-sm text-stone-600" data-testid="confirmation-mail">
            {mailText}
          </p>
        ) : null}
      </Section>
    </div>
  );
}

function Section({ titleId, title, children }: { titleId: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={titleId} className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm">
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
