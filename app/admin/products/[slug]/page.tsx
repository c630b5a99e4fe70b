import { ProductForm } from '@/components/admin/product-form';
import { requireAdmin } from '@/lib/auth';
import { findAdminProduct } from '@/lib/data/product-admin';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const product = await findAdminProduct(slug);
  return { title: `${product?.name ?? 'Product not found'} · Admin`, robots: { index: false } };
}

export default async function AdminProductPage({ params }: { params: Params }) {
  const { slug } = await params;
  // proxy.ts turned everyone else away already; this is the check that counts.
  await requireAdmin(`/admin/products/${encodeURIComponent(slug)}`);
  const product = await findAdminProduct(slug);
  if (!product) notFound();

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none w-full max-w-3xl space-y-6 px-4 py-8 lg:px-8">
      <div>
        <Link href="/admin/products" className="text-sm font-medium text-brand-700 hover:underline">
          ← Products
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-stone-900">{product.name}</h1>
        <p className="mt-1 text-sm text-stone-600">
          {product.category.name}
          {product.kind === 'SUBSCRIPTION'
            ? ' · subscription: a new price applies to new subscriptions only'
            : ''}
          {product.active ? (
            <>
              {' · '}
              <Link href={`/products/${product.slug}`} className="text-brand-700 hover:underline">
                View in the shop
              </Link>
            </>
          ) : (
            ' · not on sale'
          )}
        </p>
      </div>
      <ProductForm product={product} />
    </main>
  );
}
