import type { ProductDTO } from '@/lib/data/products';
import type { Market } from '@/lib/markets';
import Image from 'next/image';
import Link from 'next/link';
import { Price } from './price';

export function ProductCard({
  product,
  market,
  eager = false,
}: {
  product: ProductDTO;
  market: Market;
  eager?: boolean;
}) {
  return (
    <article className="group relative flex flex-col overflow-hidden rounded-xl border border-stone-200 bg-white">
      <Image
        src={product.image}
        alt={product.name}
        width={400}
        height={400}
        loading={eager ? 'eager' : 'lazy'}
        className="aspect-square w-full bg-stone-100 object-cover"
      />
      <div className="flex flex-1 flex-col gap-2 p-4">
        <h3 className="font-medium text-stone-950">
          {/* The link covers the card, so the whole card is one click target and one tab stop. */}
          <Link
            href={`/products/${product.slug}`}
            className="after:absolute after:inset-0 focus-visible:outline-2 focus-visible:outline-brand-700"
          >
            {product.name}
          </Link>
        </h3>
        <div className="mt-auto">
          <Price prices={product.prices} market={market} interval={product.interval} />
        </div>
      </div>
    </article>
  );
}

export function ProductGrid({
  products,
  market,
  eagerCount = 0,
}: {
  products: ProductDTO[];
  market: Market;
  eagerCount?: number;
}) {
  return (
    <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
      {products.map((product, index) => (
        <li key={product.id}>
          <ProductCard product={product} market={market} eager={index < eagerCount} />
        </li>
      ))}
    </ul>
  );
}
