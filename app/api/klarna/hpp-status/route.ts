import { readJsonBody } from '@/lib/http/read-json-body';
import { handleHppStatusCallback } from '@/lib/payment-links/complete';
import { hppStatusAnswer } from '../answers';

/**
 * Klarna's Hosted Payment Page status callback (`merchant_urls.status_update` of a payment link):
 * the link's status is re-read from Klarna, and a completed payment becomes the draft's order.
 */
export async function POST(request: Request): Promise<Response> {
  const secret = new URL(request.url).searchParams.get('secret');
  const body = await readJsonBody(request);
  if (!body.ok) return Response.json({ status: 'invalid', message: body.message }, { status: body.status });
  const answer = hppStatusAnswer(await handleHppStatusCallback({ secret, body: body.value }));
  return Response.json(answer.body, { status: answer.status });
}
