import { describe, expect, test } from 'vitest';
import { parseCommandLine, UsageError } from '../src/cli.js';

const start = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const command = parseCommandLine(argv, env);
  if (command.kind !== 'start') throw new Error(`expected start, got ${command.kind}`);
  return command.options;
};

describe('klarna-emulator command line', () => {
  test('defaults: 127.0.0.1:4100, tolerant, control on, in memory, real time', () => {
    expect(start([])).toEqual({ env: {}, port: 4100, host: '127.0.0.1' });
  });

  test('every flag becomes an option for startEmulator', () => {
    const options = start([
      '--port=0',
      '--host',
      '0.0.0.0',
      '--strict',
      '--data-dir',
      './klarna-state',
      '--clock',
      '2030-01-01T09:00:00Z',
      '--credentials',
      'eu=shop:pa:ss',
      '--credentials',
      'na=us-shop:secret',
      '--no-control',
    ]);
    expect(options).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      strict: true,
      dataDir: './klarna-state',
      now: new Date('2030-01-01T09:00:00Z'),
      credentials: {
        eu: { username: 'shop', password: 'pa:ss' },
        na: { username: 'us-shop', password: 'secret' },
      },
      control: false,
    });
  });

  test('the environment is read when no flag is given, and a flag wins over it', () => {
    const env = {
      KLARNA_EMULATOR_PORT: '4101',
      KLARNA_EMULATOR_HOST: '::1',
      EMULATOR_DATA_DIR: '/var/klarna',
      EMULATOR_CLOCK: '2031-05-01T00:00:00Z',
    };
    expect(start([], env)).toMatchObject({
      port: 4101,
      host: '::1',
      dataDir: '/var/klarna',
      now: new Date('2031-05-01T00:00:00Z'),
      env,
    });
    expect(start(['-p', '5000', '--data-dir', 'here'], env)).toMatchObject({ port: 5000, dataDir: 'here' });
  });

  test('--help and --version', () => {
    expect(parseCommandLine(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseCommandLine(['-v'], {})).toEqual({ kind: 'version' });
  });

  test.each([
    [['--port', '65536'], /port must be a number from 0 to 65535/],
    [['--port', '80a'], /port must be a number/],
    [['--host', 'a b'], /Not a host name/],
    [['--clock', 'tomorrow'], /ISO 8601 time/],
    [['--clock', '10000-01-01T00:00:00Z'], /ISO 8601 time/],
    [['--credentials', 'xx=a:b'], /region eu, na or oc/],
    [['--credentials', 'eu=no-password'], /<region>=<username>:<password>/],
    [['--data-dir', ' '], /--data-dir needs a directory path/],
    [['--colour'], /Unknown option '--colour'/],
    [['serve'], /Unexpected argument 'serve'/],
  ])('%j is refused with a message that says what to fix', (argv, message) => {
    expect(() => parseCommandLine(argv, {})).toThrow(UsageError);
    expect(() => parseCommandLine(argv, {})).toThrow(message);
  });
});
