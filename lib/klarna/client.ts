import 'server-only';

import type { z } from 'zod';
import {
  basicAuthHeader,
  getKlarnaConfig,
  klarnaUrl,
  type KlarnaConfig,
  type KlarnaLogEntry,
  type KlarnaRegion,
} from './config';
import { KlarnaError } from './errors';
import { errorBodySchema } from './schemas/common';

type KlarnaMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Per-call options every public Klarna function accepts. */
export interface KlarnaCallOptions {
  /** Use these settings instead of the environment's (tests, scripts). */
  config?: KlarnaConfig;
  /** Give up early, e.g. when the incoming request was cancelled. */
  signal?: AbortSignal;
}

export interface KlarnaRequest<Schema extends z.ZodType | undefined = undefined> extends KlarnaCallOptions {
  region: KlarnaRegion;
  method: KlarnaMethod;
  /** API path from the region's root, e.g. `/payments/v1/sessions`. */
  path: string;
  /** Sent as JSON; omit for requests without a body. */
  body?: unknown;
  /**
   * Sent as `Klarna-Idempotency-Key`. Klarna executes a request with a key it has seen once and
   * replays the first answer, so a write that carries one is retried like a GET.
   */
  idempotencyKey?: string;
  /** Validates a 2xx body; without it the body is ignored and `data` is `undefined`. */
  schema?: Schema;
}

export interface KlarnaResponse<Data> {
  status: number;
  data: Data;
  correlationId: string | null;
  /** `Location` of a created capture or refund. */
  location: string | null;
  captureId: string | null;
  refundId: string | null;
  headers: Headers;
}

type DataOf<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

/**
 * Sends one request to Klarna: Basic auth for the region, JSON in and out, a timeout per attempt,
 * bounded retries when repeating is safe (GETs, and writes with an idempotency key) and the
 * failure is transient (no answer, 429, 5xx). Every failure is thrown as a {@link KlarnaError}
 * and logged as one line.
 */
export async function klarnaRequest<Schema extends z.ZodType | undefined = undefined>(
  request: KlarnaRequest<Schema>,
): Promise<KlarnaResponse<DataOf<Schema>>> {
  const config = request.config ?? getKlarnaConfig();
  const safeToRepeat = request.method === 'GET' || request.idempotencyKey !== undefined;
  const maxAttempts = safeToRepeat ? Math.max(1, config.retry.maxAttempts) : 1;
  const path = maskTokens(request.path);
  const startedAt = performance.now();

  for (let attempt = 1; ; attempt++) {
    let response: Response;
    let text: string;
    try {
      ({ response, text } = await sendOnce(request, config));
    } catch (cause) {
      const error = transportError(cause, request, path);
      await failOrWait(error, attempt);
      continue;
    }

    if (response.ok) {
      const success = readSuccess(response, text, request, path);
      if (!(success instanceof KlarnaError)) return success;
      await failOrWait(success, attempt);
      continue;
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
    await failOrWait(errorFromResponse(response, text, request, path), attempt, retryAfterMs);
  }

  /** Throws `error` (after logging it) unless another attempt is allowed; then waits for it. */
  async function failOrWait(error: KlarnaError, attempt: number, retryAfterMs?: number): Promise<void> {
    error.attempts = attempt;
    const wait = attempt < maxAttempts && error.transient ? retryDelay(config, attempt, retryAfterMs) : null;
    if (wait === null || request.signal?.aborted) {
      config.log(logEntry('error', error, attempt, startedAt));
      throw error;
    }
    config.log(logEntry('warn', error, attempt, startedAt));
    await sleep(wait, request.signal);
  }
}

async function sendOnce(
  request: KlarnaRequest<z.ZodType | undefined>,
  config: KlarnaConfig,
): Promise<{ response: Response; text: string }> {
  const region = config.regions[request.region];
  const headers: Record<string, string> = {
    Authorization: basicAuthHeader(region),
    Accept: 'application/json',
  };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.idempotencyKey !== undefined) headers['Klarna-Idempotency-Key'] = request.idempotencyKey;

  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const response = await fetch(klarnaUrl(region, request.path), {
    method: request.method,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal,
    redirect: 'manual',
  });
  // Reading the body is covered by the same signal, so a server that stalls mid-body times out too.
  const text = await response.text();
  return { response, text };
}

