import { expect, type APIRequestContext } from '@playwright/test';
import Database from 'better-sqlite3';
import http from 'node:http';
import { E2E_DATABASE_URL, STOREFRONT_URL, isPostgresUrl, sqlitePath } from '../../e2e/environment';

/** Tables an attack must never write to; their row counts are compared before and after. */
const WATCHED_TABLES = ['User', 'Cart', 'CartItem', 'PaymentSession', 'Order', 'OrderEvent'] as const;

export type RowCounts = Record<(typeof WATCHED_TABLES)[number], number>;

/** Row counts of the tables a shopper's actions write, read from the e2e database (read-only). */
export function rowCounts(): RowCounts {
  if (isPostgresUrl(E2E_DATABASE_URL)) throw new Error('rowCounts reads the SQLite e2e database only');
  const db = new Database(sqlitePath(E2E_DATABASE_URL), { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(
      WATCHED_TABLES.map((table) => [
        table,
        db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`).get()?.n ?? 0,
      ]),
    ) as RowCounts;
  } finally {
    db.close();
  }
}

/**
 * The id of the server action `name` used by the page at `path`, found the way an attacker would:
 * in the scripts that page loads (`createServerReference("<id>", …, "<name>")`).
 */
export async function findActionId(request: APIRequestContext, path: string, name: string): Promise<string> {
  const html = await (await request.get(path)).text();
  const scripts = [...new Set(html.match(/\/_next\/static\/[^"']+\.js/g) ?? [])];
  for (const script of scripts) {
    const code = await (await request.get(script)).text();
    for (const match of code.matchAll(/createServerReference\)\("([0-9a-f]+)"(?:,[^,()]+){3},"(\w+)"\)/g)) {
      if (match[2] === name) return match[1]!;
    }
  }
  throw new Error(`${path} loads no server action named ${name}`);
}

/** Calls a server action over raw HTTP, as a browser on the shop's own page would (same Origin). */
export function callAction(
  request: APIRequestContext,
  path: string,
  actionId: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
) {
  return request.post(path, {
    headers: {
      'next-action': actionId,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: STOREFRONT_URL,
      ...headers,
    },
    data: body,
    maxRedirects: 0,
  });
}

export interface StreamedUpload {
  status: number;
  body: string;
  /** Bytes the client had sent when the answer arrived. */
  bytesSent: number;
}

/**
 * POSTs a chunked body (no Content-Length) of up to `totalBytes` to the storefront, and stops
 * sending as soon as the server answers: a server that reads the whole body before answering gets
 * all of it; one that stops reading at its cap answers early.
 */
export function chunkedUpload(
  path: string,
  totalBytes: number,
  headers: Record<string, string> = {},
): Promise<StreamedUpload> {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const request = http.request(new URL(path, STOREFRONT_URL), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers },
    });
    request.on('response', (response) => {
      answered = true;
      const sentWhenAnswered = bytesSent;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (data: string) => (body += data));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body, bytesSent: sentWhenAnswered });
      });
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const send = () => {
      while (!answered && bytesSent < totalBytes) {
        bytesSent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', send);
      }
      if (!answered) request.end();
    };
    send();
  });
}

/** The headers every response carries (next.config.mjs, lib/security-headers.ts). */
export function expectSecurityHeaders(url: string, headers: Record<string, string>) {
  const csp = headers['content-security-policy'] ?? '';
  expect(csp, `${url} Content-Security-Policy`).toContain("frame-ancestors 'none'");
  expect(csp, url).toContain("object-src 'none'");
  expect(csp, url).toContain("base-uri 'self'");
  expect(headers['x-content-type-options'], url).toBe('nosniff');
  expect(headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
}
