import { handleFraudNotification } from '@/lib/payments/notifications';
import { readJsonBody } from '@/lib/payments/read-json-body';

/** Klarna's pending-order (fraud decision) notifications (`merchant_urls.notification`). */
export async function POST(request: Request): Promise<Response> {
  const secret = new URL(request.url).searchParams.get('secret');
  const body = await readJsonBody(request);
  const answer = await handleFraudNotification({ secret, body });
  return Response.json(answer.body, { status: answer.status });
}
