import type { FraudStatus, OrderStatus } from '@/lib/data/orders';
import { z } from 'zod';

/*
 * What staff may send to the admin orders list (query string) and its actions (forms). Every field
 * has a message a person can act on. Money arrives either as a decimal string typed by staff
 * (parsed with the order's currency by the use-case) or as integer minor units carried in hidden
 * fields; quantities are whole numbers.
 */

// ---------------------------------------------------------------------------------------------
// The list: /admin/orders?status=…&fraud=…&needs=capture&expires=7&q=…&sort=…&after=…

/** Status filters in the URL and the order status each stands for. */
export const STATUS_FILTERS = {
  authorized: 'AUTHORIZED',
  'part-captured': 'PART_CAPTURED',
  captured: 'CAPTURED',
  closed: 'CLOSED',
  cancelled: 'CANCELLED',
  expired: 'EXPIRED',
  'needs-review': 'NEEDS_REVIEW',
  placing: 'PLACING',
} as const satisfies Record<string, OrderStatus>;
export type StatusFilter = keyof typeof STATUS_FILTERS;

export const FRAUD_FILTERS = {
  accepted: 'ACCEPTED',
  pending: 'PENDING',
  rejected: 'REJECTED',
} as const satisfies Record<string, FraudStatus>;
type FraudFilter = keyof typeof FRAUD_FILTERS;

export const ORDER_SORTS = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  'amount-desc': 'Amount, high to low',
  'amount-asc': 'Amount, low to high',
  expiry: 'Authorization expires soonest',
} as const;
export type OrderSort = keyof typeof ORDER_SORTS;

const PAGE_SIZE = 25;
const MAX_EXPIRY_WINDOW_DAYS = 180;

const listParamsSchema = z.object({
  status: z.enum(Object.keys(STATUS_FILTERS) as [StatusFilter, ...StatusFilter[]], {
    error: 'Unknown status filter; showing every status.',
  }),
  fraud: z.enum(Object.keys(FRAUD_FILTERS) as [FraudFilter, ...FraudFilter[]], {
    error: 'Unknown fraud status filter; showing every fraud status.',
  }),
  needs: z.literal('capture', { error: 'Unknown "needs" filter; ignored.' }),
  expires: z.coerce
    .number({ error: 'Enter the expiry window as a number of days.' })
    .int({ error: 'Enter the expiry window as a whole number of days.' })
    .min(0, { error: 'The expiry window cannot be negative.' })
    .max(MAX_EXPIRY_WINDOW_DAYS, { error: `The expiry window is at most ${MAX_EXPIRY_WINDOW_DAYS} days.` }),
  q: z.string().trim().min(1).max(200, { error: 'Search for at most 200 characters.' }),
  sort: z.enum(Object.keys(ORDER_SORTS) as [OrderSort, ...OrderSort[]], {
    error: 'Unknown sort order; newest first.',
  }),
  after: z.string().max(400, { error: 'That page link is broken; showing the first page.' }),
  before: z.string().max(400, { error: 'That page link is broken; showing the first page.' }),
});

type ListParamName = keyof z.infer<typeof listParamsSchema>;

export interface OrderListParams {
  status?: StatusFilter;
  fraud?: FraudFilter;
  needsCapture: boolean;
  expiresWithinDays?: number;
  search?: string;
  sort: OrderSort;
  after?: string;
  before?: string;
}

/**
 * Reads the list's query string. A bad parameter never fails the page: it is dropped and named
 * in `problems`, so staff see why a filter did not apply.
 */
