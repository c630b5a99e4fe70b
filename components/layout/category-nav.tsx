import type { CategoryDTO } from '@/lib/data/products';
import Link from 'next/link';
import { ScrollStrip } from './scroll-strip';

export function CategoryNav({ categories }: { categories: CategoryDTO[] }) {
  return (
    <nav aria-label="Categories" className="border-b border-stone-200 bg-white">
      <div className="mx-auto w-full max-w-6xl">
        <ScrollStrip className="flex gap-1 px-2 py-1 text-sm">
          {categories.map((category) => (
            <li key={category.slug} className="shrink-0">
              <Link
                href={`/c/${category.slug}`}
                className="inline-block rounded-md px-3 py-2 text-stone-800 hover:bg-stone-100 hover:text-stone-950 focus-visible:outline-2 focus-visible:outline-brand-700"
              >
                {category.name}
              </Link>
            </li>
          ))}
        </ScrollStrip>
      </div>
    </nav>
  );
}
