import { DraftForm } from '@/components/admin/draft-form';
import { DraftLinkActions } from '@/components/admin/draft-link-actions';
import { dateTime } from '@/components/admin/format';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { requireAdmin } from '@/lib/auth';
import { getDraftOrder } from '@/lib/data/draft-orders';
import { getCartForPayment } from '@/lib/data/payment-sessions';
import { formatMoney } from '@/lib/money';
import { draftFormChoices } from '@/lib/payment-links/form-choices';
import { isLinkOpen, linkState } from '@/lib/payment-links/links';
import { draftTotals } from '@/lib/payment-links/pricing';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';

export const metadata: Metadata = { title: 'Draft · Admin', robots: { index: false } };

/**
 * One draft: its lines and totals exactly as Klarna gets them, its payment links and their status,
 * and, until it is paid, the form to change it.
 */
export default async function DraftPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/drafts/${id}`);
  const draft = id.length <= 100 ? await getDraftOrder(id) : null;
  if (!draft) notFound();
  const [priced, cart, choices] = await Promise.all([
    draftTotals(draft.cartId),
    getCartForPayment(draft.cartId),
    draftFormChoices(),
  ]);
  const now = new Date();
  const openLink = draft.links.find((link) => isLinkOpen(link, now));
  const money = (amount: number) =>
    priced.ok ? formatMoney(amount, priced.market.currency, priced.market.locale) : String(amount);

  return (
    <main id="main" tabIndex={-1} className="w-full max-w-5xl space-y-8 px-4 py-8 focus:outline-none lg:px-8">
      <div>
        <p className="text-sm">
          <Link href="/admin/drafts" className="text-brand-700 underline-offset-2 hover:underline">
            Drafts
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900 wrap-anywhere">
          Draft for {draft.email}
        </h1>
        <p className="mt-1 text-sm text-stone-600 wrap-anywhere">
          {draft.phone ? `${draft.phone} · ` : ''}created by {draft.createdBy}, {dateTime(draft.createdAt)}
        </p>
        {draft.fromShopperCart ? (
          <p className="mt-1 text-sm text-stone-600">
            The cart a signed-in shopper left at checkout: its lines are theirs, so staff do not change them.
          </p>
        ) : null}
        {draft.order ? (
          <p className="mt-2 text-sm font-medium text-emerald-800" role="status">
            Paid: order{' '}
            <Link href={`/admin/orders/${draft.order.id}`} className="underline">
              {draft.order.number}
            </Link>
          </p>
        ) : null}
      </div>

      <section aria-labelledby="lines-heading" className="space-y-2">
        <h2 id="lines-heading" className="text-lg font-semibold text-stone-900">
          Lines as Klarna gets them
        </h2>
        {priced.ok ? (
          <ScrollRegion label="Klarna order lines">
            <table className="w-full text-left text-sm">
              <thead className="text-stone-600">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Line
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">
                    Quantity
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">
                    Unit price
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">
                    Tax rate
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">
                    Tax
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {priced.totals.order_lines.map((line) => (
                  <tr key={line.reference}>
                    <td className="py-2 pr-4">{line.name}</td>
                    <td className="py-2 pr-4 text-right">{line.quantity}</td>
                    <td className="py-2 pr-4 text-right">{money(line.unit_price)}</td>
                    <td className="py-2 pr-4 text-right">
                      {line.tax_rate === undefined ? '—' : `${line.tax_rate / 100} %`}
                    </td>
                    <td className="py-2 pr-4 text-right">{money(line.total_tax_amount)}</td>
                    <td className="py-2 pr-4 text-right">{money(line.total_amount)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={4} className="py-2 pr-4 text-right font-medium">
                    {priced.market.taxName} and total
                  </th>
                  <td className="py-2 pr-4 text-right" data-testid="draft-tax">
                    {money(priced.totals.order_tax_amount)}
                  </td>
                  <td className="py-2 pr-4 text-right font-semibold" data-testid="draft-total">
                    {money(priced.totals.order_amount)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </ScrollRegion>
        ) : (
          <p className="text-sm text-red-700">{priced.message}</p>
        )}
      </section>

      <section aria-labelledby="links-heading" className="space-y-3">
        <h2 id="links-heading" className="text-lg font-semibold text-stone-900">
          Payment link
        </h2>
        {draft.links.length === 0 ? (
          <p className="text-sm text-stone-600">No link sent yet.</p>
        ) : (
          <ScrollRegion label="Payment links">
            <table className="w-full text-left text-sm">
              <thead className="text-stone-600">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Created
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Status
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    E-mailed
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Works until
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {draft.links.map((link) => (
                  <tr key={link.id}>
                    <td className="py-2 pr-4">{dateTime(link.createdAt)}</td>
                    <td className="py-2 pr-4" data-testid="link-status">
                      {linkState(link, now)}
                    </td>
                    <td className="py-2 pr-4">
                      {link.sentCount === 0 ? 'not yet' : `${link.sentCount}×, last ${dateTime(link.sentAt)}`}
                    </td>
                    <td className="py-2 pr-4">{dateTime(link.expiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
        {draft.order ? null : <DraftLinkActions draftId={draft.id} hasOpenLink={openLink !== undefined} />}
      </section>

      {draft.order || draft.fromShopperCart || !cart ? null : (
        <section aria-labelledby="edit-heading" className="space-y-3">
          <h2 id="edit-heading" className="text-lg font-semibold text-stone-900">
            Change the draft
          </h2>
          <p className="text-sm text-stone-600">
            Saving a change stops the link sent before; send a new one after.
          </p>
          <DraftForm
            products={choices.products}
            markets={choices.markets}
            draft={{
              draftId: draft.id,
              country: draft.country,
              email: draft.email,
              phone: draft.phone ?? '',
              quantities: Object.fromEntries(cart.items.map((item) => [item.slug, item.quantity])),
            }}
          />
        </section>
      )}
    </main>
  );
}
