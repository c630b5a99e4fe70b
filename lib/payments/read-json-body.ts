/** Klarna's callback bodies are a few hundred bytes; anything far larger is not from Klarna. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * A request's JSON body, or undefined when it is missing, too large or not JSON, so the caller's
 * zod schema answers 400 instead of the route throwing a 500.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) return undefined;
  try {
    const text = await request.text();
    return text.length > MAX_BODY_BYTES ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}