export function parseOrderListParams(searchParams: Record<string, string | string[] | undefined>): {
  params: OrderListParams;
  problems: string[];
} {
  const problems: string[] = [];
  const read = <K extends ListParamName>(name: K): z.infer<typeof listParamsSchema>[K] | undefined => {
    const raw = searchParams[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === '') return undefined;
    const parsed = listParamsSchema.shape[name].safeParse(value);
    if (parsed.success) return parsed.data as z.infer<typeof listParamsSchema>[K];
    problems.push(parsed.error.issues[0]?.message ?? `Ignored the ${name} parameter.`);
    return undefined;
  };
  const params: OrderListParams = {
    status: read('status'),
    fraud: read('fraud'),
    needsCapture: read('needs') === 'capture',
    expiresWithinDays: read('expires'),
    search: read('q'),
    sort: read('sort') ?? 'newest',
    after: read('after'),
    before: read('before'),
  };
  return { params, problems };
}

/** The list's data query for validated params (what the page and the benchmark both ask for). */
export function listQueryFromParams(params: OrderListParams, now: Date) {
  return {
    status: params.status ? STATUS_FILTERS[params.status] : undefined,
    fraudStatus: params.fraud ? FRAUD_FILTERS[params.fraud] : undefined,
    needsCapture: params.needsCapture,
    expiresWithinDays: params.expiresWithinDays,
    search: params.search,
    sort: params.sort,
    after: params.after,
    before: params.before,
    pageSize: PAGE_SIZE,
    now,
  };
}

// ---------------------------------------------------------------------------------------------
// Actions. Each form carries the state it was rendered with (expected…) so a stale form is refused.

const orderId = z
  .string({ error: 'The order is missing.' })
  .trim()
  .min(1, { error: 'The order is missing.' })
  .max(64, { error: 'That is not an order id.' })
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'That is not an order id.' });

const minorUnits = (label: string) =>
  z.coerce
    .number({ error: `${label} must be a number.` })
    .int({ error: `${label} must be a whole number of minor units.` })
    .min(0, { error: `${label} cannot be negative.` })
    .max(200_000_000, { error: `${label} is larger than Klarna allows.` });

/**
 * A decimal amount typed by staff ("120.50" or "120,50"); read against the order's currency later
 * (`readMoneyInput`, which says what is wrong with "1,000" or "1 000").
 */
const typedAmount = z
  .string({ error: 'Enter an amount.' })
  .trim()
  .min(1, { error: 'Enter an amount.' })
  .max(20, { error: 'That amount is too long.' })
  .refine((value) => !value.startsWith('-'), { error: 'The amount cannot be negative.' })
  .refine((value) => /^[\d.,\s]+$/.test(value), {
    error: 'Enter the amount with digits and a decimal point or comma, like 120.50 or 120,50.',
  });

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `Use at most ${max} characters for the ${label}.` })
    .refine((value) => !/[<>]/.test(value), { error: `The ${label} cannot contain < or >.` })
    .optional()
    .transform((value) => (value ? value : undefined));

const lineChoice = z.object({
  position: z.int().min(0).max(999),
  quantity: z
    .number({ error: 'Enter a quantity.' })
    .int({ error: 'Quantities are whole numbers.' })
    .min(0, { error: 'A quantity cannot be negative.' })
    .max(1_000_000, { error: 'That quantity is too large.' }),
});

const linesField = z.array(lineChoice).max(1000);

/**
 * How much to capture or refund: everything (`everything`: all that is left, as the form showed
 * it), chosen lines (their total as shown), or a typed amount.
 */
function amountChoice<Everything extends string>(everything: Everything, error: string) {
  return z.discriminatedUnion(
    'mode',
    [
      z.object({ mode: z.literal(everything), expectedAmount: minorUnits('The amount shown') }),
      z.object({
        mode: z.literal('lines'),
        expectedAmount: minorUnits('The amount shown'),
        lines: linesField,
      }),
      z.object({ mode: z.literal('amount'), amount: typedAmount }),
    ],
    { error },
  );
}

