import { startEmulator } from './index';

/** Entry point for `npm run emulator`: binds 127.0.0.1 on KLARNA_EMULATOR_PORT (default 4100). */
const port = Number(process.env.KLARNA_EMULATOR_PORT ?? 4100);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`KLARNA_EMULATOR_PORT must be a port number, got "${process.env.KLARNA_EMULATOR_PORT}"`);
  process.exit(1);
}

const emulator = await startEmulator({ port, host: '127.0.0.1' });
console.log(`Klarna emulator listening on ${emulator.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().finally(() => process.exit(0));
  });
}
