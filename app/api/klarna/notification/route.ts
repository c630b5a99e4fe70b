import { handleFraudNotification } from '@/lib/checkout/callbacks/notification';
import { readJsonBody } from '@/lib/http/read-json-body';
import { notificationAnswer } from '../answers';

/** Klarna's pending-order (fraud decision) notifications (`merchant_urls.notification`). */
export async function POST(request: Request): Promise<Response> {
  const secret = new URL(request.url).searchParams.get('secret');
  const body = await readJsonBody(request);
  if (!body.ok) return Response.json({ status: 'invalid', message: body.message }, { status: body.status });
  const answer = notificationAnswer(await handleFraudNotification({ secret, body: body.value }));
  return Response.json(answer.body, { status: answer.status });
}
