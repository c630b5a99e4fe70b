import type { KlarnaConfig, KlarnaRetryPolicy } from '@/lib/klarna';

/** The slice of `klarna-emulator`'s API these tests use. */
export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface EmulatorModule {
  startEmulator: (options: { port: number }) => Promise<RunningEmulator>;
}

// Resolved at run time only: a static import would pull the emulator's sources (with their own
// compiler settings and `.ts` import paths) into the storefront's type check.
const EMULATOR_PACKAGE = 'klarna-emulator';

/** Starts a private emulator on a free loopback port, in this process. */
export async function startPrivateEmulator(): Promise<RunningEmulator> {
  const { startEmulator } = (await import(/* @vite-ignore */ EMULATOR_PACKAGE)) as EmulatorModule;
  return startEmulator({ port: 0 });
}

/** The storefront's Klarna config for a private emulator: its test credentials per region, no log. */
export async function emulatorKlarnaConfig(
  emulatorUrl: string,
  retry?: Partial<KlarnaRetryPolicy>,
): Promise<KlarnaConfig> {
  const { createKlarnaConfig } = await import('@/lib/klarna');
  return createKlarnaConfig({
    regions: {
      eu: { baseUrl: `${emulatorUrl}/eu`, username: 'PK_EU_TEST', password: 'emulator-eu' },
      na: { baseUrl: `${emulatorUrl}/na`, username: 'PK_NA_TEST', password: 'emulator-na' },
      oc: { baseUrl: `${emulatorUrl}/oc`, username: 'PK_OC_TEST', password: 'emulator-oc' },
    },
    timeoutMs: 2_000,
    ...(retry ? { retry } : {}),
    log: () => {},
  });
}
