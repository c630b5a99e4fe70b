import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router } from './router.ts';

export interface AppOptions {
  /** Serve the `/_emulator` control API (default true). */
  control?: boolean;
}

export interface EmulatorApp {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  router: Router;
}

/** Builds the emulator's request handler. It never listens; `server.ts` and `startEmulator` do. */
export function createApp(options: AppOptions = {}): EmulatorApp {
  const router = new Router();
  router.get('/_emulator/health', ({ res }) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
  void options;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const correlationId = randomUUID();
    res.setHeader('Klarna-Correlation-Id', correlationId);
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match.kind !== 'found') {
      res.writeHead(match.kind === 'not-found' ? 404 : 405, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error_code: 'NOT_FOUND', error_messages: [], correlation_id: correlationId }));
      return;
    }
    void match.handler({ req, res, url, params: match.params, correlationId });
  };
  return { handler, router };
}
