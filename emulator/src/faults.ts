import { randomInt } from 'node:crypto';
import { badValue, KlarnaError } from './errors.js';
import { sendError, type RequestContext } from './http.js';
import { REGIONS, type Region } from './types.js';

/**
 * Fault injection for Klarna's API routes (Payments, Order Management, Customer Token): rules
 * added through `/_emulator/faults` fail, slow down or drop chosen requests, so a client's
 * timeouts, retries and idempotency keys can be tested. The control API and the SDK are never
 * affected. Each rule has its own seeded PRNG, so a given sequence of matching requests always
 * meets the same faults.
 */

export const FAULT_KINDS = ['status', 'latency', 'timeout', 'reset', 'commit-then-drop'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', '*'] as const;
/** `timeout` holds a request at most this long before answering 500 `TIMEOUT`. */
export const MAX_HOLD_MS = 60_000;
const DEFAULT_HOLD_MS = 5_000;
const MAX_LATENCY_MS = 60_000;

export interface FaultRule {
  id: string;
  method: string;
  /** The glob as given (`*` one path segment, `**` any number), or undefined with `pathRegex`. */
  path?: string;
  pathRegex?: string;
  region?: Region;
  fault: FaultKind;
  probability: number;
  seed: number;
  /** Fire at most this many times; undefined = no limit. */
  times?: number;
  status?: number;
  errorCode?: string;
  errorMessages?: string[];
  latencyMs?: number;
  holdMs?: number;
  /** Matching requests seen while the rule was active, and how many it failed. */
  seen: number;
  fired: number;
  matcher: RegExp;
  random: () => number;
}

/** Mulberry32: a tiny, fast PRNG whose whole state is one 32-bit number. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^/]*';
      }
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}/?$`);
}

const DEFAULT_ERRORS: Record<number, [string, string[]]> = {
  400: ['BAD_REQUEST', ['Bad request']],
  403: ['NOT_ALLOWED', ['Not allowed']],
  404: ['NOT_FOUND', ['Not found']],
  409: ['CONFLICT', []],
  413: ['REQUEST_TOO_LARGE', ['Request is too large']],
  429: ['TOO_MANY_REQUESTS', ['Too many requests']],
  500: ['INTERNAL_SERVER_ERROR', ['Unexpected server error']],
  502: ['TEMPORARILY_UNAVAILABLE', ['Temporarily unavailable']],
  503: ['TEMPORARILY_UNAVAILABLE', ['Temporarily unavailable']],
  504: ['TEMPORARILY_UNAVAILABLE', ['Temporarily unavailable']],
};

function defaultError(status: number): [string, string[]] {
  return (
    DEFAULT_ERRORS[status] ??
    (status >= 500 ? ['INTERNAL_SERVER_ERROR', ['Unexpected server error']] : ['BAD_REQUEST', []])
  );
}

type Fields = Record<string, unknown>;

/** Parses `PUT|POST /_emulator/faults` bodies; throws 400 `BAD_VALUE` naming the bad fields. */
export function parseFaultRule(body: unknown, id: string): FaultRule {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badValue(['body']);
  const input = body as Fields;
  const known = new Set([
    'match',
    'method',
    'path',
    'path_regex',
    'region',
    'fault',
    'probability',
    'seed',
    'times',
    'status',
    'error_code',
    'error_messages',
    'latency_ms',
    'hold_ms',
  ]);
  const issues = Object.keys(input).filter((key) => !known.has(key));

  let method: unknown = input.method ?? '*';
  let path: unknown = input.path;
  if (input.match !== undefined) {
    const parts = typeof input.match === 'string' ? /^\s*([A-Za-z*]+)\s+(\S+)\s*$/.exec(input.match) : null;
    if (!parts || input.method !== undefined || input.path !== undefined) issues.push('match');
    else [, method, path] = parts;
  }
  if (typeof method !== 'string' || !(METHODS as readonly string[]).includes(method.toUpperCase()))
    issues.push('method');

  let matcher: RegExp | undefined;
  if (path !== undefined && input.path_regex !== undefined) issues.push('path_regex');
  else if (typeof path === 'string' && path.startsWith('/')) matcher = globToRegExp(path);
  else if (typeof input.path_regex === 'string') {
    try {
      matcher = new RegExp(input.path_regex);
    } catch {
      issues.push('path_regex');
    }
  } else {
    issues.push(input.path_regex !== undefined ? 'path_regex' : 'path');
  }

  const region = input.region;
  if (region !== undefined && !(REGIONS as readonly unknown[]).includes(region)) issues.push('region');
  const fault = input.fault;
  if (!(FAULT_KINDS as readonly unknown[]).includes(fault)) issues.push('fault');

  const probability = input.probability ?? 1;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) issues.push('probability');
  const seed = input.seed ?? randomInt(0, 2 ** 32);
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) issues.push('seed');
  const times = input.times;
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1))
    issues.push('times');

  const status = input.status;
  if (fault === 'status') {
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599)
      issues.push('status');
  } else if (status !== undefined) issues.push('status');
  if (
    input.error_code !== undefined &&
    (fault !== 'status' || typeof input.error_code !== 'string' || !input.error_code)
  ) {
    issues.push('error_code');
  }
  const messages = input.error_messages;
  if (
    messages !== undefined &&
    (fault !== 'status' ||
      !Array.isArray(messages) ||
      !messages.every((message) => typeof message === 'string'))
  ) {
    issues.push('error_messages');
  }
  const latency = input.latency_ms;
  if (fault === 'latency') {
    if (
      typeof latency !== 'number' ||
      !Number.isInteger(latency) ||
      latency < 0 ||
      latency > MAX_LATENCY_MS
    ) {
      issues.push('latency_ms');
    }
  } else if (latency !== undefined) issues.push('latency_ms');
  const hold = input.hold_ms;
  if (
    hold !== undefined &&
    (fault !== 'timeout' ||
      typeof hold !== 'number' ||
      !Number.isInteger(hold) ||
      hold < 0 ||
      hold > MAX_HOLD_MS)
  ) {
    issues.push('hold_ms');
  }
  if (issues.length > 0 || !matcher) throw badValue(issues);

  const rule: FaultRule = {
    id,
    method: (method as string).toUpperCase(),
    fault: fault as FaultKind,
    probability: probability as number,
    seed: seed as number,
    seen: 0,
    fired: 0,
    matcher,
    random: mulberry32(seed as number),
  };
  if (typeof path === 'string') rule.path = path;
  else rule.pathRegex = input.path_regex as string;
  if (region !== undefined) rule.region = region as Region;
  if (times !== undefined) rule.times = times as number;
  if (rule.fault === 'status') {
    const [code, defaultMessages] = defaultError(status as number);
    rule.status = status as number;
    rule.errorCode = (input.error_code as string | undefined) ?? code;
    rule.errorMessages = (messages as string[] | undefined) ?? defaultMessages;
  }
  if (rule.fault === 'latency') rule.latencyMs = latency as number;
  if (rule.fault === 'timeout') rule.holdMs = (hold as number | undefined) ?? DEFAULT_HOLD_MS;
  return rule;
}