function readSuccess<Schema extends z.ZodType | undefined>(
  response: Response,
  text: string,
  request: KlarnaRequest<Schema>,
  path: string,
): KlarnaResponse<DataOf<Schema>> | KlarnaError {
  let data: unknown = undefined;
  if (request.schema) {
    const parsed = request.schema.safeParse(parseJson(text));
    if (!parsed.success) {
      // A 2xx we cannot read: the call may well have taken effect, so this is never retried.
      return new KlarnaError({
        status: response.status,
        code: 'INVALID_RESPONSE',
        messages: parsed.error.issues
          .slice(0, 5)
          .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`),
        correlationId: response.headers.get('Klarna-Correlation-Id'),
        region: request.region,
        method: request.method,
        path,
      });
    }
    data = parsed.data;
  }
  return {
    status: response.status,
    data: data as DataOf<Schema>,
    correlationId: response.headers.get('Klarna-Correlation-Id'),
    location: response.headers.get('Location'),
    captureId: response.headers.get('Capture-Id'),
    refundId: response.headers.get('Refund-Id'),
    headers: response.headers,
  };
}

/** Klarna's JSON error body when there is one; a 401 (HTML) or a proxy's 502 page has none. */
function errorFromResponse(
  response: Response,
  text: string,
  request: KlarnaRequest<z.ZodType | undefined>,
  path: string,
): KlarnaError {
  const body = errorBodySchema.safeParse(parseJson(text));
  const headerCorrelationId = response.headers.get('Klarna-Correlation-Id');
  const common = { status: response.status, region: request.region, method: request.method, path };
  if (body.success) {
    const { error_code, error_messages, correlation_id, ...details } = body.data;
    return new KlarnaError({
      ...common,
      code: error_code,
      messages: error_messages,
      correlationId: correlation_id ?? headerCorrelationId,
      details: Object.fromEntries(
        Object.entries(details).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      ),
    });
  }
  return new KlarnaError({
    ...common,
    code: response.status === 401 ? 'UNAUTHORIZED' : `HTTP_${response.status}`,
    messages: [],
    correlationId: headerCorrelationId,
  });
}

function transportError(
  cause: unknown,
  request: KlarnaRequest<z.ZodType | undefined>,
  path: string,
): KlarnaError {
  const name = cause instanceof Error ? cause.name : '';
  const callerAborted = request.signal?.aborted === true && name !== 'TimeoutError';
  const code = name === 'TimeoutError' ? 'TIMEOUT' : callerAborted ? 'ABORTED' : 'NETWORK_ERROR';
  const reason = cause instanceof Error ? (errorCode(cause.cause) ?? cause.message) : String(cause);
  return new KlarnaError({
    status: null,
    code,
    messages: [reason],
    correlationId: null,
    region: request.region,
    method: request.method,
    path,
    cause,
  });
}

/** Node's fetch wraps the socket error (`ECONNREFUSED`, `ECONNRESET` …) in `cause`. */
function errorCode(cause: unknown): string | undefined {
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string')
    return cause.code;
  return undefined;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Exponential backoff capped at `maxDelayMs`; a 429's `Retry-After` is honoured when it fits within
 * the cap and otherwise ends the retries (`null`), so a caller is never stuck for minutes.
 */
function retryDelay(config: KlarnaConfig, attempt: number, retryAfterMs: number | undefined): number | null {
  const { baseDelayMs, maxDelayMs } = config.retry;
  const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  if (retryAfterMs === undefined) return backoff;
  return retryAfterMs > maxDelayMs ? null : Math.max(backoff, retryAfterMs);
}

/** `Retry-After` in seconds or as an HTTP date; anything else is ignored. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** Customer tokens and authorization tokens act like passwords; keep them out of logs and errors. */
function maskTokens(path: string): string {
  return path.replace(/\/(authorizations|tokens)\/[^/?#]+/g, '/$1/{token}');
}

function logEntry(
  level: KlarnaLogEntry['level'],
  error: KlarnaError,
  attempt: number,
  startedAt: number,
): KlarnaLogEntry {
  return {
    level,
    event: level === 'error' ? 'klarna.request.failed' : 'klarna.request.retry',
    region: error.region,
    method: error.method,
    path: error.path,
    status: error.status,
    code: error.code,
    messages: error.messages,
    correlationId: error.correlationId,
    attempt,
    durationMs: Math.round(performance.now() - startedAt),
  };
}
