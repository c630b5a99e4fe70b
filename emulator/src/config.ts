import { REGIONS, type Region } from './types.js';

export interface Credentials {
  username: string;
  password: string;
}

/** Everything an emulator instance can be configured with. */
export interface EmulatorConfig {
  /** HTTP Basic credentials accepted under each region prefix. */
  credentials: Record<Region, Credentials>;
  /** Serve the `/_emulator` control API (off: 404). */
  control: boolean;
  callbacks: CallbackSettings;
  /** A request body that takes longer than this to arrive gets 408 (default 10 s). */
  bodyTimeoutMs: number;
  /**
   * Refuse request fields the spec does not list (400 `Bad value: <path>`). Off by default: like
   * Klarna, the emulator then ignores them and names each in a `Klarna-Emulator-Warning` header.
   */
  strict: boolean;
  /** Where state is kept across restarts (`EMULATOR_DATA_DIR`); none: in memory only. */
  dataDir?: string;
}

export interface CallbackSettings {
  /** First retry delay of the authorization callback; doubles per attempt (Klarna: 1 s). */
  baseDelayMs: number;
  /** Attempts in total for the authorization callback (Klarna: 3). */
  maxAttempts: number;
  /** Per-attempt timeout for connecting plus reading the answer (Klarna: 2 s + 2 s). */
  timeoutMs: number;
  /** Re-send interval of pending-order notifications until a 2xx (Klarna: 10 min). */
  notificationIntervalMs: number;
  /** How long notifications are re-sent (Klarna: 24 h). */
  notificationWindowMs: number;
}

export const DEFAULT_CALLBACK_SETTINGS: CallbackSettings = {
  baseDelayMs: 1000,
  maxAttempts: 3,
  timeoutMs: 4000,
  notificationIntervalMs: 10 * 60_000,
  notificationWindowMs: 24 * 3_600_000,
};

export const DEFAULT_CREDENTIALS: Record<Region, Credentials> = {
  eu: { username: 'PK_EU_TEST', password: 'emulator-eu' },
  na: { username: 'PK_NA_TEST', password: 'emulator-na' },
  oc: { username: 'PK_OC_TEST', password: 'emulator-oc' },
};

export interface ConfigOverrides {
  credentials?: Partial<Record<Region, Credentials>>;
  control?: boolean;
  callbacks?: Partial<CallbackSettings>;
  bodyTimeoutMs?: number;
  strict?: boolean;
  dataDir?: string;
}

/** `1`, `true`, `yes`, `on` (any case) → true; `0`, `false`, `no`, `off` → false; anything else → undefined. */
export function parseFlag(value: string | undefined): boolean | undefined {
  const normalized = (value ?? '').trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalized)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalized)) return false;
  return undefined;
}

/**
 * Environment first (`KLARNA_EMULATOR_EU_USERNAME` / `_PASSWORD`, …, `EMULATOR_CONTROL=off`,
 * `EMULATOR_STRICT=1`), then explicit options on top.
 */
export function resolveConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): EmulatorConfig {
  const credentials = {} as Record<Region, Credentials>;
  for (const region of REGIONS) {
    const prefix = `KLARNA_EMULATOR_${region.toUpperCase()}`;
    credentials[region] = overrides.credentials?.[region] ?? {
      username: env[`${prefix}_USERNAME`] || DEFAULT_CREDENTIALS[region].username,
      password: env[`${prefix}_PASSWORD`] || DEFAULT_CREDENTIALS[region].password,
    };
  }
  const controlFromEnv = parseFlag(env.EMULATOR_CONTROL) ?? true;
  const config: EmulatorConfig = {
    credentials,
    control: overrides.control ?? controlFromEnv,
    callbacks: { ...DEFAULT_CALLBACK_SETTINGS, ...overrides.callbacks },
    bodyTimeoutMs: overrides.bodyTimeoutMs ?? 10_000,
    strict: overrides.strict ?? parseFlag(env.EMULATOR_STRICT) ?? false,
  };
  const dataDir = overrides.dataDir ?? (env.EMULATOR_DATA_DIR?.trim() || undefined);
  if (dataDir) config.dataDir = dataDir;
  return config;
}
