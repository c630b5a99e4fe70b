import type { OrderListParams } from '@/lib/validations/admin-orders';

/**
 * The list's URL for `params` with some changed. Any change of filter, search or sort starts again
 * at the first page; only paging keeps (and replaces) the cursor.
 */
export function ordersHref(
  params: OrderListParams,
  changes: Partial<OrderListParams> & { page?: { after?: string; before?: string } } = {},
): string {
  const next = { ...params, ...changes };
  const query = new URLSearchParams();
  if (next.status) query.set('status', next.status);
  if (next.fraud) query.set('fraud', next.fraud);
  if (next.needsCapture) query.set('needs', 'capture');
  if (next.expiresWithinDays !== undefined) query.set('expires', String(next.expiresWithinDays));
  if (next.search) query.set('q', next.search);
  if (next.sort !== 'newest') query.set('sort', next.sort);
  if (changes.page?.after) query.set('after', changes.page.after);
  if (changes.page?.before) query.set('before', changes.page.before);
  const text = query.toString();
  return text ? `/admin/orders?${text}` : '/admin/orders';
}
