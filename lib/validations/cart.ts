import { MARKETS } from '@/lib/markets';
import { z } from 'zod';
import { isForm, NOT_A_FORM_MESSAGE } from './form';

import { MAX_QUANTITY, MIN_QUANTITY, QUANTITY_MESSAGE } from './cart-limits';

export { MAX_QUANTITY, QUANTITY_MESSAGE };

/**
 * A quantity as typed into a form: digits only, 1–99. "abc", "", "2.5", "-1", "0" and "100" are
 * all refused with the same clear message, never coerced into something else.
 */
const quantitySchema = z
  .string({ error: QUANTITY_MESSAGE })
  .trim()
  .regex(/^\d{1,3}$/, { error: QUANTITY_MESSAGE })
  .transform(Number)
  .pipe(
    z
      .number()
      .int()
      .min(MIN_QUANTITY, { error: QUANTITY_MESSAGE })
      .max(MAX_QUANTITY, { error: QUANTITY_MESSAGE }),
  );

const productId = z
  .string({ error: 'Choose a product.' })
  .trim()
  .min(1, { error: 'Choose a product.' })
  // Product ids are cuids; anything longer is not one of ours and never reaches the database.
  .max(64, { error: 'This product does not exist.' });

export const addToCartSchema = z.object({ productId, quantity: quantitySchema });
export const updateCartItemSchema = z.object({ productId, quantity: quantitySchema });
export const removeCartItemSchema = z.object({ productId });

export const marketSchema = z.object({
  country: z.enum(MARKETS.map((market) => market.country) as [string, ...string[]], {
    error: 'Choose one of the countries we ship to.',
  }),
});

export type FieldErrors<T> = Partial<Record<keyof T, string>>;

export type ParseResult<T> =
  { ok: true; data: T } | { ok: false; message: string; fieldErrors: FieldErrors<T> };

/**
 * Validates a submitted form against a schema. Only the named fields are read (a missing field is
 * `undefined`, a file upload is refused by the string schemas), and the first problem per field
 * becomes its message.
 */
export function parseForm<S extends z.ZodObject>(schema: S, formData: unknown): ParseResult<z.infer<S>> {
  if (!isForm(formData)) return { ok: false, message: NOT_A_FORM_MESSAGE, fieldErrors: {} };
  const raw = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, formData.get(key) ?? undefined]),
  );
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    fieldErrors[field] ??= issue.message;
  }
  const message = Object.values(fieldErrors)[0] ?? 'Please check your input.';
  return { ok: false, message, fieldErrors: fieldErrors as FieldErrors<z.infer<S>> };
}
