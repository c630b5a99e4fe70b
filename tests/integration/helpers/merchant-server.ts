/**
 * A small "merchant" HTTP server on loopback that receives Klarna's callbacks for the integration
 * tests: each request's JSON body is read (undefined when unreadable) and answered, as JSON, with
 * what `route` returns; a thrown error answers 500.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MerchantRequest {
  url: URL;
  body: unknown;
}

export interface MerchantAnswer {
  status: number;
  body: unknown;
}

export interface MerchantServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

export async function startMerchantServer(
  route: (request: MerchantRequest) => Promise<MerchantAnswer>,
): Promise<MerchantServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      route({ url: new URL(req.url ?? '/', 'http://merchant'), body })
        .then((answer) =>
          res
            .writeHead(answer.status, { 'Content-Type': 'application/json' })
            .end(JSON.stringify(answer.body)),
        )
        .catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
