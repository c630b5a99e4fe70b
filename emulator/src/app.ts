import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallbackDispatcher } from './callbacks.js';
import { Clock } from './clock.js';
import { resolveConfig, type ConfigOverrides, type Credentials } from './config.js';
import { registerSnapshotRoutes } from './control/snapshot.js';
import { registerInspector } from './control/ui.js';
import { DataDir, type DataDirTiming } from './data-dir.js';
import type { Emulator, Interceptor } from './emulator.js';
import { KlarnaError, UNAUTHORIZED_HTML } from './errors.js';
import { registerHppControlRoutes, registerHppRoutes } from './hpp/routes.js';
import { endReply, sendError, sendJson, warnUnknownField, type RequestContext } from './http.js';
import { Router, splitPath } from './router.js';
import { registerControlRoutes } from './routes/control.js';
import { registerCustomerTokenRoutes } from './routes/customer-token.js';
import { registerFaultRoutes } from './routes/faults.js';
import { registerMessagingRoutes } from './routes/messaging.js';
import { registerOrderManagementRoutes } from './routes/order-management.js';
import { registerPaymentsRoutes } from './routes/payments.js';
import { registerSdkRoutes } from './routes/sdk.js';
import { logBody, Store, type RequestLogRecord } from './store.js';
import { REGIONS, type Region } from './types.js';

export interface AppOptions extends ConfigOverrides {
  /** Where credentials and `EMULATOR_CONTROL` are read from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Start the emulator clock at this time instead of now (also over a clock kept in the data directory). */
  now?: Date | string;
  /** Timing of writes to the data directory (tests shorten it). */
  dataDirTiming?: Partial<DataDirTiming>;
}

export interface EmulatorApp {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  emulator: Emulator;
  /** The origin used when a request's Host header is unusable; set once the server listens. */
  setFallbackOrigin(origin: string): void;
  /** Stops timers and callback deliveries. */
  dispose(): void;
}

