import { z } from 'zod';

export const SORT_OPTIONS = [
  { value: 'featured', label: 'Featured' },
  { value: 'price-asc', label: 'Price: low to high' },
  { value: 'price-desc', label: 'Price: high to low' },
  { value: 'name', label: 'Name: A to Z' },
  { value: 'newest', label: 'Newest' },
] as const;

export type SortOrder = (typeof SORT_OPTIONS)[number]['value'];

const SORT_VALUES = SORT_OPTIONS.map((option) => option.value) as [SortOrder, ...SortOrder[]];

/** Longest search we act on; the rest of a pasted essay is ignored rather than refused. */
const MAX_SEARCH_LENGTH = 100;

/** Takes the first value of a repeated search param (`?q=a&q=b`), as browsers do for one field. */
const firstValue = (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[])[0] : value);

/**
 * A category page's search params. Anything unusable falls back to the default instead of
 * failing: a stale bookmark with `?sort=cheapest` still shows the category, sorted as featured.
 */
const catalogQuerySchema = z.object({
  q: z.preprocess(
    firstValue,
    z
      .string()
      .transform((value) => value.trim().slice(0, MAX_SEARCH_LENGTH))
      .catch(''),
  ),
  sort: z.preprocess(firstValue, z.enum(SORT_VALUES).catch('featured')),
});

export type CatalogQuery = z.infer<typeof catalogQuerySchema>;

/** A category page without search params: everything, featured first. */
export const DEFAULT_CATALOG_QUERY: CatalogQuery = { q: '', sort: 'featured' };

export function parseCatalogQuery(searchParams: Record<string, string | string[] | undefined>): CatalogQuery {
  return catalogQuerySchema.parse({ q: searchParams.q ?? '', sort: searchParams.sort ?? 'featured' });
}
