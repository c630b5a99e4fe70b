import type { Emulator } from '../emulator';

export function registerSdkRoutes(emulator: Emulator): void {
  void emulator;
}
