import { buttonClasses } from '@/components/ui/button';
import { SORT_OPTIONS, type CatalogQuery } from '@/lib/validations/catalog';

/**
 * Search and sort for a category, as a plain GET form: the query lives in the URL (shareable,
 * back-button friendly) and works without JavaScript.
 */
export function CatalogToolbar({ action, query }: { action: string; query: CatalogQuery }) {
  return (
    <form action={action} method="get" role="search" className="flex flex-wrap items-end gap-3">
      <div className="flex min-w-48 flex-1 flex-col gap-1">
        <label htmlFor="catalog-search" className="text-sm font-medium text-stone-800">
          Search this category
        </label>
        <input
          id="catalog-search"
          type="search"
          name="q"
          defaultValue={query.q}
          maxLength={100}
          placeholder="Name or description"
          className="rounded-lg border border-stone-300 bg-white px-3 py-2 text-stone-950 placeholder:text-stone-500 focus-visible:outline-2 focus-visible:outline-brand-700"
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="catalog-sort" className="text-sm font-medium text-stone-800">
          Sort by
        </label>
        <select
          id="catalog-sort"
          name="sort"
          defaultValue={query.sort}
          className="rounded-lg border border-stone-300 bg-white py-2 pr-8 pl-3 text-stone-950 focus-visible:outline-2 focus-visible:outline-brand-700"
        >
          {SORT_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClasses('secondary')}>
        Apply
      </button>
    </form>
  );
}
