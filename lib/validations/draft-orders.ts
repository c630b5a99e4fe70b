import { z } from 'zod';

/*
 * The staff form for a draft order: the market, the customer's e-mail and phone, and a quantity per
 * product (`quantity.<slug>`; empty or 0 leaves the product out).
 */

const QUANTITY_PREFIX = 'quantity.';

const lineSchema = z.object({
  slug: z.string().min(1).max(100),
  quantity: z
    .number({ error: 'Enter a whole number of items.' })
    .int({ error: 'Enter a whole number of items.' })
    .min(1, { error: 'Enter at least 1 item.' })
    .max(99, { error: 'Sell at most 99 of one product on a draft.' }),
});

export const draftOrderSchema = z.object({
  draftId: z.string().min(1).max(100).optional(),
  country: z
    .string({ error: 'Choose the market.' })
    .trim()
    .toUpperCase()
    .min(1, { error: 'Choose the market.' }),
  email: z
    .string({ error: 'Enter the customer’s e-mail address.' })
    .trim()
    .toLowerCase()
    .max(99, { error: 'Use at most 99 characters for the e-mail address.' })
    .pipe(z.email({ error: 'Enter a valid e-mail address, like name@example.com.' })),
  phone: z
    .string()
    .trim()
    .max(20, { error: 'Use at most 20 characters for the phone number.' })
    .refine((value) => value === '' || /^\+?[\d\s()-]{5,20}$/.test(value), {
      error: 'Enter a phone number with digits only, like +46 70 123 45 67.',
    })
    .optional()
    .transform((value) => (value ? value : null)),
  lines: z.array(lineSchema).min(1, { error: 'Add at least one product to the draft.' }).max(100),
});
export type DraftOrderInput = z.infer<typeof draftOrderSchema>;

/** The form's fields as the schema's input: quantities gathered into `lines`. */
export function draftFormToInput(formData: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const lines: { slug: string; quantity: number }[] = [];
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string' || key.startsWith('$ACTION')) continue;
    if (key.startsWith(QUANTITY_PREFIX)) {
      if (value.trim() === '' || value.trim() === '0') continue;
      lines.push({ slug: key.slice(QUANTITY_PREFIX.length), quantity: Number(value) });
    } else {
      input[key] = value;
    }
  }
  input.lines = lines;
  return input;
}

export function quantityField(slug: string): string {
  return `${QUANTITY_PREFIX}${slug}`;
}

/** A draft's id, for the actions on it (send, resend, disable, delete). */
export const draftIdSchema = z.object({ draftId: z.string().min(1).max(100) });