export const captureSchema = amountChoice(
  'remaining',
  'Choose what to capture: the remaining amount, chosen lines or an amount.',
).and(
  z.object({
    orderId,
    expectedCapturedAmount: minorUnits('The captured amount shown'),
    shippingCompany: optionalText(100, 'carrier'),
    trackingNumber: optionalText(100, 'tracking number'),
    trackingUri: z
      .union([
        z.literal(''),
        z.url({ protocol: /^https?$/, error: 'Enter the tracking link as an http(s) address.' }),
      ])
      .optional()
      .transform((value) => (value ? value : undefined)),
    description: optionalText(255, 'note'),
  }),
);
export type CaptureInput = z.infer<typeof captureSchema>;

export const refundSchema = amountChoice(
  'all',
  'Choose what to refund: everything captured, chosen lines or an amount.',
).and(
  z.object({
    orderId,
    expectedRefundedAmount: minorUnits('The refunded amount shown'),
    reason: z
      .string({ error: 'Give a reason for the refund.' })
      .trim()
      .min(1, { error: 'Give a reason for the refund.' })
      .max(255, { error: 'Use at most 255 characters for the reason.' })
      .refine((value) => !/[<>]/.test(value), { error: 'The reason cannot contain < or >.' }),
  }),
);
export type RefundInput = z.infer<typeof refundSchema>;

export const cancelSchema = z.object({
  orderId,
  expectedCapturedAmount: minorUnits('The captured amount shown'),
});
export type CancelInput = z.infer<typeof cancelSchema>;

export const extendSchema = z.object({
  orderId,
  /** The expiry the page showed: a second press after the first extended it is the same request. */
  expectedExpiresAt: z
    .string()
    .max(40)
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || !Number.isNaN(Date.parse(value)), {
      error: 'The expiry shown is not a date.',
    }),
});
export type ExtendInput = z.infer<typeof extendSchema>;

export const releaseSchema = z.object({
  orderId,
  expectedCapturedAmount: minorUnits('The captured amount shown'),
  expectedAmount: minorUnits('The amount shown'),
});
export type ReleaseInput = z.infer<typeof releaseSchema>;

const reference = (label: string) =>
  z
    .string()
    .trim()
    .max(255, { error: `Use at most 255 characters for ${label}.` })
    .refine((value) => !/[<>]/.test(value), { error: `${label} cannot contain < or >.` })
    .optional()
    .default('');

export const merchantReferencesSchema = z.object({
  orderId,
  reference1: reference('merchant reference 1'),
  reference2: reference('merchant reference 2'),
  expectedReference1: z.string().max(255).optional().default(''),
  expectedReference2: z.string().max(255).optional().default(''),
});
export type MerchantReferencesInput = z.infer<typeof merchantReferencesSchema>;

export const syncSchema = z.object({ orderId });
export type SyncInput = z.infer<typeof syncSchema>;

/**
 * FormData → plain object for the schemas above: repeated `quantity-<position>` fields become
 * `lines`, empty strings become absent, and everything else is passed as the string it is.
 */
export function formDataToInput(formData: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const lines: { position: number; quantity: number }[] = [];
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string') continue;
    // React adds its own fields to forms handled by server actions.
    if (key.startsWith('$ACTION')) continue;
    const line = /^quantity-(\d{1,3})$/.exec(key);
    if (line) {
      const text = value.trim();
      lines.push({ position: Number(line[1]), quantity: text === '' ? 0 : Number(text) });
      continue;
    }
    input[key] = value;
  }
  if (lines.length > 0) input.lines = lines;
  return input;
}

/**
 * The first message per field, for forms. A line's message is keyed by its form field
 * (`quantity-<position>`), so the dialog shows it beside the right input.
 */
export function fieldErrorsOf(error: z.ZodError, input: Record<string, unknown>): Record<string, string> {
  const lines = Array.isArray(input.lines) ? (input.lines as { position?: unknown }[]) : [];
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const [head, index] = issue.path;
    let key = String(head ?? 'form');
    if (head === 'lines' && typeof index === 'number') {
      const position = lines[index]?.position;
      key = `quantity-${typeof position === 'number' ? position : index}`;
    }
    fieldErrors[key] ??= issue.message;
  }
  return fieldErrors;
}
