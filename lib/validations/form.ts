/**
 * Server actions are public HTTP endpoints: anyone can call one with any arguments, not only the
 * form that renders it. Every action that takes a form checks that it got one before reading it,
 * and answers with this message (writing nothing) when it did not.
 */
export const NOT_A_FORM_MESSAGE = 'Send the form to do this.';

export function isForm(value: unknown): value is FormData {
  return value instanceof FormData;
}
