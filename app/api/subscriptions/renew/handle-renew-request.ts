import 'server-only';

import { resumeInterruptedTokenCreations } from '@/lib/checkout/subscribe';
import { readJsonBody } from '@/lib/http/read-json-body';
import { secretMatches } from '@/lib/secrets';
import { chargeSubscriptionNow } from '@/lib/subscriptions/renewals/charge-now';
import { runRenewals, type RenewalOptions } from '@/lib/subscriptions/renewals/runner';
import { z } from 'zod';

export interface RenewAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** `{}` renews everything due; `{ subscription_id }` one due subscription; `limit` caps a run. */
const renewRequestSchema = z
  .object({
    subscription_id: z.string().min(1).max(64).optional(),
    limit: z.int().min(1).max(100_000).optional(),
  })
  .strict();

/**
 * `POST /api/subscriptions/renew`, for a scheduler (cron, a platform's scheduled job): renews the due
 * subscriptions on the system clock. It moves money, so it needs the shared secret as
 * `Authorization: Bearer …`; without RENEWALS_SECRET configured it is switched off. It can only
 * charge what is due: a subscription that is cancelled, not due yet or stopped is refused (409).
 */
export async function handleRenewRequest(
  request: Request,
  options: RenewalOptions & { secret: string | undefined },
): Promise<RenewAnswer> {
  const { secret, ...renewalOptions } = options;
  if (!secret) {
    return {
      status: 503,
      body: { error: 'not_configured', message: 'Renewals by route are off: set RENEWALS_SECRET.' },
    };
  }
  if (!bearerMatches(request.headers.get('authorization'), secret)) {
    return { status: 401, body: { error: 'unauthorized', message: 'Missing or wrong scheduler secret.' } };
  }
  const body = await readJsonBody(request);
  if (!body.ok) return { status: body.status, body: { error: 'bad_request', message: body.message } };
  // An empty body renews everything due.
  const parsed = renewRequestSchema.safeParse(body.value ?? {});
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        error: 'bad_request',
        message: 'Expected a JSON object with an optional subscription_id (string) and limit (1–100000).',
      },
    };
  }

  if (parsed.data.subscription_id) {
    const result = await chargeSubscriptionNow(
      { subscriptionId: parsed.data.subscription_id, requireDue: true },
      { ...renewalOptions, actor: 'scheduler' },
    );
    if (!result.ok) {
      // Unknown: 404; known but not chargeable now (cancelled, not due, being renewed): 409.
      return result.reason === 'not_found'
        ? { status: 404, body: { error: 'not_found', message: result.message } }
        : { status: 409, body: { error: 'conflict', message: result.message } };
    }
    return { status: 200, body: { outcome: result.outcome, message: result.message } };
  }

  if (renewalOptions.housekeeping ?? true) await resumeInterruptedTokenCreations(renewalOptions);
  const summary = await runRenewals({
    ...renewalOptions,
    actor: 'scheduler',
    ...(parsed.data.limit ? { maxSubscriptions: parsed.data.limit } : {}),
  });
  return {
    status: 200,
    body: {
      started_at: summary.startedAt.toISOString(),
      processed: summary.processed,
      charged: summary.charged,
      retrying: summary.retrying,
      past_due: summary.pastDue,
      stopped: summary.stopped,
      skipped: summary.skipped,
      duration_ms: summary.durationMs,
    },
  };
}

/** Whether the header is `Bearer <secret>`, compared in constant time. */
function bearerMatches(header: string | null, secret: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  return secretMatches(match[1], secret);
}
