import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.js';
import type { Credentials } from './config.js';
import type { Emulator } from './emulator.js';
import type { Region } from './types.js';

export type { AppOptions } from './app.js';
export type { CallbackSettings, Credentials, EmulatorConfig } from './config.js';
export type { Emulator, Interceptor } from './emulator.js';
export type * from './store.js';
export type * from './types.js';

export interface StartEmulatorOptions extends AppOptions {
  /** Port to listen on; 0 picks a free one (default 0). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
}

export interface RunningEmulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:4100`. */
  url: string;
  port: number;
  /** API base URL per region, e.g. `{ eu: 'http://127.0.0.1:4100/eu', … }`. */
  regionUrls: Record<Region, string>;
  /** The Basic-auth credentials each region accepts. */
  credentials: Record<Region, Credentials>;
  /** The JS SDK's URL, for `<script src>`. */
  sdkUrl: string;
  /** The emulator's services (store, clock, callbacks), for in-process tests. */
  emulator: Emulator;
  /** Same as `POST /_emulator/reset`. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the emulator in this process; tests of other packages use it to get a private instance. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const app = createApp(options);
  const server = createServer(app.handler);
  // A client that stops sending half-way must not hold a request open for minutes.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  app.setFallbackOrigin(url);
  const { emulator } = app;
  return {
    url,
    port,
    regionUrls: { eu: `${url}/eu`, na: `${url}/na`, oc: `${url}/oc` },
    credentials: emulator.config.credentials,
    sdkUrl: `${url}/kp/lib/v1/api.js`,
    emulator,
    reset: () => emulator.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        app.dispose();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
