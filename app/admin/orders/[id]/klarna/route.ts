import { getCurrentUser } from '@/lib/auth';
import { readKlarnaCopy } from '@/lib/order-admin/klarna-copy';

const STATUS = { not_found: 404, not_placed: 404, klarna_refused: 502, klarna_unavailable: 503 } as const;

/**
 * GET /admin/orders/{id}/klarna: the order as Klarna's Order Management API returns it right now,
 * for staff comparing it with the store's copy. Admins only (checked here as well as in proxy.ts).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: 'Sign in with an admin account.' }, { status: 401 });
  if (user.role !== 'ADMIN')
    return Response.json({ error: 'Only admins can read Klarna orders.' }, { status: 403 });

  const result = await readKlarnaCopy((await params).id);
  if (result.ok) return Response.json(result.klarna, { headers: { 'Cache-Control': 'no-store' } });
  const body =
    result.reason === 'klarna_refused' || result.reason === 'klarna_unavailable'
      ? { error: result.message, code: result.code, correlation_id: result.correlationId }
      : { error: result.message };
  return Response.json(body, { status: STATUS[result.reason] });
}
