import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, KlarnaError } from './errors.js';
import type { Region } from './types.js';
import type { FieldPolicy } from './validate.js';

/**
 * The request as route handlers see it. It is also the request's field policy: schemas report
 * unknown fields to it, and it refuses them (strict mode) or answers with a warning per field.
 */
export interface RequestContext extends FieldPolicy {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The request target's path as received, without the query string (`/eu/payments/v1/sessions`). */
  path: string;
  params: Record<string, string>;
  /** Sent back as `Klarna-Correlation-Id` and in error bodies. */
  correlationId: string;
  /** The origin the client reached the emulator at, e.g. `http://127.0.0.1:4100`. */
  origin: string;
  /** Set for the regional APIs (`/eu`, `/na`, `/oc`) once Basic auth has passed. */
  region?: Region;
  /** The API username that authenticated. */
  merchantId?: string;
  /** The parsed JSON body, once read. */
  body?: unknown;
  /** The JSON body's text as received, once read (kept for the request log). */
  bodyText?: string;
  /** How long a request body may take to arrive before the emulator answers 408. */
  bodyTimeoutMs: number;
  /** Refuse unknown request fields (400) instead of ignoring them with a warning. */
  readonly strictFields: boolean;
  /** Paths of the unknown fields this request sent and the emulator ignored. */
  unknownFields?: string[];
  unknownField(path: string): void;
}

export const WARNING_HEADER = 'Klarna-Emulator-Warning';
/** More warnings than this share one last header line; the request log keeps them all. */
const MAX_WARNING_HEADERS = 20;
/** The request log keeps at most this many unknown field paths per request. */
const MAX_LOGGED_UNKNOWN_FIELDS = 100;

/**
 * Records an ignored unknown field: one `Klarna-Emulator-Warning: unknown field <path>` header
 * per field (header-safe: other characters are percent-encoded, long paths cut) and an entry for
 * the request log.
 */
export function warnUnknownField(ctx: RequestContext, path: string): void {
  const fields = (ctx.unknownFields ??= []);
  if (fields.length < MAX_LOGGED_UNKNOWN_FIELDS) fields.push(path);
  const count = fields.length;
  if (ctx.res.headersSent || count > MAX_WARNING_HEADERS + 1) return;
  ctx.res.appendHeader(
    WARNING_HEADER,
    count <= MAX_WARNING_HEADERS
      ? `unknown field ${headerSafe(path)}`
      : 'more unknown fields: see the request log',
  );
}

/** Keys are any JSON string; a header value must be visible ASCII. */
function headerSafe(text: string): string {
  const cut = text.length > 200 ? `${text.slice(0, 200)}...` : text;
  return cut.replace(/[^\x20-\x7e]/gu, (char) =>
    [...Buffer.from(char, 'utf8')]
      .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
}

/** Klarna rejects request bodies over 1 MB with 413 (api-reference §1.4). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Beyond this the emulator stops draining an oversized body and drops the connection. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Reads and parses a JSON body. Oversized bodies are drained (so the client can read the
 * answer) and rejected with 413; other content types with 415; malformed JSON with 400.
 * Returns `undefined` for an empty body.
 */
export async function readJson(ctx: RequestContext): Promise<unknown> {
  const raw = await readRaw(ctx.req, ctx.bodyTimeoutMs);
  if (raw.length === 0) return undefined;
  const contentType = ctx.req.headers['content-type'] ?? '';
  if (!JSON_CONTENT_TYPE.test(contentType)) {
    throw new KlarnaError(415, 'UNSUPPORTED_MEDIA_TYPE', [
      `Content-Type must be application/json, got ${contentType ? `"${contentType}"` : 'none'}`,
    ]);
  }
  let parsed: unknown;
  const text = raw.toString('utf8');
  ctx.bodyText = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
  ctx.body = parsed;
  return parsed;
}

/** Like `readJson`, but a body is required. */
export async function readRequiredJson(ctx: RequestContext): Promise<unknown> {
  const body = await readJson(ctx);
  if (body === undefined) throw badRequest('Request body is required');
  return body;
}

function readRaw(req: IncomingMessage, timeoutMs: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_DRAIN_BYTES) {
    req.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      reject(new KlarnaError(408, 'REQUEST_TIMEOUT', ['The request body was not received in time']));
    }, timeoutMs);
    // Listeners are anonymous on purpose: tsx names every named closure with a defineProperty
    // call, and these are made for every request.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on('end', () => {
      clearTimeout(timer);
      if (size > MAX_BODY_BYTES) reject(tooLarge());
      // A small body arrives in one chunk: no copy needed.
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    // A client that goes away mid-body: nobody is left to answer, but the request must settle.
    req.on('error', () => {
      clearTimeout(timer);
      reject(incomplete());
    });
    req.on('close', () => {
      if (req.complete) return;
      clearTimeout(timer);
      reject(incomplete());
    });
  });
}

function incomplete(): KlarnaError {
  return badRequest('The request body was not received completely');
}

function tooLarge(): KlarnaError {
  return new KlarnaError(413, 'REQUEST_TOO_LARGE', ['Request is too large']);
}

export function sendJson(ctx: RequestContext, status: number, body: unknown): void {
  sendJsonText(ctx, status, JSON.stringify(body));
}

/** Sends a body that is already JSON text. */
export function sendJsonText(
  ctx: RequestContext,
  status: number,
  payload: string,
  headers: Record<string, string | number> = {},
): void {
  ctx.res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
  });
  endReply(ctx, payload);
}

export function sendEmpty(
  ctx: RequestContext,
  status: number,
  headers: Record<string, string | number> = {},
): void {
  ctx.res.writeHead(status, headers);
  endReply(ctx);
}

/**
 * Finishes a reply whose head is written. Replies are not ended one by one as handlers return but
 * together, once per event-loop turn (as Redis writes its replies before it sleeps): under load a
 * client's reader is then woken once for a batch of replies rather than once per reply, which
 * roughly halves the emulator's CPU time per request. A reply waits for the requests that arrived
 * with it, never for a timer.
 */
export function endReply(ctx: RequestContext, body?: string | Buffer): void {
  if (replyQueue.length === 0) setImmediate(flushReplies);
  replyQueue.push({ res: ctx.res, body: ctx.req.method === 'HEAD' ? undefined : body });
}

let replyQueue: { res: ServerResponse; body: string | Buffer | undefined }[] = [];

function flushReplies(): void {
  const replies = replyQueue;
  replyQueue = [];
  for (const { res, body } of replies) res.end(body);
}

export function sendError(ctx: RequestContext, error: KlarnaError): void {
  sendJson(ctx, error.status, error.toBody(ctx.correlationId));
}
