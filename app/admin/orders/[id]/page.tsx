import { AddressBlock } from '@/components/admin/address-block';
import { dateTime, day, relativeDays } from '@/components/admin/format';
import { actionOrderOf } from '@/components/admin/order-actions/action-order';
import { ActionsPanel } from '@/components/admin/order-actions/actions-panel';
import { MerchantReferencesForm } from '@/components/admin/order-actions/merchant-references-form';
import { AutoSync, SyncButton } from '@/components/admin/order-actions/sync-controls';
import { OrderTimeline } from '@/components/admin/order-timeline';
import { RenewalOf } from '@/components/admin/renewal-of';
import { FraudStatusText, RefundBadge, StatusBadge } from '@/components/admin/status-badge';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { requireAdmin } from '@/lib/auth';
import { getAdminOrderDetail } from '@/lib/data/admin-order';
import { formatMoney } from '@/lib/money';
import { orderAmounts } from '@/lib/order-admin/amounts';
import { isSyncDue } from '@/lib/order-admin/reconcile';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';

export const metadata: Metadata = { title: 'Order · Admin', robots: { index: false } };

function Card({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-stone-200 bg-white p-5">
      <h2 id={id} className="text-base font-semibold text-stone-900">
        {title}
      </h2>
      <div className="mt-3">{children}</div>
    </section>
  );
}