const REGION_SET: ReadonlySet<string> = new Set(REGIONS);
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Builds the emulator's request handler and services. It never listens; `startEmulator` does. */
export function createApp(options: AppOptions = {}): EmulatorApp {
  const config = resolveConfig(options.env ?? process.env, options);
  const store = new Store();
  const start = options.now === undefined ? undefined : new Date(options.now);
  if (start && Number.isNaN(start.getTime())) {
    throw new TypeError(`now must be a date or an ISO 8601 time, got ${String(options.now)}`);
  }
  const clock = new Clock(start ? { start } : {});
  const callbacks = new CallbackDispatcher(store, clock, config.callbacks);
  const interceptors: Interceptor[] = [];
  const resetHooks: (() => void)[] = [];
  const emulator: {
    -readonly [K in keyof Emulator]: Emulator[K];
  } = {
    config,
    store,
    clock,
    callbacks,
    api: new Router<RequestContext>(),
    root: new Router<RequestContext>(),
    interceptors,
    resetHooks,
    reset() {
      callbacks.abortAll();
      clock.reset();
      store.reset();
      for (const hook of resetHooks) hook();
    },
  };

  emulator.root.get('/_emulator/health', (ctx) => sendJson(ctx, 200, { ok: true }));
  registerPaymentsRoutes(emulator);
  registerSdkRoutes(emulator);
  registerOrderManagementRoutes(emulator);
  registerCustomerTokenRoutes(emulator);
  registerHppRoutes(emulator);
  registerMessagingRoutes(emulator);
  if (config.control) registerControlRoutes(emulator);
  if (config.control) registerHppControlRoutes(emulator);
  if (config.control) registerSnapshotRoutes(emulator);
  const faults = config.control ? registerFaultRoutes(emulator) : undefined;
  if (config.control) registerInspector(emulator, faults);

  const dataDir = config.dataDir ? new DataDir(emulator, config.dataDir, options.dataDirTiming) : undefined;
  if (dataDir) {
    dataDir.load({ keepClock: options.now !== undefined });
    emulator.persistence = dataDir.status;
    store.onBackgroundChange = () => dataDir.changed();
    resetHooks.push(() => dataDir.changed());
    dataDir.start();
  }

  let fallbackOrigin = 'http://127.0.0.1';

  /**
   * Authorization header → API user (or null), per region. Clients send the same header on
   * every call, so decoding and comparing it once is enough. Bounded: a client sending endless
   * different headers only empties it.
   */
  const authCache = new Map<string, string | null>();
  function authenticate(header: string | undefined, region: Region): string | null {
    if (!header) return null;
    const key = `${region} ${header}`;
    let merchantId = authCache.get(key);
    if (merchantId === undefined) {
      merchantId = checkBasicAuth(header, config.credentials[region]);
      if (authCache.size >= 64) authCache.clear();
      authCache.set(key, merchantId);
    }
    return merchantId;
  }

  /**
   * Host header → `http://host`, or null when unusable. Clients send one or two Host values, so
   * the check and the string are made once, and the same string then keys later caches cheaply.
   * Bounded like the auth cache.
   */
  const origins = new Map<string, string | null>();
  function originOf(host: string): string | null {
    let origin = origins.get(host);
    if (origin === undefined) {
      origin = HOST_HEADER.test(host) ? `http://${host}` : null;
      if (origins.size >= 64) origins.clear();
      origins.set(host, origin);
    }
    return origin;
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const correlationId = randomUUID();
    res.setHeader('Klarna-Correlation-Id', correlationId);
    const host = req.headers.host;
    const rawUrl = req.url ?? '/';
    const pathname = pathOf(rawUrl);
    const origin = (host ? originOf(host) : null) ?? fallbackOrigin;
    const ctx = new IncomingRequest(
      req,
      res,
      rawUrl,
      pathname ?? '',
      correlationId,
      origin,
      config.bodyTimeoutMs,
      config.strict,
    );
    if (pathname === null) {
      respondWithError(ctx, new KlarnaError(400, 'BAD_REQUEST', ['Malformed request URL']));
      return;
    }

    const segments = splitPath(pathname);
    const first = segments[0] ?? '';
    // Klarna's APIs (logged), the hosted page and every write change state; reading the inspector,
    // the SDK's files or health does not, and must not make the data directory write again.
    // On-site messaging sits on the regional hosts, but is public (a `client_id`, no Basic auth) and reads only.
    const messaging = REGION_SET.has(first) && segments[1] === 'messaging';
    const changesState =
      dataDir !== undefined &&
      ((REGION_SET.has(first) && !messaging) ||
        first === 'hpp' ||
        (req.method !== 'GET' && req.method !== 'HEAD'));
    if (changesState) dataDir.changed();
    let router = emulator.root;
    let routeSegments = segments;
    if (messaging) {
      ctx.region = first as Region;
      logWhenFinished(ctx, started, pathname);
    } else if (REGION_SET.has(first)) {
      const region = first as Region;
      ctx.region = region;
      const merchantId = authenticate(req.headers.authorization, region);
      if (!merchantId) {
        res.writeHead(401, { 'Content-Type': 'text/html' });
        endReply(ctx, UNAUTHORIZED_HTML);
        logWhenFinished(ctx, started, pathname);
        return;
      }
      ctx.merchantId = merchantId;
      router = emulator.api;
      routeSegments = segments.slice(1);
      logWhenFinished(ctx, started, pathname);
    } else if ((first === 'kp' || first === 'hpp') && segments[1] === 'api') {
      logWhenFinished(ctx, started, pathname);
    }

    const match = router.match(req.method ?? 'GET', routeSegments);
    if (match.kind === 'not-found') {
      respondWithError(ctx, new KlarnaError(404, 'NOT_FOUND', [`No such resource: ${pathname}`]));
      req.resume();
      return;
    }
    if (match.kind === 'method-not-allowed') {
      res.setHeader('Allow', match.allowed.join(', '));
      respondWithError(
        ctx,
        new KlarnaError(405, 'METHOD_NOT_ALLOWED', [`${req.method ?? ''} is not allowed on ${pathname}`]),
      );
      req.resume();
      return;
    }
    ctx.params = match.params;
    const running = run(ctx, match.handler, interceptors);
    // A handler may change state after reading its body: the data directory hears of it again.
    if (changesState) void running.then(() => dataDir.changed());
  };

  function logWhenFinished(ctx: RequestContext, started: number, path: string): void {
    ctx.res.on('finish', () => {
      const entry: RequestLogRecord = {
        id: 0,
        atMs: clock.now(),
        method: ctx.req.method ?? '',
        path,
        status: ctx.res.statusCode,
        correlation_id: ctx.correlationId,
        duration_ms: Math.round((performance.now() - started) * 100) / 100,
      };
      if (ctx.region) entry.region = ctx.region;
      if (ctx.bodyText !== undefined) logBody(entry, ctx.bodyText);
      if (ctx.unknownFields) entry.warnings = ctx.unknownFields.map((path) => `unknown field ${path}`);
      store.logRequest(entry);
    });
  }

  return {
    handler,
    emulator,
    setFallbackOrigin(origin) {
      fallbackOrigin = origin;
    },
    dispose() {
      callbacks.abortAll();
      clock.dispose();
      dataDir?.stop();
    },
  };
}

