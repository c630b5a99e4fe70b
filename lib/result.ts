/**
 * What every use-case returns: success with its own fields, or a failure with a machine-readable
 * `reason` and a `message` a person can read. Use-cases never speak HTTP; routes and actions map
 * `reason` to a status code or to what the form shows.
 */
export type Success<T extends object = object> = { ok: true } & T;

export type Failure<Reason extends string = string, Extra extends object = object> = {
  ok: false;
  reason: Reason;
  message: string;
} & Extra;

export type Result<T extends object = object, Reason extends string = string, Extra extends object = object> =
  Success<T> | Failure<Reason, Extra>;

export function succeed<T extends object>(value: T): Success<T> {
  return { ok: true, ...value };
}

export function fail<Reason extends string, Extra extends object = object>(
  reason: Reason,
  message: string,
  extra?: Extra,
): Failure<Reason, Extra> {
  return { ok: false, reason, message, ...(extra as Extra) };
}
