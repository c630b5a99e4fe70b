import { chromium, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Debian's Chromium with the flags that work on this machine (toolchain.md §6); never downloaded. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export interface MerchantSite {
  /** `http://localhost:PORT/`: a different site than the emulator on 127.0.0.1. */
  url: string;
  close(): Promise<void>;
}

/** Serves the test shop's checkout page, which loads the SDK from the emulator. */
export async function startMerchantSite(sdkUrl: string): Promise<MerchantSite> {
  const html = readFileSync(new URL('./fixtures/merchant.html', import.meta.url), 'utf8').replace(
    '__SDK_URL__',
    sdkUrl,
  );
  const script = readFileSync(new URL('./fixtures/merchant.js', import.meta.url));
  const server = createServer((req, res) => {
    if (req.url === '/merchant.js') {
      res.writeHead(200, { 'content-type': 'application/javascript' });
      res.end(script);
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Serves the given pages on http://localhost (another site than the emulator): path → HTML, or
 * JavaScript for paths ending in `.js`. For pages that replay an integration's own calls.
 */
export async function startPageSite(pages: Record<string, string>): Promise<MerchantSite> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body = pages[path];
    if (body === undefined) {
      res.writeHead(404);
      res.end();
      return;
    }
    const type = path.endsWith('.js') ? 'application/javascript' : 'text/html; charset=utf-8';
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type SdkCallback = (result: unknown) => void;

/** The part of `window.Klarna.Payments` the tests call directly. */
export interface PaymentsApi {
  authorize(options: Record<string, unknown>, data: unknown, callback: SdkCallback): void;
  finalize(options: Record<string, unknown>, data: unknown, callback: SdkCallback): void;
  reauthorize(options: Record<string, unknown>, data: unknown, callback: SdkCallback): void;
  Errors: Record<string, new (message?: string) => Error>;
}

/** The merchant page's globals, for use inside `page.evaluate` (types only; nothing is captured). */
export interface MerchantWindow {
  Klarna: { Payments: PaymentsApi };
  shop: ShopState & {
    authorizeOptions: Record<string, unknown>;
    authorizeData: unknown;
    init(clientToken: string): string | null;
    load(options?: Record<string, unknown>, data?: unknown): string | null;
  };
}

/** What the merchant page recorded (see fixtures/merchant.js). */
export interface ShopState {
  sdkReady: boolean;
  events: string[];
  loadResults: { show_form: boolean; error?: { invalid_fields: string[] } }[];
  authorizeResults: {
    approved: boolean;
    show_form: boolean;
    authorization_token?: string;
    finalize_required?: boolean;
    error?: { invalid_fields: string[] };
  }[];
  errors: { name: string; message: string }[];
}

export function shopState(page: Page): Promise<ShopState> {
  return page.evaluate(() => {
    const { shop } = globalThis as unknown as MerchantWindow;
    return {
      sdkReady: shop.sdkReady,
      events: shop.events,
      loadResults: shop.loadResults,
      authorizeResults: shop.authorizeResults,
      errors: shop.errors,
    };
  });
}

/** Waits until the page's `shop[list]` holds at least `count` entries. */
export async function waitForShop(
  page: Page,
  list: 'loadResults' | 'authorizeResults',
  count = 1,
): Promise<ShopState> {
  await page.waitForFunction(
    ([key, n]) => (globalThis as unknown as MerchantWindow).shop[key].length >= n,
    [list, count] as const,
    { timeout: 10_000 },
  );
  return shopState(page);
}
