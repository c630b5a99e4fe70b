import { env } from '@/lib/env';
import { handleRenewRequest } from './handle-renew-request';

/**
 * The scheduler's way to run the renewal job (`Authorization: Bearer $RENEWALS_SECRET`); the same
 * job as `npm run renewals`. See handle-renew-request.ts.
 */
export async function POST(request: Request): Promise<Response> {
  const answer = await handleRenewRequest(request, { secret: env.RENEWALS_SECRET });
  return Response.json(answer.body, { status: answer.status, headers: { 'Cache-Control': 'no-store' } });
}