/** The per-request context; a class so every request object has the same shape. */
class IncomingRequest implements RequestContext {
  params: Record<string, string> = {};
  region?: Region;
  merchantId?: string;
  body?: unknown;
  bodyText?: string;
  unknownFields?: string[];
  private parsedUrl: URL | undefined;

  constructor(
    public req: IncomingMessage,
    public res: ServerResponse,
    private readonly rawUrl: string,
    public path: string,
    public correlationId: string,
    public origin: string,
    public bodyTimeoutMs: number,
    public readonly strictFields: boolean,
  ) {}

  unknownField(path: string): void {
    warnUnknownField(this, path);
  }

  /** Most routes never look at the query string: the URL is parsed only when asked for. */
  get url(): URL {
    this.parsedUrl ??= new URL(this.rawUrl, 'http://placeholder');
    return this.parsedUrl;
  }
}

async function run(
  ctx: RequestContext,
  handler: (ctx: RequestContext) => void | Promise<void>,
  interceptors: readonly Interceptor[],
): Promise<void> {
  try {
    for (const interceptor of interceptors) {
      const handled = interceptor(ctx);
      // Only wait when an interceptor is actually asynchronous: most answer false at once.
      if (handled === true || (handled !== false && (await handled))) return;
    }
    await handler(ctx);
  } catch (error) {
    if (error instanceof KlarnaError) {
      respondWithError(ctx, error);
    } else {
      console.error('[klarna-emulator] unexpected error', error);
      respondWithError(ctx, new KlarnaError(500, 'INTERNAL_SERVER_ERROR', ['Unexpected server error']));
    }
  }
}

function respondWithError(ctx: RequestContext, error: KlarnaError): void {
  if (ctx.res.headersSent) {
    ctx.res.destroy();
    return;
  }
  // An oversized or half-read body leaves the connection in an unknown state: close it.
  if (error.status === 413 || error.status === 408) ctx.res.setHeader('Connection', 'close');
  sendError(ctx, error);
}

/** The path of an origin-form request target (`/eu/payments?x=1` → `/eu/payments`); null if malformed. */
function pathOf(target: string): string | null {
  if (!target.startsWith('/')) {
    try {
      return new URL(target).pathname;
    } catch {
      return null;
    }
  }
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

/** The API username when the Basic credentials are this region's; null otherwise. */
function checkBasicAuth(header: string, expected: Credentials): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return null;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return sameText(username, expected.username) && sameText(password, expected.password) ? username : null;
}

function sameText(actual: string, expected: string): boolean {
  const a = Buffer.from(actual);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
