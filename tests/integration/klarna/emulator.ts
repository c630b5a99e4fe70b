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
