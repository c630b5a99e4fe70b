import 'server-only';

import { getOrderForAction } from '@/lib/data/admin-order';
import { getOrder, isKlarnaError, type MerchantOrder } from '@/lib/klarna';
import { fail, succeed, type Result } from '@/lib/result';

export type KlarnaCopyResult = Result<
  { klarna: MerchantOrder },
  'not_found' | 'not_placed' | 'klarna_refused' | 'klarna_unavailable',
  { code?: string; correlationId?: string | null }
>;

/** The order as Klarna's Order Management API returns it right now, for staff comparing copies. */
export async function readKlarnaCopy(orderId: string): Promise<KlarnaCopyResult> {
  const order = orderId.length <= 64 ? await getOrderForAction(orderId) : null;
  if (!order) return fail('not_found', 'No such order.');
  if (!order.klarnaOrderId) return fail('not_placed', 'This order was never placed with Klarna.');
  try {
    return succeed({
      klarna: await getOrder({ region: order.region, orderId: order.klarnaOrderId }),
    });
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return fail(
      error.transient ? 'klarna_unavailable' : 'klarna_refused',
      'Klarna did not return the order.',
      {
        code: error.code,
        correlationId: error.correlationId,
      },
    );
  }
}
