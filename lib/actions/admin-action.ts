import 'server-only';

import { getCurrentUser, type SessionUser } from '@/lib/auth';
import type { z } from 'zod';
import { validatedAction, type ActionResult, type ValidatedActionOptions } from './validated-action';

const NOT_ALLOWED_MESSAGE = 'Only staff signed in with an admin account can do this.';

/** The caller, if signed in with an admin account (checked against the database in every call). */
async function authorizeAdmin(): Promise<{ ok: true; caller: SessionUser } | { ok: false; message: string }> {
  const admin = await getCurrentUser();
  return admin?.role === 'ADMIN' ? { ok: true, caller: admin } : { ok: false, message: NOT_ALLOWED_MESSAGE };
}

/**
 * A staff action: `validatedAction` whose caller must be a signed-in ADMIN, re-checked here in
 * every call (proxy.ts and layouts are not guards).
 */
export function adminAction<Schema extends z.ZodType>(
  schema: Schema,
  handler: (input: z.output<Schema>, admin: SessionUser) => Promise<ActionResult>,
  options: Omit<ValidatedActionOptions<z.output<Schema>, SessionUser>, 'authorize'>,
) {
  return validatedAction(schema, handler, { ...options, authorize: authorizeAdmin });
}
