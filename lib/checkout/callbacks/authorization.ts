import 'server-only';

import { finalizeOrder, type FinalizeOptions } from '@/lib/checkout/place-order';
import { getPaymentSessionByKlarnaId } from '@/lib/data/payment-sessions';
import { secretMatches } from '@/lib/secrets';
import { authorizationCallbackSchema } from '@/lib/validations/checkout';

export interface CallbackAnswer {
  status: number;
  body: { status: string; message?: string; order_number?: string };
}

/**
 * Klarna's authorization callback (api-reference §3.9): `{ authorization_token, session_id }` to
 * `merchant_urls.authorization`, whose query carries the session's secret. It places the order
 * through the same `finalizeOrder` as the browser, so whichever arrives first wins and the other
 * sees that order. A 2xx tells Klarna to stop; a 503 asks it to retry.
 */
export async function handleAuthorizationCallback(
  input: { secret: string | null; body: unknown },
  options: FinalizeOptions = {},
): Promise<CallbackAnswer> {
  const parsed = authorizationCallbackSchema.safeParse(input.body);
  if (!parsed.success) {
    return {
      status: 400,
      body: { status: 'invalid', message: 'Expected { authorization_token, session_id }.' },
    };
  }
  const session = await getPaymentSessionByKlarnaId(parsed.data.session_id);
  // One answer for "no such session" and "wrong secret", so the endpoint reveals neither.
  if (!session || !secretMatches(input.secret, session.callbackSecret)) {
    return { status: 404, body: { status: 'not_found', message: 'Unknown session or wrong secret.' } };
  }

  const result = await finalizeOrder(
    {
      paymentSessionId: session.id,
      authorizationToken: parsed.data.authorization_token,
      actor: 'klarna-callback',
    },
    options,
  );
  switch (result.kind) {
    case 'placed':
      return { status: 200, body: { status: 'placed', order_number: result.number } };
    case 'subscribed':
      return { status: 200, body: { status: 'subscribed' } };
    case 'in_progress':
      return { status: 202, body: { status: 'in_progress' } };
    case 'unavailable':
      return { status: 503, body: { status: 'unavailable', message: result.message } };
    case 'reauthorize':
      return { status: 409, body: { status: 'reauthorization_required', message: result.reason } };
    case 'declined':
      return { status: 409, body: { status: 'declined' } };
    case 'invalid':
      return { status: result.status, body: { status: 'invalid', message: result.message } };
  }
}
