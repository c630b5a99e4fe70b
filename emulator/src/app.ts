import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallbackDispatcher } from './callbacks';
import { Clock } from './clock';
import { resolveConfig, type ConfigOverrides, type Credentials } from './config';
import type { Emulator, Interceptor } from './emulator';
import { KlarnaError, UNAUTHORIZED_HTML } from './errors';
import { sendError, sendJson, type RequestContext } from './http';
import { Router, splitPath } from './router';
import { registerControlRoutes } from './routes/control';
import { registerCustomerTokenRoutes } from './routes/customer-token';
import { registerFaultRoutes } from './routes/faults';
import { registerOrderManagementRoutes } from './routes/order-management';
import { registerPaymentsRoutes } from './routes/payments';
import { registerSdkRoutes } from './routes/sdk';
import { Store } from './store';
import { REGIONS, type Region } from './types';

export interface AppOptions extends ConfigOverrides {
  /** Where credentials and `EMULATOR_CONTROL` are read from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Start the emulator clock at this time instead of now. */
  now?: Date | string;
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
  const clock = new Clock(options.now !== undefined ? { start: new Date(options.now) } : {});
  const callbacks = new CallbackDispatcher(store, clock, config.callbacks);
  const interceptors: Interceptor[] = [];
  const resetHooks: (() => void)[] = [];
  const emulator: Emulator = {
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
  if (config.control) registerControlRoutes(emulator);
  if (config.control) registerFaultRoutes(emulator);

  let fallbackOrigin = 'http://127.0.0.1';

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const correlationId = randomUUID();
    res.setHeader('Klarna-Correlation-Id', correlationId);
    const host = req.headers.host;
    const ctx: RequestContext = {
      req,
      res,
      url: new URL('http://placeholder/'),
      params: {},
      correlationId,
      origin: host && HOST_HEADER.test(host) ? `http://${host}` : fallbackOrigin,
      bodyTimeoutMs: config.bodyTimeoutMs,
    };
    try {
      ctx.url = new URL(req.url ?? '/', 'http://placeholder');
    } catch {
      respondWithError(ctx, new KlarnaError(400, 'BAD_REQUEST', ['Malformed request URL']));
      return;
    }

    const segments = splitPath(ctx.url.pathname);
    const first = segments[0] ?? '';
    let router = emulator.root;
    let routeSegments = segments;
    if (REGION_SET.has(first)) {
      const region = first as Region;
      ctx.region = region;
      const merchantId = authenticate(req, config.credentials[region]);
      if (!merchantId) {
        res.writeHead(401, { 'Content-Type': 'text/html' });
        res.end(UNAUTHORIZED_HTML);
        logWhenFinished(ctx, started);
        return;
      }
      ctx.merchantId = merchantId;
      router = emulator.api;
      routeSegments = segments.slice(1);
      logWhenFinished(ctx, started);
    } else if (first === 'kp' && segments[1] === 'api') {
      logWhenFinished(ctx, started);
    }

    const match = router.match(req.method ?? 'GET', routeSegments);
    if (match.kind === 'not-found') {
      respondWithError(ctx, new KlarnaError(404, 'NOT_FOUND', [`No such resource: ${ctx.url.pathname}`]));
      req.resume();
      return;
    }
    if (match.kind === 'method-not-allowed') {
      res.setHeader('Allow', match.allowed.join(', '));
      respondWithError(
        ctx,
        new KlarnaError(405, 'METHOD_NOT_ALLOWED', [`${req.method ?? ''} is not allowed on ${ctx.url.pathname}`]),
      );
      req.resume();
      return;
    }
    ctx.params = match.params;
    void run(ctx, match.handler, interceptors);
  };

  function logWhenFinished(ctx: RequestContext, started: number): void {
    ctx.res.once('finish', () => {
      const entry: Parameters<Store['logRequest']>[0] = {
        at: clock.nowDate().toISOString(),
        method: ctx.req.method ?? '',
        path: ctx.url.pathname,
        status: ctx.res.statusCode,
        correlation_id: ctx.correlationId,
        duration_ms: Math.round((performance.now() - started) * 100) / 100,
      };
      if (ctx.region) entry.region = ctx.region;
      if (ctx.body !== undefined) entry.body = ctx.body;
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
    },
  };
}

async function run(
  ctx: RequestContext,
  handler: (ctx: RequestContext) => void | Promise<void>,
  interceptors: readonly Interceptor[],
): Promise<void> {
  try {
    for (const interceptor of interceptors) {
      if (await interceptor(ctx)) return;
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

/** The API username when the Basic credentials are this region's; null otherwise. */
function authenticate(req: IncomingMessage, expected: Credentials): string | null {
  const header = req.headers.authorization ?? '';
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
