import 'server-only';

import { getCurrentUser, type SessionUser } from '@/lib/auth';
import { recordEventIfOrderExists } from '@/lib/data/admin-orders';
import { fieldErrorsOf, formDataToInput } from '@/lib/validations/admin-orders';
import { isForm, NOT_A_FORM_MESSAGE } from '@/lib/validations/form';
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';

/**
 * What an admin action tells its form: a message, and per-field messages for bad input. Never the
 * submitted values, never anything from Klarna but its human-readable messages.
 */
export type AdminActionState =
  { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string> } | null;

export const NOT_ALLOWED_MESSAGE = 'Only staff signed in with an admin account can do this.';

/**
 * Wraps an admin server action once: the caller must be a signed-in ADMIN (checked here, in every
 * call; proxy.ts and layouts are not guards), the form is validated with `schema`, and the result
 * is a message for the form. A form refused as invalid leaves an `eventType` event on the order's
 * timeline (when it names an order), as every other refusal does. On success the admin order pages
 * are refreshed. Anything unexpected is logged and reported without details; it never escapes as a
 * 500.
 */
export function adminAction<Schema extends z.ZodType<{ orderId: string }>>(
  eventType: string,
  schema: Schema,
  handler: (
    input: z.output<Schema>,
    admin: SessionUser,
  ) => Promise<
    { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string> }
  >,
) {
  return async (_previous: AdminActionState, formData: FormData): Promise<AdminActionState> => {
    const admin = await getCurrentUser();
    if (admin?.role !== 'ADMIN') return { ok: false, message: NOT_ALLOWED_MESSAGE };
    if (!isForm(formData)) return { ok: false, message: NOT_A_FORM_MESSAGE };

    const input = formDataToInput(formData);
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOf(parsed.error, input);
      if (typeof input.orderId === 'string') {
        await recordEventIfOrderExists(input.orderId, {
          type: eventType,
          actor: admin.email,
          outcome: 'FAILURE',
          message: `Refused before sending: the form was not valid (${Object.values(fieldErrors).join(' ')})`,
        });
        revalidatePath(`/admin/orders/${input.orderId}`);
      }
      return { ok: false, message: 'Nothing was done: please correct the highlighted fields.', fieldErrors };
    }
    try {
      const result = await handler(parsed.data, admin);
      // Refusals leave an event too, so the timeline changes either way.
      revalidatePath(`/admin/orders/${parsed.data.orderId}`);
      revalidatePath('/admin/orders');
      return result.ok
        ? { ok: true, message: result.message }
        : {
            ok: false,
            message: result.message,
            ...(result.fieldErrors ? { fieldErrors: result.fieldErrors } : {}),
          };
    } catch (error) {
      console.error('admin action failed', error);
      return {
        ok: false,
        message:
          'Something went wrong and the action stopped. Check the order’s timeline before trying again.',
      };
    }
  };
}
