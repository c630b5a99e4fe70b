/**
 * Small hand-written schema validators that report Klarna-style field paths
 * (`order_lines[2].total_amount`, `billing_address.email`). A schema checks a value,
 * pushes the path of every offending field to `issues`, passes the path of every field it does
 * not know to `unknown`, and returns the cleaned value: unknown and read-only fields dropped,
 * `null` treated as absent (as Klarna's JSON binding does).
 */
export type Schema<T = unknown> = (
  value: unknown,
  path: string,
  issues: string[],
  unknown: (path: string) => void,
) => T | undefined;

/**
 * What a request does with fields no schema knows. Klarna accepts and ignores them, so by default
 * the emulator does too and reports each (`unknownField`); in strict mode they are bad values, so a
 * typo such as `order_line` fails loudly.
 */
export interface FieldPolicy {
  readonly strictFields: boolean;
  unknownField?(path: string): void;
}

/** Unknown fields are dropped without a word: for data that was already checked once. */
export const IGNORE_UNKNOWN_FIELDS: FieldPolicy = { strictFields: false };
/** Unknown fields are bad values. */
export const REFUSE_UNKNOWN_FIELDS: FieldPolicy = { strictFields: true };

export interface StringRules {
  min?: number;
  max?: number;
  pattern?: RegExp;
  enum?: readonly string[];
  /** Accept enum values in any case, returning the canonical spelling. */
  caseInsensitive?: boolean;
}

export function string(rules: StringRules = {}): Schema<string> {
  return (value, path, issues) => {
    if (typeof value !== 'string') {
      issues.push(path);
      return undefined;
    }
    if (rules.min !== undefined && value.length < rules.min) issues.push(path);
    else if (rules.max !== undefined && value.length > rules.max) issues.push(path);
    else if (rules.pattern && !rules.pattern.test(value)) issues.push(path);
    else if (rules.enum) {
      const found = rules.caseInsensitive
        ? rules.enum.find((candidate) => candidate.toLowerCase() === value.toLowerCase())
        : rules.enum.find((candidate) => candidate === value);
      if (found === undefined) issues.push(path);
      return found;
    }
    return value;
  };
}

export interface IntegerRules {
  min?: number;
  max?: number;
}

/** Whole numbers only: `1.5`, `"100"` and unsafe integers are bad values. */
export function integer(rules: IntegerRules = {}): Schema<number> {
  return (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      issues.push(path);
      return undefined;
    }
    if ((rules.min !== undefined && value < rules.min) || (rules.max !== undefined && value > rules.max)) {
      issues.push(path);
    }
    return value;
  };
}

export function boolean(): Schema<boolean> {
  return (value, path, issues) => {
    if (typeof value !== 'boolean') {
      issues.push(path);
      return undefined;
    }
    return value;
  };
}

export interface ArrayRules {
  min?: number;
  max?: number;
}

export function array<T>(item: Schema<T>, rules: ArrayRules = {}): Schema<T[]> {
  return (value, path, issues, unknown) => {
    if (!Array.isArray(value)) {
      issues.push(path);
      return undefined;
    }
    if (
      (rules.min !== undefined && value.length < rules.min) ||
      (rules.max !== undefined && value.length > rules.max)
    ) {
      issues.push(path);
    }
    return value.map((element, index) => item(element, `${path}[${index}]`, issues, unknown) as T);
  };
}

export interface ObjectRules {
  required?: readonly string[];
  /** Fields accepted on input and discarded (the spec's read-only fields). */
  ignored?: readonly string[];
}

export type Shape = Record<string, Schema>;

/**
 * Keys that name a member every object inherits (`__proto__`, `constructor`, `hasOwnProperty`, …).
 * A body using one is refused in every mode: such a key is never a Klarna field, and code that
 * copies or looks up fields by name could be led astray by it.
 */
export function isReservedKey(key: string): boolean {
  return key in Object.prototype;
}

/**
 * An object with known fields. Unknown fields go to `unknown` (the request's field policy decides
 * whether they are refused or ignored); reserved keys are bad values; missing required fields are
 * reported at their own path.
 */
export function object<T>(shape: Shape, rules: ObjectRules = {}): Schema<T> {
  const ignored = new Set(rules.ignored ?? []);
  return (value, path, issues, unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push(path);
      return undefined;
    }
    const input = value as Record<string, unknown>;
    const output: Record<string, unknown> = {};
    for (const key in input) {
      if (!Object.hasOwn(input, key)) continue;
      const fieldValue = input[key];
      const fieldPath = path ? `${path}.${key}` : key;
      // Own keys only: `shape.constructor` must not find Object.
      const fieldSchema = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (!fieldSchema) {
        if (isReservedKey(key)) issues.push(fieldPath);
        else if (!ignored.has(key)) unknown(fieldPath);
        continue;
      }
      if (fieldValue === null || fieldValue === undefined) continue;
      const cleaned = fieldSchema(fieldValue, fieldPath, issues, unknown);
      if (cleaned !== undefined) output[key] = cleaned;
    }
    for (const key of rules.required ?? []) {
      if (!Object.hasOwn(input, key) || input[key] === null) issues.push(path ? `${path}.${key}` : key);
    }
    return output as T;
  };
}

/**
 * Runs a schema on a request body under the request's field policy; returns the cleaned value and
 * the offending paths (unknown fields among them in strict mode).
 */
export function check<T>(
  schema: Schema<T>,
  value: unknown,
  policy: FieldPolicy,
): { value: T | undefined; issues: string[] } {
  const issues: string[] = [];
  const cleaned = schema(value, '', issues, (path) => {
    if (policy.strictFields) issues.push(path);
    else policy.unknownField?.(path);
  });
  // The root object reports itself as '' when it is not an object at all.
  return {
    value: cleaned,
    issues: issues.length === 0 ? issues : issues.map((issue) => (issue === '' ? 'body' : issue)),
  };
}
