/**
 * The result of a form submission, announced to screen readers. The live region is always
 * rendered (empty until there is something to say), so the announcement is not missed.
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
    <p id={id} role="status" aria-live="polite" className={`min-h-5 text-sm ${color}`}>
      {message}
    </p>
  );
}