/** A rule as `GET /_emulator/faults` shows it. */
export function faultView(rule: FaultRule): Record<string, unknown> {
  const view: Record<string, unknown> = { id: rule.id, method: rule.method };
  if (rule.path !== undefined) view.path = rule.path;
  if (rule.pathRegex !== undefined) view.path_regex = rule.pathRegex;
  if (rule.region) view.region = rule.region;
  view.fault = rule.fault;
  if (rule.status !== undefined) {
    view.status = rule.status;
    view.error_code = rule.errorCode;
    view.error_messages = rule.errorMessages;
  }
  if (rule.latencyMs !== undefined) view.latency_ms = rule.latencyMs;
  if (rule.holdMs !== undefined) view.hold_ms = rule.holdMs;
  view.probability = rule.probability;
  view.seed = rule.seed;
  if (rule.times !== undefined) view.times = rule.times;
  view.seen = rule.seen;
  view.fired = rule.fired;
  return view;
}

export class FaultRegistry {
  readonly rules: FaultRule[] = [];
  private nextId = 1;

  add(body: unknown): FaultRule {
    const rule = parseFaultRule(body, `fault_${this.nextId}`);
    this.nextId++;
    this.rules.push(rule);
    return rule;
  }

  remove(id: string): boolean {
    const index = this.rules.findIndex((rule) => rule.id === id);
    if (index === -1) return false;
    this.rules.splice(index, 1);
    return true;
  }

  clear(): void {
    this.rules.length = 0;
  }

  /**
   * The interceptor: runs before a matched route. Latency rules add their delay and let the
   * request go on (to later rules and the route); the other kinds end the matching there.
   * Returns true when the request was answered (or dropped) here.
   */
  async intercept(ctx: RequestContext): Promise<boolean> {
    const region = ctx.region;
    if (!region || this.rules.length === 0) return false;
    const method = ctx.req.method ?? '';
    const path = ctx.url.pathname.slice(region.length + 1);
    for (const rule of [...this.rules]) {
      if (rule.region !== undefined && rule.region !== region) continue;
      if (rule.method !== '*' && rule.method !== method) continue;
      if (!rule.matcher.test(path)) continue;
      if (rule.times !== undefined && rule.fired >= rule.times) continue;
      rule.seen++;
      // One draw per matching request keeps the sequence reproducible from the seed alone.
      if (rule.random() >= rule.probability) continue;
      rule.fired++;
      switch (rule.fault) {
        case 'latency':
          await sleep(rule.latencyMs ?? 0);
          continue;
        case 'status':
          ctx.req.resume();
          sendError(ctx, new KlarnaError(rule.status ?? 500, rule.errorCode ?? '', rule.errorMessages ?? []));
          return true;
        case 'timeout':
          await holdThenTimeOut(ctx, rule.holdMs ?? 0);
          return true;
        case 'reset':
          resetConnection(ctx);
          return true;
        case 'commit-then-drop':
          dropResponse(ctx);
          return false;
      }
    }
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Destroys the socket with a TCP RST, the way a failing load balancer drops a connection. */
function resetConnection(ctx: RequestContext): void {
  const socket = ctx.req.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Holds the request unanswered for `holdMs` (real time), then answers 500 `TIMEOUT`: the server gave
 * up on it. Nothing was processed and a 5xx is never remembered, so a retry with the key runs the write.
 */
function holdThenTimeOut(ctx: RequestContext, holdMs: number): Promise<void> {
  ctx.req.resume();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ctx.res.off('close', onClose);
      if (!ctx.res.destroyed) {
        ctx.res.setHeader('Connection', 'close');
        sendError(ctx, new KlarnaError(500, 'TIMEOUT', ['Request timed out']));
      }
      resolve();
    }, holdMs);
    // The client gave up (or the server is closing): nothing left to answer.
    const onClose = () => {
      clearTimeout(timer);
      resolve();
    };
    ctx.res.once('close', onClose);
  });
}

/**
 * Lets the route run and commit its change (recorded under its idempotency key), then resets the
 * connection instead of sending the answer: the client cannot know whether the write happened.
 */
function dropResponse(ctx: RequestContext): void {
  const { res } = ctx;
  res.writeHead = () => res;
  res.end = (() => {
    resetConnection(ctx);
    return res;
  }) as typeof res.end;
}
