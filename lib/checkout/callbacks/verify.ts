import 'server-only';

import { fail, succeed, type Result } from '@/lib/result';
import { secretMatches } from '@/lib/secrets';
import type { z } from 'zod';

/** What Klarna's callback requests carry: the secret of the merchant URL's query, and a JSON body. */
export interface CallbackRequest {
  secret: string | null;
  body: unknown;
}

/**
 * The first steps of every Klarna callback: the body read through `schema`, the row it names looked
 * up, and the secret compared with that row's. "No such row" and "wrong secret" get one answer, so
 * the endpoint reveals neither.
 */
export async function verifyCallback<Body, Row extends { callbackSecret: string }>(
  request: CallbackRequest,
  schema: z.ZodType<Body>,
  find: (body: Body) => Promise<Row | null>,
  messages: { invalidBody: string; notFound: string },
): Promise<Result<{ body: Body; row: Row }, 'invalid_body' | 'not_found'>> {
  const parsed = schema.safeParse(request.body);
  if (!parsed.success) return fail('invalid_body', messages.invalidBody);
  const row = await find(parsed.data);
  if (!row || !secretMatches(request.secret, row.callbackSecret)) {
    return fail('not_found', messages.notFound);
  }
  return succeed({ body: parsed.data, row });
}
