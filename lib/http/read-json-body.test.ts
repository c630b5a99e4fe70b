import { describe, expect, test } from 'vitest';
import { MAX_JSON_BODY_BYTES, readJsonBody } from './read-json-body';

/** A POST whose body is an endless stream of 1 KB chunks, counting what the reader pulled. */
function endlessUpload() {
  const pulled = { bytes: 0 };
  const chunk = new Uint8Array(1024).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const request = new Request('http://shop.test/api/klarna/authorization', {
    method: 'POST',
    body,
    duplex: 'half',
  } as RequestInit);
  return { request, pulled };
}

describe('readJsonBody', () => {
  test('reads a JSON body', async () => {
    const request = new Request('http://shop.test/', { method: 'POST', body: '{"session_id":"s1"}' });
    expect(await readJsonBody(request)).toEqual({ ok: true, value: { session_id: 's1' } });
  });

  test('an empty body is no value, not an error', async () => {
    expect(await readJsonBody(new Request('http://shop.test/', { method: 'POST' }))).toEqual({
      ok: true,
      value: undefined,
    });
  });

  test('a body that is not JSON is a 400 with a message', async () => {
    const request = new Request('http://shop.test/', { method: 'POST', body: '{"session_id":' });
    expect(await readJsonBody(request)).toEqual({ ok: false, status: 400, message: 'The body is not JSON.' });
  });

  test('a declared Content-Length over the cap is refused before reading', async () => {
    const { request, pulled } = endlessUpload();
    request.headers.set('content-length', String(MAX_JSON_BODY_BYTES + 1));
    const result = await readJsonBody(request);
    expect(result).toMatchObject({ ok: false, status: 413 });
    // The stream may prefetch a chunk, never more.
    expect(pulled.bytes).toBeLessThanOrEqual(2 * 1024);
  });

  test('a chunked body with no length stops being read at the cap', async () => {
    const { request, pulled } = endlessUpload();
    const result = await readJsonBody(request);
    expect(result).toEqual({ ok: false, status: 413, message: 'The body is larger than 16 KB.' });
    expect(pulled.bytes).toBeLessThanOrEqual(MAX_JSON_BODY_BYTES + 2 * 1024);
  });

  test('a body of exactly the cap is read', async () => {
    const value = 'x'.repeat(MAX_JSON_BODY_BYTES - 2);
    const request = new Request('http://shop.test/', { method: 'POST', body: JSON.stringify(value) });
    expect(await readJsonBody(request)).toEqual({ ok: true, value });
  });
});
