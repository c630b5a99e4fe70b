import type { KlarnaRegion } from './config';

/**
 * Codes the client itself assigns when Klarna gave none:
 * - `TIMEOUT`: no complete answer within the configured time;
 * - `NETWORK_ERROR`: the connection failed (refused, reset, DNS);
 * - `ABORTED`: the caller's own AbortSignal fired;
 * - `UNAUTHORIZED`: HTTP 401, whose body is an HTML page (wrong credentials, region or environment);
 * - `INVALID_RESPONSE`: a 2xx whose body did not match the expected schema;
 * - `HTTP_<status>`: any other failure without a JSON error body.
 */
export type KlarnaClientErrorCode =
  'TIMEOUT' | 'NETWORK_ERROR' | 'ABORTED' | 'UNAUTHORIZED' | 'INVALID_RESPONSE';

export interface KlarnaErrorInit {
  /** HTTP status, or `null` when no response arrived (timeout, network error, abort). */
  status: number | null;
  /** Klarna's `error_code` (e.g. `BAD_VALUE`, `NO_SUCH_ORDER`) or one of {@link KlarnaClientErrorCode}. */
  code: string;
  /** Klarna's `error_messages`: human-readable, English, not meant for parsing. */
  messages: string[];
  /** Klarna's correlation id (body or `Klarna-Correlation-Id` header): quote it to Klarna support. */
  correlationId: string | null;
  region: KlarnaRegion;
  method: string;
  /** Request path with customer and authorization tokens masked. */
  path: string;
  /** Extra fields of the error body, e.g. `step_up_id`, `fraud_status`, `reason` on token charges. */
  details?: Record<string, string>;
  attempts?: number;
  cause?: unknown;
}

/** The one error every Klarna call throws, whatever went wrong. */
export class KlarnaError extends Error {
  override readonly name = 'KlarnaError';
  readonly status: number | null;
  readonly code: string;
  readonly messages: string[];
  readonly correlationId: string | null;
  readonly region: KlarnaRegion;
  readonly method: string;
  readonly path: string;
  readonly details: Record<string, string>;
  /** How many times the request was sent before giving up. */
  attempts: number;

  constructor(init: KlarnaErrorInit) {
    const status = init.status === null ? 'no response' : `HTTP ${init.status}`;
    const detail = init.messages.length > 0 ? `: ${init.messages.join('; ')}` : '';
    super(`Klarna ${init.method} ${init.path} (${init.region}) failed, ${status} ${init.code}${detail}`, {
      cause: init.cause,
    });
    this.status = init.status;
    this.code = init.code;
    this.messages = init.messages;
    this.correlationId = init.correlationId;
    this.region = init.region;
    this.method = init.method;
    this.path = init.path;
    this.details = init.details ?? {};
    this.attempts = init.attempts ?? 1;
  }

  /** Whether sending the same request again may succeed: no answer, 429 or a Klarna-side 5xx. */
  get transient(): boolean {
    if (this.code === 'TIMEOUT' || this.code === 'NETWORK_ERROR') return true;
    return this.status !== null && (this.status === 429 || this.status >= 500);
  }
}

/** Narrowing helper for `catch (error)` blocks. */
export function isKlarnaError(error: unknown): error is KlarnaError {
  return error instanceof KlarnaError;
}
