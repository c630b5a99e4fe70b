import { createKlarnaConfig, type KlarnaConfig, type KlarnaLogEntry } from '@/lib/klarna';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers one request; returning without ending the response leaves the client hanging. */
export type Responder = (res: ServerResponse, request: RecordedRequest) => void;

export interface LocalServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that plays `responders` in order (the last one repeats) and records
 * every request, to drive the client through timeouts, retries and odd bodies.
 */
export async function startLocalServer(responders: Responder[]): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const respond = responders[Math.min(requests.length, responders.length) - 1];
      respond?.(res, recorded);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Responder {
  return (res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

export function empty(status: number, headers: Record<string, string> = {}): Responder {
  return (res) => {
    res.writeHead(status, headers);
    res.end();
  };
}

export function html(status: number, page: string): Responder {
  return (res) => {
    res.writeHead(status, { 'Content-Type': 'text/html' });
    res.end(page);
  };
}

/** Never answers. */
export const silence: Responder = () => {};

/** A config whose every region points at `baseUrl`, with fast retries and captured log lines. */
export function testConfig(
  baseUrl: string,
  overrides: { timeoutMs?: number; maxAttempts?: number } = {},
): { config: KlarnaConfig; logs: KlarnaLogEntry[] } {
  const logs: KlarnaLogEntry[] = [];
  const region = { baseUrl, username: 'PK_TEST_USER', password: 'top-secret-password' };
  const config = createKlarnaConfig({
    regions: { eu: region, na: region, oc: region },
    timeoutMs: overrides.timeoutMs ?? 2_000,
    retry: { maxAttempts: overrides.maxAttempts ?? 3, baseDelayMs: 5, maxDelayMs: 50 },
    log: (entry) => logs.push(entry),
  });
  return { config, logs };
}
