import { REFUSAL_MESSAGE } from './refusal-message';

/**
 * The result of a form submission, announced to screen readers. The live region is always
 * rendered (empty until there is something to say), so the announcement is not missed. An error
 * can take focus after a refused submit (useFocusAfterRefusal) when no field is to blame.
 */
export function FormMessage({
  id,
  message,
  tone,
}: {
  id: string;
  message: string | null;
  tone: 'error' | 'success';
}) {
  const color = tone === 'error' ? 'text-red-700' : 'text-emerald-800';
  return (
    <p
      id={id}
      role="status"
      aria-live="polite"
      {...(tone === 'error' && message ? REFUSAL_MESSAGE : {})}
      className={`min-h-5 text-sm ${color}`}
    >
      {message}
    </p>
  );
}
