/**
 * The one way a route reads a JSON body. It stops reading as soon as the body passes the cap,
 * whether or not the client sent a Content-Length (a chunked upload has none), so an oversized or
 * endless body costs the server at most `maxBytes` of memory.
 */

/** Klarna's callbacks and the scheduler's requests are a few hundred bytes; 16 KB is generous. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

export type JsonBody =
  /** `value` is undefined when the body is empty. */
  { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<JsonBody> {
  const tooLarge: JsonBody = {
    ok: false,
    status: 413,
    message: `The body is larger than ${Math.round(maxBytes / 1024)} KB.`,
  };
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return tooLarge;

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        size += next.value.byteLength;
        if (size > maxBytes) {
          await reader.cancel();
          return tooLarge;
        }
        chunks.push(next.value);
      }
    } catch {
      return { ok: false, status: 400, message: 'The body could not be read.' };
    }
  }

  const text = new TextDecoder().decode(Buffer.concat(chunks));
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'The body is not JSON.' };
  }
}
