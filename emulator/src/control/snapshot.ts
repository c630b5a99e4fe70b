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

function readLargeBody(ctx: RequestContext): Promise<string> {
  const { req } = ctx;
  if (Number(req.headers['content-length'] ?? 0) > MAX_SNAPSHOT_BYTES) {
    req.resume();
    return Promise.reject(new KlarnaError(413, 'REQUEST_TOO_LARGE', ['A snapshot may be at most 512 MB']));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_SNAPSHOT_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_SNAPSHOT_BYTES)
        reject(new KlarnaError(413, 'REQUEST_TOO_LARGE', ['A snapshot may be at most 512 MB']));
      else if (size === 0)
        reject(new KlarnaError(400, 'BAD_SNAPSHOT', ['Send the snapshot as the request body']));
      else resolve(Buffer.concat(chunks, size).toString('utf8'));
    });
    req.on('error', () =>
      reject(new KlarnaError(400, 'BAD_REQUEST', ['The request body was not received completely'])),
    );
  });
}
