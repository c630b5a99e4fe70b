/**
 * Klarna's error body, `{ error_code, error_messages, correlation_id }`, and the
 * errors route handlers throw to produce it. The request pipeline turns a thrown
 * `KlarnaError` into the JSON body; anything else becomes a 500.
 */
export interface KlarnaErrorBody {
  error_code: string;
  error_messages: string[];
  correlation_id: string;
}

export class KlarnaError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: string[];

  constructor(status: number, code: string, messages: string[] = []) {
    super(`${status} ${code}: ${messages.join('; ')}`);
    this.name = 'KlarnaError';
    this.status = status;
    this.code = code;
    this.messages = messages;
  }

  toBody(correlationId: string): KlarnaErrorBody {
    return { error_code: this.code, error_messages: this.messages, correlation_id: correlationId };
  }
}

/** 400 `BAD_VALUE` with one `Bad value: <path>` message per offending field. */
export function badValue(paths: readonly string[]): KlarnaError {
  return new KlarnaError(
    400,
    'BAD_VALUE',
    [...new Set(paths)].map((path) => `Bad value: ${path}`),
  );
}

export function badRequest(message: string): KlarnaError {
  return new KlarnaError(400, 'BAD_REQUEST', [message]);
}

export function notFound(message: string, code = 'NOT_FOUND'): KlarnaError {
  return new KlarnaError(404, code, [message]);
}

export function invalidOperation(message: string): KlarnaError {
  return new KlarnaError(403, 'INVALID_OPERATION', [message]);
}

/** 409 `BAD_VALUE` raised when an order or token request differs from what was authorized. */
export function notMatching(fields: readonly string[]): KlarnaError {
  return new KlarnaError(409, 'BAD_VALUE', [`Not matching fields: [${fields.join(', ')}]`]);
}

/**
 * The page Klarna's hosts answer with on a failed Basic auth: HTML, not the JSON error
 * object, which is what clients must be prepared for (api-reference §1.2).
 */
export const UNAUTHORIZED_HTML =
  '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n' +
  '<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
