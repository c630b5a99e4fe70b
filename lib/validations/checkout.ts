import type { CountryCode } from '@/lib/markets';
import { US_STATES } from '@/lib/us-sales-tax';
import { z } from 'zod';

/*
 * What the checkout accepts from the browser and from Klarna's callbacks. Amounts and lines are
 * never part of any of these: the server computes them from the DB cart (design invariant 2).
 */

/** Postal code formats per market; the message shows one example. */
const POSTAL_CODES: Record<CountryCode, { pattern: RegExp; example: string }> = {
  SE: { pattern: /^\d{3} ?\d{2}$/, example: '114 55' },
  DE: { pattern: /^\d{5}$/, example: '10178' },
  GB: { pattern: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i, example: 'W1S 3BE' },
  US: { pattern: /^\d{5}(-\d{4})?$/, example: '10024' },
  AU: { pattern: /^\d{4}$/, example: '4877' },
};

const AU_STATES = ['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA'] as const;

/**
 * The states a market's `region` field must be one of; markets without one have no field. The US
 * list is the sales-tax table's, so every state a shopper can choose has a rate.
 */
export function regionsFor(country: CountryCode): readonly string[] | null {
  if (country === 'US') return US_STATES;
  if (country === 'AU') return AU_STATES;
  return null;
}

export function postalCodeExample(country: CountryCode): string {
  return POSTAL_CODES[country].example;
}

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter your ${label}.` })
    .trim()
    .min(1, { error: `Enter your ${label}.` })
    .max(max, { error: `Use at most ${max} characters for your ${label}.` });

// Klarna: "Cannot be only numbers, must be more than 1 character. Allowed special characters: -'’".
const name = (label: string) =>
  text(label, 99)
    .refine((value) => value.length > 1, { error: `Enter your full ${label}.` })
    .refine((value) => /^[\p{L}\p{M}][\p{L}\p{M} .\-'’]*$/u.test(value), {
      error: `Use letters, spaces and - ' only in your ${label}.`,
    });

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `Use at most ${max} characters for your ${label}.` })
    .optional()
    .transform((value) => (value ? value : undefined));

/** The contact and address form, with the rules of `country` (the cart's market). */
export function checkoutFormSchema(country: CountryCode) {
  const postal = POSTAL_CODES[country];
  const regions = regionsFor(country);
  return z.object({
    email: z
      .string({ error: 'Enter your email address.' })
      .trim()
      // Stored lower-cased so staff find an order by email however the shopper typed it.
      .toLowerCase()
      .max(99, { error: 'Use at most 99 characters for your email address.' })
      .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' })),
    phone: optionalText(20, 'phone number').refine(
      (value) => value === undefined || /^\+?[\d\s()-]{5,20}$/.test(value),
      { error: 'Enter a phone number with digits only, like +46 70 123 45 67.' },
    ),
    givenName: name('first name'),
    familyName: name('last name'),
    streetAddress: text('street address', 99),
    streetAddress2: optionalText(99, 'address line 2'),
    postalCode: z
      .string({ error: 'Enter your postal code.' })
      .trim()
      .min(1, { error: 'Enter your postal code.' })
      .regex(postal.pattern, { error: `Enter a valid postal code, like ${postal.example}.` })
      .transform((value) => (country === 'GB' ? value.toUpperCase() : value)),
    city: text('city', 99),
    region: regions
      ? z
          .string({ error: 'Choose your state.' })
          .trim()
          .toUpperCase()
          .refine((value) => regions.includes(value), { error: 'Choose your state.' })
      : z
          .string()
          .optional()
          .transform(() => undefined),
  });
}

export type CheckoutForm = z.output<ReturnType<typeof checkoutFormSchema>>;
export type CheckoutField = keyof CheckoutForm;

const CHECKOUT_FIELDS = [
  'email',
  'phone',
  'givenName',
  'familyName',
  'streetAddress',
  'streetAddress2',
  'postalCode',
  'city',
  'region',
] as const satisfies readonly CheckoutField[];

/** Reads the form's fields from FormData (absent ones as undefined) for `checkoutFormSchema`. */
export function checkoutFormInput(formData: FormData): Record<CheckoutField, FormDataEntryValue | undefined> {
  return Object.fromEntries(
    CHECKOUT_FIELDS.map((field) => [field, formData.get(field) ?? undefined]),
  ) as Record<CheckoutField, FormDataEntryValue | undefined>;
}

/** Klarna's `address` object for the form (used as billing and shipping address). */
export interface KlarnaAddress {
  given_name: string;
  family_name: string;
  email: string;
  street_address: string;
  street_address2?: string;
  postal_code: string;
  city: string;
  region?: string;
  phone?: string;
  country: string;
}

export function toKlarnaAddress(form: CheckoutForm, country: CountryCode): KlarnaAddress {
  return {
    given_name: form.givenName,
    family_name: form.familyName,
    email: form.email,
    street_address: form.streetAddress,
    ...(form.streetAddress2 ? { street_address2: form.streetAddress2 } : {}),
    postal_code: form.postalCode,
    city: form.city,
    ...(form.region ? { region: form.region } : {}),
    ...(form.phone ? { phone: form.phone } : {}),
    country,
  };
}

/** Maps Klarna's `invalid_fields` (e.g. `billing_address.postal_code`) to our form fields. */
export function formFieldForKlarnaField(klarnaField: string): CheckoutField | null {
  const field = klarnaField.replace(/^(billing_address|shipping_address)\./, '');
  const map: Record<string, CheckoutField> = {
    email: 'email',
    phone: 'phone',
    given_name: 'givenName',
    family_name: 'familyName',
    street_address: 'streetAddress',
    street_address2: 'streetAddress2',
    postal_code: 'postalCode',
    city: 'city',
    region: 'region',
  };
  return map[field] ?? null;
}

const id = z.string().trim().min(1).max(255);

/** What the browser sends after Klarna approved: which session, and the token it got. */
export const placeOrderInputSchema = z.object({
  paymentSessionId: id,
  authorizationToken: id.regex(/^[A-Za-z0-9_-]+$/, { error: 'Malformed authorization token.' }),
});

/** Klarna's authorization callback body (api-reference §3.9). */
export const authorizationCallbackSchema = z.object({
  authorization_token: id,
  session_id: id,
});

/** Klarna's pending-order notification body (api-reference §3.9). */
export const fraudNotificationSchema = z.object({
  order_id: id,
  event_type: z.enum(['FRAUD_RISK_ACCEPTED', 'FRAUD_RISK_REJECTED', 'FRAUD_RISK_STOPPED']),
});
