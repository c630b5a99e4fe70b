import { currencyLocale } from '@/components/admin/format';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { requireAdmin } from '@/lib/auth';
import { listAdminProducts } from '@/lib/data/product-admin';
import { CURRENCIES, formatMoney } from '@/lib/money';
import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Products · Admin', robots: { index: false } };

export default async function AdminProductsPage() {
  // proxy.ts turned everyone else away already; this is the check that counts.
  await requireAdmin('/admin/products');
  const products = await listAdminProducts();
  const onSale = products.filter((product) => product.active).length;

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none w-full space-y-6 px-4 py-8 lg:px-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900">Products</h1>
        <p className="mt-1 text-sm text-stone-600">
          {onSale} of {products.length} on sale. Open a product to change its prices or take it off sale.
        </p>
      </div>
      <ScrollRegion label="Products" className="rounded-xl border border-stone-200 bg-white">
        <table className="min-w-full divide-y divide-stone-200 text-sm">
          <caption className="sr-only">Products and their prices</caption>
          <thead className="bg-stone-50 text-left text-xs font-semibold uppercase tracking-wide text-stone-600">
            <tr>
              <th scope="col" className="px-4 py-2">
                Product
              </th>
              <th scope="col" className="px-4 py-2">
                Category
              </th>
              <th scope="col" className="px-4 py-2">
                On sale
              </th>
              {CURRENCIES.map((currency) => (
                <th key={currency} scope="col" className="px-4 py-2 text-right">
                  {currency}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {products.map((product) => {
              const prices = new Map(product.prices.map((price) => [price.currency, price.unitAmount]));
              return (
                <tr key={product.slug} className="hover:bg-stone-50">
                  <th scope="row" className="px-4 py-2 text-left font-normal">
                    <Link
                      href={`/admin/products/${product.slug}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {product.name}
                    </Link>
                    {product.kind === 'SUBSCRIPTION' ? (
                      <span className="ml-2 text-xs text-stone-500">subscription</span>
                    ) : null}
                  </th>
                  <td className="px-4 py-2">{product.category.name}</td>
                  <td className="px-4 py-2">{product.active ? 'Yes' : 'No'}</td>
                  {CURRENCIES.map((currency) => {
                    const amount = prices.get(currency);
                    return (
                      <td key={currency} className="px-4 py-2 text-right tabular-nums whitespace-nowrap">
                        {amount === undefined ? '—' : formatMoney(amount, currency, currencyLocale(currency))}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </main>
  );
}
