import 'server-only';

import type { FinalizeOptions, FinalizeResult } from '@/lib/checkout/outcomes';
import { finalizeApproval } from '@/lib/checkout/place-order';
import { getPaymentSessionByKlarnaId } from '@/lib/data/payment-sessions';
import type { Failure } from '@/lib/result';
import { authorizationCallbackSchema } from '@/lib/validations/checkout';
import { verifyCallback, type CallbackRequest } from './verify';

export type AuthorizationCallbackResult = FinalizeResult | Failure<'invalid_body' | 'not_found'>;

/**
 * Klarna's authorization callback (api-reference §3.9): `{ authorization_token, session_id }` to
 * `merchant_urls.authorization`, whose query carries the session's secret. It places the order
 * through the same steps as the browser's `finalizeOrder`, so whichever arrives first wins and the other
 * sees that order.
 */
export async function handleAuthorizationCallback(
  request: CallbackRequest,
  options: FinalizeOptions = {},
): Promise<AuthorizationCallbackResult> {
  const verified = await verifyCallback(
    request,
    authorizationCallbackSchema,
    (body) => getPaymentSessionByKlarnaId(body.session_id),
    {
      invalidBody: 'Expected { authorization_token, session_id }.',
      notFound: 'Unknown session or wrong secret.',
    },
  );
  if (!verified.ok) return verified;
  return finalizeApproval(
    verified.row,
    { authorizationToken: verified.body.authorization_token, actor: 'klarna-callback' },
    options,
  );
}
