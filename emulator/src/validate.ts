/**
 * Small hand-written schema validators that report Klarna-style field paths
 * (`order_lines[2].total_amount`, `billing_address.email`). A schema checks a value,
 * pushes the path of every offending field to `issues`, and returns the cleaned value:
 * read-only fields dropped, `null` treated as absent (as Klarna's JSON binding does).
 */
export type Schema<T = unknown> = (value: unknown, path: string, issues: string[]) => T | undefined;

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
  return (value, path, issues) => {
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
    return value.map((element, index) => item(element, `${path}[${index}]`, issues) as T);
  };
}

export interface ObjectRules {
  required?: readonly string[];
  /** Fields accepted on input and discarded (the spec's read-only fields). */
  ignored?: readonly string[];
}

export type Shape = Record<string, Schema>;

/**
 * An object with known fields. Unknown fields are bad values (a typo such as
 * `order_line` must not pass silently); missing required fields are reported at
 * their own path.
 */
export function object<T>(shape: Shape, rules: ObjectRules = {}): Schema<T> {
  const ignored = new Set(rules.ignored ?? []);
  return (value, path, issues) => {
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
      const fieldSchema = shape[key];
      if (!fieldSchema) {
        if (!ignored.has(key)) issues.push(fieldPath);
        continue;
      }
      if (fieldValue === null || fieldValue === undefined) continue;
      const cleaned = fieldSchema(fieldValue, fieldPath, issues);
      if (cleaned !== undefined) output[key] = cleaned;
    }
    for (const key of rules.required ?? []) {
      if (input[key] === undefined || input[key] === null) issues.push(path ? `${path}.${key}` : key);
    }
    return output as T;
  };
}

/** Runs a schema on a request body; returns the cleaned value and the offending paths. */
export function check<T>(schema: Schema<T>, value: unknown): { value: T | undefined; issues: string[] } {
  const issues: string[] = [];
  const cleaned = schema(value, '', issues);
  // The root object reports itself as '' when it is not an object at all.
  return {
    value: cleaned,
    issues: issues.length === 0 ? issues : issues.map((issue) => (issue === '' ? 'body' : issue)),
  };
}
