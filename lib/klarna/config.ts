import 'server-only';

import { parseEnv } from '@/lib/env';
import { regionForCountry, type KlarnaRegion } from '@/lib/markets';

export type { KlarnaRegion };

/** Where one Klarna region lives and the merchant's API credentials for it. */
export interface KlarnaRegionConfig {
  /** e.g. `https://api.playground.klarna.com` or `http://127.0.0.1:4100/eu` (no trailing path needed). */
  baseUrl: string;
  username: string;
  password: string;
}

export interface KlarnaRetryPolicy {
  /** Attempts in total, the first included (1 = never retry). */
  maxAttempts: number;
  /** Wait before the first retry; doubles on each further retry. */
  baseDelayMs: number;
  /** Longest single wait; a `Retry-After` longer than this is not waited for. */
  maxDelayMs: number;
}

/** One structured log line about a Klarna call. Never holds credentials or payloads. */
export interface KlarnaLogEntry {
  level: 'warn' | 'error';
  event: 'klarna.request.retry' | 'klarna.request.failed';
  region: KlarnaRegion;
  method: string;
  /** The request path with customer and authorization tokens masked. */
  path: string;
  status: number | null;
  code: string;
  messages: string[];
  correlationId: string | null;
  attempt: number;
  durationMs: number;
}

export interface KlarnaConfig {
  regions: Record<KlarnaRegion, KlarnaRegionConfig>;
  /** Per attempt, covering the response body too. */
  timeoutMs: number;
  retry: KlarnaRetryPolicy;
  log: (entry: KlarnaLogEntry) => void;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Short and bounded: a shopper or an admin is waiting on the other end. */
const DEFAULT_RETRY_POLICY: KlarnaRetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 2_000,
};

/** Writes each entry as one JSON line to the server's stderr. */
function logToConsole(entry: KlarnaLogEntry): void {
  const line = JSON.stringify(entry);
  if (entry.level === 'error') console.error(line);
  else console.warn(line);
}

/**
 * Builds a config from explicit region settings; anything left out takes the defaults.
 * Tests use this to point the client at a private emulator without touching `process.env`.
 */
export function createKlarnaConfig(
  settings: Pick<KlarnaConfig, 'regions'> &
    Partial<Omit<KlarnaConfig, 'regions' | 'retry'>> & {
      retry?: Partial<KlarnaRetryPolicy>;
    },
): KlarnaConfig {
  return {
    regions: settings.regions,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY_POLICY, ...settings.retry },
    log: settings.log ?? logToConsole,
  };
}

/**
 * Reads `KLARNA_{EU,NA,OC}_{BASE_URL,USERNAME,PASSWORD}` through the app's validated env
 * (defaults: the local emulator). Switching to Klarna's playground or live API is a change of
 * these variables only.
 */
export function klarnaConfigFromEnv(source: NodeJS.ProcessEnv = process.env): KlarnaConfig {
  const env = parseEnv(source);
  return createKlarnaConfig({
    regions: {
      eu: {
        baseUrl: env.KLARNA_EU_BASE_URL,
        username: env.KLARNA_EU_USERNAME,
        password: env.KLARNA_EU_PASSWORD,
      },
      na: {
        baseUrl: env.KLARNA_NA_BASE_URL,
        username: env.KLARNA_NA_USERNAME,
        password: env.KLARNA_NA_PASSWORD,
      },
      oc: {
        baseUrl: env.KLARNA_OC_BASE_URL,
        username: env.KLARNA_OC_USERNAME,
        password: env.KLARNA_OC_PASSWORD,
      },
    },
  });
}

let configFromEnv: KlarnaConfig | undefined;

/** The process-wide config, read from the environment on first use. */
export function getKlarnaConfig(): KlarnaConfig {
  configFromEnv ??= klarnaConfigFromEnv();
  return configFromEnv;
}

/** The Klarna region that serves a purchase country: US, CA, MX → `na`; AU, NZ → `oc`; else `eu`. */
export function regionForPurchaseCountry(purchaseCountry: string): KlarnaRegion {
  return regionForCountry(purchaseCountry);
}

/** `Basic base64(username:password)`, as every Klarna API expects. */
export function basicAuthHeader(credentials: Pick<KlarnaRegionConfig, 'username' | 'password'>): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}

/** Joins a region's base URL and an API path, tolerating a trailing slash on the base. */
export function klarnaUrl(region: KlarnaRegionConfig, path: string): string {
  return `${region.baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}
