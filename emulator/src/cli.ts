import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Credentials } from './config.js';
import type { StartEmulatorOptions } from './index.js';
import { REGIONS, type Region } from './types.js';

/**
 * The command line of `klarna-emulator`: flags first, then the environment, then defaults.
 * Parsing is separate from starting so that every flag can be tested without a server.
 */

export const HELP = `Usage: klarna-emulator [options]

A local stand-in for Klarna's Payments, Order Management, Customer Token and Hosted Payment Page
APIs and the Klarna Payments JS SDK. No Klarna account, no internet.

Options (environment variable in brackets; a flag wins over it):
  -p, --port <port>        port to listen on, 0 for a free one (default 4100) [KLARNA_EMULATOR_PORT]
  -H, --host <address>     interface to bind (default 127.0.0.1; 0.0.0.0 for all) [KLARNA_EMULATOR_HOST]
      --strict             refuse request fields the spec does not list (400) instead of ignoring
                           them with a Klarna-Emulator-Warning header [EMULATOR_STRICT=1]
      --data-dir <path>    keep the emulator's state in this directory across restarts
                           [EMULATOR_DATA_DIR]
      --clock <time>       start the emulator clock at this ISO 8601 time, e.g.
                           2030-01-01T09:00:00Z (default: now) [EMULATOR_CLOCK]
      --credentials <region>=<username>:<password>
                           Basic-auth credentials of a region (eu, na, oc); repeat per region
                           [KLARNA_EMULATOR_EU_USERNAME, KLARNA_EMULATOR_EU_PASSWORD, ...]
      --no-control         switch off the /_emulator control API [EMULATOR_CONTROL=off]
  -h, --help               show this help
  -v, --version            print the version

Default credentials: eu PK_EU_TEST:emulator-eu, na PK_NA_TEST:emulator-na, oc PK_OC_TEST:emulator-oc.
Documentation: the README.md of the klarna-emulator package.
`;

/** A command line the emulator cannot start with; the message says what to fix. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What the command line asks for; `start` carries the options for `startEmulator`. */
export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'start'; options: StartEmulatorOptions & { port: number; host: string } };

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): Command {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string', short: 'H' },
        strict: { type: 'boolean' },
        'data-dir': { type: 'string' },
        clock: { type: 'string' },
        credentials: { type: 'string', multiple: true },
        'no-control': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const options: StartEmulatorOptions & { port: number; host: string } = {
    env,
    port: parsePort(values.port ?? env.KLARNA_EMULATOR_PORT ?? '4100'),
    host: parseHost(values.host ?? env.KLARNA_EMULATOR_HOST ?? '127.0.0.1'),
  };
  if (values.strict) options.strict = true;
  if (values['no-control']) options.control = false;
  const dataDir = values['data-dir'] ?? env.EMULATOR_DATA_DIR;
  if (dataDir !== undefined) {
    if (dataDir.trim() === '') throw new UsageError('--data-dir needs a directory path');
    options.dataDir = dataDir;
  }
  const clock = values.clock ?? env.EMULATOR_CLOCK;
  if (clock !== undefined) options.now = parseClock(clock);
  if (values.credentials) options.credentials = parseCredentials(values.credentials);
  return { kind: 'start', options };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port > 65535) {
    throw new UsageError(`The port must be a number from 0 to 65535, got "${text}"`);
  }
  return port;
}

function parseHost(text: string): string {
  const host = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new UsageError(`Not a host name or address: "${text}"`);
  return host;
}

/** The same range the control API's clock accepts. */
const LATEST_CLOCK_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function parseClock(text: string): Date {
  const at = Date.parse(text);
  if (Number.isNaN(at) || at < 0 || at > LATEST_CLOCK_TIME) {
    throw new UsageError(
      `The clock start must be an ISO 8601 time such as 2030-01-01T09:00:00Z, got "${text}"`,
    );
  }
  return new Date(at);
}

function parseCredentials(entries: readonly string[]): Partial<Record<Region, Credentials>> {
  const credentials: Partial<Record<Region, Credentials>> = {};
  for (const entry of entries) {
    const match = /^([a-z]{2})=([^:]+):(.+)$/.exec(entry);
    const region = match?.[1] as Region | undefined;
    if (!match || !region || !(REGIONS as readonly string[]).includes(region)) {
      throw new UsageError(
        `--credentials takes <region>=<username>:<password> with region eu, na or oc, got "${entry}"`,
      );
    }
    credentials[region] = { username: match[2] as string, password: match[3] as string };
  }
  return credentials;
}

/** The package's version, from its package.json (one level above src/ and dist/). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
