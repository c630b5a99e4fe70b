import { getCurrentUser } from '@/lib/auth';
import { getOrderForAction } from '@/lib/data/admin-order';
import { getOrder, isKlarnaError } from '@/lib/klarna';
import type { KlarnaRegion } from '@/lib/markets';

/**
 * GET /admin/orders/{id}/klarna: the order as Klarna's Order Management API returns it right now,
 * for staff comparing it with the store's copy. Admins only (checked here as well as in proxy.ts).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: 'Sign in with an admin account.' }, { status: 401 });
  if (user.role !== 'ADMIN')
    return Response.json({ error: 'Only admins can read Klarna orders.' }, { status: 403 });

  const { id } = await params;
  const order = id.length <= 64 ? await getOrderForAction(id) : null;
  if (!order) return Response.json({ error: 'No such order.' }, { status: 404 });
  if (!order.klarnaOrderId) {
    return Response.json({ error: 'This order was never placed with Klarna.' }, { status: 404 });
  }
  try {
    const klarna = await getOrder({ region: order.region as KlarnaRegion, orderId: order.klarnaOrderId });
    return Response.json(klarna, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return Response.json(
      { error: 'Klarna did not return the order.', code: error.code, correlation_id: error.correlationId },
      { status: error.transient ? 503 : 502 },
    );
  }
}
