#!/usr/bin/env node
import { HELP, packageVersion, parseCommandLine, UsageError, type Command } from './cli.js';
import { startEmulator } from './index.js';

/**
 * `klarna-emulator` (and `npm run emulator`): starts the emulator as the command line and the
 * environment say, and stops it on Ctrl-C or SIGTERM.
 */

let command: Command;
try {
  command = parseCommandLine(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`klarna-emulator: ${error.message}\nRun klarna-emulator --help for the options.`);
  process.exit(2);
}

if (command.kind === 'help') {
  process.stdout.write(HELP);
} else if (command.kind === 'version') {
  console.log(packageVersion());
} else {
  const { options } = command;
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? `port ${options.port} is already in use (--port picks another)`
        : (error as Error).message;
    console.error(`klarna-emulator: cannot start: ${reason}`);
    process.exit(1);
  }
  const { url, emulator: services } = emulator;
  console.log(`Klarna emulator listening on ${url}`);
  console.log(`  APIs   ${url}/eu, ${url}/na, ${url}/oc (HTTP Basic, per region)`);
  console.log(`  SDK    ${emulator.sdkUrl}`);
  console.log(
    services.config.strict
      ? '  Unknown request fields are refused (strict mode)'
      : '  Unknown request fields are ignored and named in a Klarna-Emulator-Warning header',
  );
  if (options.dataDir) console.log(`  State  kept in ${options.dataDir}`);
  if (!services.config.control) console.log('  Control API off');

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void emulator.close().finally(() => process.exit(0));
    });
  }
}
