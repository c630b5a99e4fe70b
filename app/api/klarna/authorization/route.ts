import { handleAuthorizationCallback } from '@/lib/checkout/callbacks/authorization';
import { readJsonBody } from '@/lib/http/read-json-body';
import { authorizationAnswer } from '../answers';

/**
 * Klarna's server-side authorization callback (`merchant_urls.authorization`): places the order
 * through the same idempotent use-case as the browser, so it also works when the shopper's tab
 * closed right after approving.
 */
export async function POST(request: Request): Promise<Response> {
  const secret = new URL(request.url).searchParams.get('secret');
  const body = await readJsonBody(request);
  if (!body.ok) return Response.json({ status: 'invalid', message: body.message }, { status: body.status });
  const answer = authorizationAnswer(await handleAuthorizationCallback({ secret, body: body.value }));
  return Response.json(answer.body, { status: answer.status });
}
