import 'server-only';

import type { FinalizeOptions, FinalizeResult } from '@/lib/checkout/outcomes';
import { finalizeApproval } from '@/lib/checkout/place-order';
import { getPaymentSessionByKlarnaId } from '@/lib/data/payment-sessions';
import { fail, type Failure } from '@/lib/result';
import { secretMatches } from '@/lib/secrets';
import { authorizationCallbackSchema } from '@/lib/validations/checkout';

export type AuthorizationCallbackResult = FinalizeResult | Failure<'invalid_body' | 'not_found'>;

/**
 * Klarna's authorization callback (api-reference §3.9): `{ authorization_token, session_id }` to
 * `merchant_urls.authorization`, whose query carries the session's secret. It places the order
 * through the same steps as the browser's `finalizeOrder`, so whichever arrives first wins and the other
 * sees that order.
 */
export async function handleAuthorizationCallback(
  input: { secret: string | null; body: unknown },
  options: FinalizeOptions = {},
): Promise<AuthorizationCallbackResult> {
  const parsed = authorizationCallbackSchema.safeParse(input.body);
  if (!parsed.success) return fail('invalid_body', 'Expected { authorization_token, session_id }.');
  const session = await getPaymentSessionByKlarnaId(parsed.data.session_id);
  // One answer for "no such session" and "wrong secret", so the endpoint reveals neither.
  if (!session || !secretMatches(input.secret, session.callbackSecret)) {
    return fail('not_found', 'Unknown session or wrong secret.');
  }
  return finalizeApproval(
    session,
    { authorizationToken: parsed.data.authorization_token, actor: 'klarna-callback' },
    options,
  );
}
