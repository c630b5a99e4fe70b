import { useEffect, type RefObject } from 'react';
import { REFUSAL_MESSAGE_SELECTOR } from './refusal-message';

/**
 * After a refused submit, moves focus to the form's first invalid field (which reads out its error
 * through aria-describedby); when no field is invalid, to the form's refusal message (marked with
 * REFUSAL_MESSAGE), so it is read out and the next Tab continues from there; else back to the
 * submit button: it was disabled while the form was sent, and a disabled button drops focus to
 * <body>. `refusal` is a new value for each refusal and null otherwise.
 */
export function useFocusAfterRefusal(form: RefObject<HTMLFormElement | null>, refusal: unknown): void {
  useEffect(() => {
    if (!refusal || !form.current) return;
    const target =
      form.current.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current.querySelector<HTMLElement>(REFUSAL_MESSAGE_SELECTOR) ??
      form.current.querySelector<HTMLElement>('[type="submit"]:not(:disabled)');
    target?.focus();
  }, [form, refusal]);
}
