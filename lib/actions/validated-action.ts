import 'server-only';

import type { Result } from '@/lib/result';
import { isForm, NOT_A_FORM_MESSAGE } from '@/lib/validations/form';
import type { z } from 'zod';

/**
 * What an action tells its form: a message, and per-field messages for bad input. Never the
 * submitted values, never anything from Klarna but its human-readable messages.
 */
export type ActionState =
  { ok: true; message: string } | { ok: false; message: string; fieldErrors?: FieldErrors } | null;

export type FieldErrors = Record<string, string>;

/** What a handler answers: a use-case result carrying a message for the form. */
export type ActionResult = Result<{ message: string }, string, { fieldErrors?: FieldErrors }>;

export const INVALID_INPUT_MESSAGE = 'Nothing was done: please correct the highlighted fields.';

export interface ValidatedActionOptions<Input, Caller> {
  /** Who may call: the caller, or the message to answer with before the form is read. */
  authorize: () => Promise<{ ok: true; caller: Caller } | { ok: false; message: string }>;
  /** Form fields as the schema's input (default: every text field under its own name). */
  readForm?: (formData: FormData) => Record<string, unknown>;
  /** The message per form field for invalid input (default: the first message per field). */
  fieldErrors?: (error: z.ZodError, input: Record<string, unknown>) => FieldErrors;
  /** What the form shows for invalid input, after recording it if it should be (default: the field errors). */
  onInvalid?: (
    input: Record<string, unknown>,
    fieldErrors: FieldErrors,
    caller: Caller,
  ) => Promise<ActionState>;
  /** After the handler answered, refusal or success (e.g. the pages to refresh). */
  onDone?: (input: Input, caller: Caller) => void;
  /** What the form shows when the handler throws; the error itself is logged, never shown. */
  failureMessage: string;
  /** Names the action in the log line of such an error. */
  logAs: string;
}

function textFields(formData: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !key.startsWith('$ACTION')) input[key] = value;
  }
  return input;
}

function firstMessagePerField(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return fieldErrors;
}

function stateOf(result: ActionResult): ActionState {
  if (result.ok) return { ok: true, message: result.message };
  return {
    ok: false,
    message: result.message,
    ...(result.fieldErrors ? { fieldErrors: result.fieldErrors } : {}),
  };
}

/**
 * A server action for a `useActionState` form, (previous state, FormData) → state: checks who
 * calls (in every call: server actions are public endpoints), that it got a form, and the form
 * against `schema`, then runs `handler` and turns its result into what the form shows. Anything
 * unexpected is logged and reported without details; it never escapes as a 500.
 */
export function validatedAction<Schema extends z.ZodType, Caller>(
  schema: Schema,
  handler: (input: z.output<Schema>, caller: Caller) => Promise<ActionResult>,
  options: ValidatedActionOptions<z.output<Schema>, Caller>,
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const allowed = await options.authorize();
    if (!allowed.ok) return { ok: false, message: allowed.message };
    if (!isForm(formData)) return { ok: false, message: NOT_A_FORM_MESSAGE };

    const input = (options.readForm ?? textFields)(formData);
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors = options.fieldErrors?.(parsed.error, input) ?? firstMessagePerField(parsed.error);
      return options.onInvalid
        ? options.onInvalid(input, fieldErrors, allowed.caller)
        : { ok: false, message: INVALID_INPUT_MESSAGE, fieldErrors };
    }
    try {
      const result = await handler(parsed.data, allowed.caller);
      options.onDone?.(parsed.data, allowed.caller);
      return stateOf(result);
    } catch (error) {
      console.error(`${options.logAs} failed`, error);
      return { ok: false, message: options.failureMessage };
    }
  };
}