function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
      {items.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-stone-600">{term}</dt>
          <dd className="text-stone-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function AdminOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // proxy.ts turned everyone else away already; this is the check that counts.
  await requireAdmin(`/admin/orders/${encodeURIComponent(id)}`);
  const order = await getAdminOrderDetail(id);
  if (!order) notFound();

  const now = new Date();
  const actions = actionOrderOf(order, now);
  const amounts = orderAmounts(order);
  const fmt = (amount: number) => formatMoney(amount, order.currency, order.locale);
  const name = [order.billingAddress.given_name, order.billingAddress.family_name].filter(Boolean).join(' ');

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none w-full space-y-6 px-4 py-8 lg:px-8">
      <p>
        <Link href="/admin/orders" className="text-sm font-medium text-brand-700 hover:underline">
          ← Orders
        </Link>
      </p>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight text-stone-900">
            Order <span className="font-mono">{order.number}</span> <StatusBadge status={order.status} />
            <RefundBadge order={order} />
          </h1>
          <p className="mt-1 text-sm text-stone-600">
            Placed {dateTime(order.placedAt ?? order.createdAt)} · {order.email}
          </p>
          {order.subscription ? (
            <p className="mt-1 text-sm">
              <RenewalOf subscription={order.subscription} period={order.subscriptionPeriod} />
            </p>
          ) : null}
        </div>
        <div className="space-y-1 text-right">
          <SyncButton orderId={order.id} />
          <p className="text-xs text-stone-500">
            Last compared with Klarna:{' '}
            {order.syncedAt && order.syncedAt.getTime() > 0 ? dateTime(order.syncedAt) : 'not yet'}
          </p>
          <AutoSync orderId={order.id} due={isSyncDue(order.syncedAt, now, order.klarnaOrderId !== null)} />
        </div>
      </div>

      <section aria-labelledby="amounts-heading" className="rounded-xl border border-stone-200 bg-white p-5">
        <h2 id="amounts-heading" className="text-base font-semibold text-stone-900">
          Payment
        </h2>
        <dl className="mt-3 grid grid-cols-2 gap-4 sm:grid-cols-5" data-testid="order-amounts">
          {(
            [
              ['Authorized', amounts.authorized],
              ['Captured', amounts.captured],
              ['Refunded', amounts.refunded],
              ['Left to capture', amounts.leftToCapture],
              ['Refundable', amounts.refundable],
            ] as const
          ).map(([label, amount]) => (
            <div key={label}>
              <dt className="text-xs uppercase tracking-wide text-stone-500">{label}</dt>
              <dd className="mt-0.5 text-lg font-semibold tabular-nums text-stone-900">{fmt(amount)}</dd>
            </div>
          ))}
        </dl>
        <ActionsPanel order={actions} />
      </section>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Klarna" id="klarna-heading">
          <Facts
            items={[
              ['Klarna status', order.klarnaStatus ?? '—'],
              ['Fraud status', <FraudStatusText key="fraud" status={order.fraudStatus} />],
              [
                'Authorization expires',
                order.authorizationExpiresAt ? (
                  <span key="expiry">
                    {day(order.authorizationExpiresAt)}{' '}
                    <span className="text-stone-500">
                      ({relativeDays(order.authorizationExpiresAt, now)})
                    </span>
                  </span>
                ) : (
                  '—'
                ),
              ],
              [
                'Klarna order id',
                <span key="id" className="break-all font-mono text-xs">
                  {order.klarnaOrderId ?? '—'}
                </span>,
              ],
              ['Klarna reference', order.klarnaReference ?? '—'],
              ['Region', order.region.toUpperCase()],
            ]}
          />
          {order.klarnaOrderId ? (
            <p className="mt-3 text-xs">
              <a href={`/admin/orders/${order.id}/klarna`} className="text-brand-700 hover:underline">
                Klarna’s copy of the order (JSON)
              </a>
            </p>
          ) : null}
        </Card>
        <Card title="Customer" id="customer-heading">
          <Facts
            items={[
              ['Name', name || '—'],
              ['Email', order.email],
              ['Account', order.userId ? 'Signed-in shopper' : 'Guest'],
              ['Market', `${order.country} · ${order.currency}`],
            ]}
          />
        </Card>
        <Card title="Addresses" id="addresses-heading">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-1">
            <div>
              <h3 className="text-xs font-semibold uppercase tracking-wide text-stone-500">Billing</h3>
              <AddressBlock address={order.billingAddress} />
            </div>
            <div>
              <h3 className="text-xs font-semibold uppercase tracking-wide text-stone-500">Shipping</h3>
              <AddressBlock address={order.shippingAddress} />
            </div>
          </div>
        </Card>
      </div>

      <Card title="Lines" id="lines-heading">
        <ScrollRegion label="Lines of the order">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Lines of the order</caption>
            <thead className="text-left text-xs uppercase tracking-wide text-stone-500">
              <tr>
                <th scope="col" className="py-1">
                  Line
                </th>
                <th scope="col" className="py-1 text-right">
                  Quantity
                </th>
                <th scope="col" className="py-1 text-right">
                  Unit price
                </th>
                <th scope="col" className="py-1 text-right">
                  Tax rate
                </th>
                <th scope="col" className="py-1 text-right">
                  Total
                </th>
                <th scope="col" className="py-1 text-right">
                  Captured
                </th>
                <th scope="col" className="py-1 text-right">
                  Refunded
                </th>
              </tr>
            </thead>
            <tbody>
              {actions.lines.map((line) => (
                <tr key={line.position} className="border-t border-stone-100">
                  <th scope="row" className="py-1.5 text-left font-normal">
                    {line.name} <span className="text-xs text-stone-500">{line.type.replace('_', ' ')}</span>
                  </th>
                  <td className="py-1.5 text-right tabular-nums">{line.quantity}</td>
                  <td className="py-1.5 text-right tabular-nums">{fmt(line.unitPrice)}</td>
                  <td className="py-1.5 text-right tabular-nums">
                    {line.taxRate === null ? '—' : `${line.taxRate / 100} %`}
                  </td>
                  <td className="py-1.5 text-right tabular-nums">{fmt(line.totalAmount)}</td>
                  <td className="py-1.5 text-right tabular-nums">{line.captured}</td>
                  <td className="py-1.5 text-right tabular-nums">{line.refunded}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Captures" id="captures-heading">
          {order.captures.length === 0 ? (
            <p className="text-sm text-stone-600">Nothing captured yet.</p>
          ) : (
            <ul className="space-y-2 text-sm" aria-label="Captures">
              {order.captures.map((capture) => (
                <li key={capture.id} className="rounded-lg bg-stone-50 p-3">
                  <p className="font-medium">
                    {fmt(capture.amount)}{' '}
                    <span className="text-xs font-normal text-stone-500">
                      {capture.klarnaReference ?? capture.klarnaCaptureId}
                    </span>
                  </p>
                  <p className="text-xs text-stone-600">
                    {dateTime(capture.capturedAt)} · {capture.actor}
                  </p>
                  {capture.lines.length > 0 ? (
                    <p className="text-xs text-stone-700">
                      {capture.lines.map((line) => `${line.quantity} × ${line.name}`).join(', ')}
                    </p>
                  ) : null}
                  {capture.shippingInfo ? (
                    <p className="text-xs text-stone-700">
                      Shipped with {capture.shippingInfo.shippingCompany ?? 'a carrier'}
                      {capture.shippingInfo.trackingNumber
                        ? `, tracking ${capture.shippingInfo.trackingNumber}`
                        : ''}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Refunds" id="refunds-heading">
          {order.refunds.length === 0 ? (
            <p className="text-sm text-stone-600">Nothing refunded.</p>
          ) : (
            <ul className="space-y-2 text-sm" aria-label="Refunds">
              {order.refunds.map((refund) => (
                <li key={refund.id} className="rounded-lg bg-stone-50 p-3">
                  <p className="font-medium">{fmt(refund.amount)}</p>
                  <p className="text-xs text-stone-600">
                    {dateTime(refund.refundedAt)} · {refund.actor}
                  </p>
                  {refund.description ? (
                    <p className="text-xs text-stone-700">Reason: {refund.description}</p>
                  ) : null}
                  {refund.lines.length > 0 ? (
                    <p className="text-xs text-stone-700">
                      {refund.lines.map((line) => `${line.quantity} × ${line.name}`).join(', ')}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <Card title="Merchant references" id="references-heading">
        <MerchantReferencesForm order={actions} />
      </Card>

      <Card title="Timeline" id="timeline-heading">
        <OrderTimeline events={order.events} currency={order.currency} locale={order.locale} />
      </Card>
    </main>
  );
}
