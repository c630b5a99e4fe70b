import type { Emulator } from './emulator.js';
import { KlarnaError } from './errors.js';
import { sendEmpty, sendJsonText, type RequestContext } from './http.js';

/**
 * `Klarna-Idempotency-Key` (api-reference §4.5): a write repeated with the same key within 24 hours
 * is executed once and both requests get the same response. Only the key matters, not the body.
 * Keys are scoped per region, API user, method and path, so the same key on two different orders
 * (or two operations of one order) are two different writes.
 */

export const IDEMPOTENCY_HEADER = 'klarna-idempotency-key';
/** How long Klarna remembers a key; measured on the emulator clock. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

/** A response as a write produced it, so that it can be sent now and replayed later. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; absent for Klarna's empty 201/202/204 answers. */
  body?: unknown;
}

interface StoredReply {
  storedAt: number;
  reply: Reply;
}

export class IdempotencyStore {
  /** Insertion order is storage order, so expired entries are always at the front. */
  private readonly replies = new Map<string, StoredReply>();

  constructor(private readonly now: () => number) {}

  get size(): number {
    return this.replies.size;
  }

  find(scope: string): Reply | undefined {
    const stored = this.replies.get(scope);
    if (!stored) return undefined;
    if (this.now() - stored.storedAt >= IDEMPOTENCY_WINDOW_MS) {
      this.replies.delete(scope);
      return undefined;
    }
    return stored.reply;
  }

  remember(scope: string, reply: Reply): void {
    this.pruneExpired();
    this.replies.delete(scope);
    // Replies are built fresh per request and never changed afterwards, so they are kept as they are.
    this.replies.set(scope, { storedAt: this.now(), reply });
  }

  clear(): void {
    this.replies.clear();
  }

  /** The remembered replies, oldest first, for a snapshot. */
  entries(): { scope: string; stored_at: number; reply: Reply }[] {
    return [...this.replies].map(([scope, stored]) => ({
      scope,
      stored_at: stored.storedAt,
      reply: stored.reply,
    }));
  }

  /** Replaces every remembered reply with those of a snapshot (already checked). */
  load(entries: readonly { scope: string; stored_at: number; reply: Reply }[]): void {
    this.replies.clear();
    for (const entry of entries)
      this.replies.set(entry.scope, { storedAt: entry.stored_at, reply: entry.reply });
  }

  /** Drops expired keys from the front, so a long benchmark does not grow memory for ever. */
  private pruneExpired(): void {
    const now = this.now();
    for (const [scope, stored] of this.replies) {
      // Moving the clock backwards can leave a newer entry in front of an older one; stop at the
      // first live entry either way: it only delays pruning.
      if (now - stored.storedAt < IDEMPOTENCY_WINDOW_MS) break;
      this.replies.delete(scope);
    }
  }
}

const stores = new WeakMap<Emulator, IdempotencyStore>();

/** The emulator's one idempotency store, created on first use and emptied by `POST /_emulator/reset`. */
export function idempotencyStore(emulator: Emulator): IdempotencyStore {
  let store = stores.get(emulator);
  if (!store) {
    const created = new IdempotencyStore(() => emulator.clock.now());
    emulator.resetHooks.push(() => created.clear());
    stores.set(emulator, created);
    store = created;
  }
  return store;
}

/** The request's idempotency key, or undefined when none (or an empty one) was sent. */
export function idempotencyKeyOf(ctx: RequestContext): string | undefined {
  const header = ctx.req.headers[IDEMPOTENCY_HEADER];
  const key = Array.isArray(header) ? header[0] : header;
  return key && key.trim() !== '' ? key : undefined;
}

function scopeOf(ctx: RequestContext, key: string): string {
  return JSON.stringify([ctx.region ?? '', ctx.merchantId ?? '', ctx.req.method ?? '', ctx.path, key]);
}

/** Reads a request's JSON body; throws a `KlarnaError` when it is missing or unusable. */
export type BodyReader = (ctx: RequestContext) => Promise<unknown>;

/**
 * Reads the body and runs a write at most once per idempotency key. Every reply below 500 is
 * remembered, refusals included, and replayed as it was: Klarna executes a keyed request once and
 * both requests get the same response. 5xx replies are not, because Klarna asks clients to retry
 * those with the same key. Only the key matters, so a keyed retry whose body cannot be read as
 * JSON still gets the remembered reply.
 *
 * The decisive lookup and the write happen in one turn of the event loop, after the body was read,
 * so two concurrent requests with one key cannot both execute.
 */
export async function runIdempotent(
  emulator: Emulator,
  ctx: RequestContext,
  readBody: BodyReader,
  write: (body: unknown) => Reply,
): Promise<Reply> {
  const key = idempotencyKeyOf(ctx);
  if (key === undefined) return write(await readBody(ctx));
  const store = idempotencyStore(emulator);
  const scope = scopeOf(ctx, key);
  let body: unknown;
  try {
    body = await readBody(ctx);
  } catch (error) {
    const remembered = isUnreadableBody(ctx, error) ? store.find(scope) : undefined;
    if (remembered) return remembered;
    throw error;
  }
  const replayed = store.find(scope);
  if (replayed) return replayed;
  const reply = replyOf(ctx, () => write(body));
  if (reply.status < 500) store.remember(scope, reply);
  return reply;
}

/**
 * A body that arrived whole but is empty, malformed or not JSON. Oversized and unfinished bodies
 * are not: their answers close the connection, so they are never replays.
 */
function isUnreadableBody(ctx: RequestContext, error: unknown): boolean {
  return error instanceof KlarnaError && (error.status === 400 || error.status === 415) && ctx.req.complete;
}

/** The write's reply, with a Klarna refusal (4xx) turned into a reply so that it can be remembered. */
function replyOf(ctx: RequestContext, write: () => Reply): Reply {
  try {
    return write();
  } catch (error) {
    if (error instanceof KlarnaError && error.status < 500) {
      return { status: error.status, body: error.toBody(ctx.correlationId) };
    }
    throw error;
  }
}

export function sendReply(ctx: RequestContext, reply: Reply): void {
  if (reply.body === undefined) sendEmpty(ctx, reply.status, reply.headers);
  else sendJsonText(ctx, reply.status, JSON.stringify(reply.body), reply.headers);
}
