import type { Emulator } from '../emulator.js';
import { KlarnaError } from '../errors.js';
import { endReply, sendJson, type RequestContext } from '../http.js';
import {
  restoreSnapshot,
  snapshotCounts,
  SnapshotError,
  snapshotJsonChunks,
  takeSnapshot,
} from '../snapshot.js';

/** A snapshot of many orders is far above the 1 MB Klarna allows for API bodies. */
const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

/**
 * `GET /_emulator/snapshot` exports the whole state as JSON; `PUT` (or `POST`) with such a document
 * replaces the state with it. A snapshot that does not check out is refused with 400 and changes
 * nothing.
 */
export function registerSnapshotRoutes(emulator: Emulator): void {
  const { root } = emulator;
  root.get('/_emulator/snapshot', (ctx) => {
    // Written in pieces, as the data directory writes it: no one string the size of the whole state.
    ctx.res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Disposition': 'attachment; filename="klarna-emulator-snapshot.json"',
    });
    if (ctx.req.method !== 'HEAD') {
      for (const chunk of snapshotJsonChunks(takeSnapshot(emulator))) ctx.res.write(chunk);
    }
    endReply(ctx);
  });
  const importSnapshot = async (ctx: RequestContext) => {
    const text = await readLargeBody(ctx);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new KlarnaError(400, 'BAD_SNAPSHOT', ['Not a valid emulator snapshot: the body is not JSON']);
    }
    try {
      restoreSnapshot(emulator, parsed);
    } catch (error) {
      if (error instanceof SnapshotError) throw new KlarnaError(400, 'BAD_SNAPSHOT', [error.message]);
      throw error;
    }
    sendJson(ctx, 200, { ok: true, restored: snapshotCounts(emulator) });
  };
  root.put('/_emulator/snapshot', importSnapshot);
  root.post('/_emulator/snapshot', importSnapshot);
}

/**
 * The body as text. A client that sends a Content-Length (as every HTTP client does for a file or a
 * buffer) has each piece copied into one buffer of that size as it arrives, so the snapshot is held
 * once rather than as pieces plus their concatenation; a chunked body is joined at the end.
 */
function readLargeBody(ctx: RequestContext): Promise<string> {
  const { req } = ctx;
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > MAX_SNAPSHOT_BYTES) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    // The HTTP parser delivers exactly Content-Length bytes, never more.
    let whole: Buffer | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      if (declared > 0) whole = Buffer.allocUnsafe(declared);
    } catch {
      // More memory than this process can take at once: refused below if the pieces cannot be joined either.
    }
    req.on('data', (chunk: Buffer) => {
      if (whole) chunk.copy(whole, size);
      else if (size + chunk.length <= MAX_SNAPSHOT_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => {
      if (size > MAX_SNAPSHOT_BYTES) return reject(tooLarge());
      if (size === 0)
        return reject(new KlarnaError(400, 'BAD_SNAPSHOT', ['Send the snapshot as the request body']));
      try {
        resolve((whole ?? Buffer.concat(chunks, size)).toString('utf8', 0, size));
      } catch {
        reject(tooLarge());
      }
    });
    // A client that goes away mid-body: nobody is left to answer, but the request must settle.
    const incomplete = () =>
      reject(new KlarnaError(400, 'BAD_REQUEST', ['The request body was not received completely']));
    req.on('error', incomplete);
    req.on('close', () => {
      if (!req.complete) incomplete();
    });
  });
}

function tooLarge(): KlarnaError {
  return new KlarnaError(413, 'REQUEST_TOO_LARGE', ['A snapshot may be at most 512 MB']);
}
