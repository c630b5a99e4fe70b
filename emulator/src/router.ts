/**
 * A tiny path router. Patterns are literal segments and `:name` parameters, e.g.
 * `/payments/v1/sessions/:sessionId`. Route modules register on it, so an API is
 * added without touching the request pipeline.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Handler<C> = (ctx: C) => void | Promise<void>;

interface Route<C> {
  method: HttpMethod;
  pattern: string;
  segments: string[];
  handler: Handler<C>;
}

export type RouteMatch<C> =
  | { kind: 'found'; handler: Handler<C>; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] }
  | { kind: 'not-found' };

export class Router<C> {
  private readonly routes: Route<C>[] = [];

  on(method: HttpMethod, pattern: string, handler: Handler<C>): this {
    this.routes.push({ method, pattern, segments: splitPath(pattern), handler });
    return this;
  }

  /** Every registered route as `{method, pattern}` (e.g. for checking the API description). */
  list(): { method: HttpMethod; pattern: string }[] {
    return this.routes.map(({ method, pattern }) => ({ method, pattern }));
  }

  get(pattern: string, handler: Handler<C>): this {
    return this.on('GET', pattern, handler);
  }
  post(pattern: string, handler: Handler<C>): this {
    return this.on('POST', pattern, handler);
  }
  put(pattern: string, handler: Handler<C>): this {
    return this.on('PUT', pattern, handler);
  }
  patch(pattern: string, handler: Handler<C>): this {
    return this.on('PATCH', pattern, handler);
  }
  delete(pattern: string, handler: Handler<C>): this {
    return this.on('DELETE', pattern, handler);
  }

  match(method: string, segments: readonly string[]): RouteMatch<C> {
    // The allowed methods are only collected when no route answers: a hit allocates nothing extra.
    let allowed: Set<HttpMethod> | undefined;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { kind: 'found', handler: route.handler, params };
      }
      (allowed ??= new Set()).add(route.method);
    }
    return allowed ? { kind: 'method-not-allowed', allowed: [...allowed] } : NOT_FOUND;
  }
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  // Literal segments first, without allocating: most routes are rejected here.
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string;
    if (expected.charCodeAt(0) !== COLON && expected !== actual[i]) return null;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string;
    if (expected.charCodeAt(0) !== COLON) continue;
    try {
      params[expected.slice(1)] = decodeURIComponent(actual[i] as string);
    } catch {
      return null;
    }
  }
  return params;
}

const COLON = 58;
const NOT_FOUND: { readonly kind: 'not-found' } = { kind: 'not-found' };
