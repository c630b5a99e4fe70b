/**
 * `npm run renewals`: charges every due subscription once (for cron, or by hand), then exits.
 * The same job as POST /api/subscriptions/renew. Safe to run twice, or as several copies at once.
 *
 *   npm run renewals
 *   npm run renewals -- --concurrency 8 --limit 500
 *   npm run renewals -- --now 2027-01-01T00:00:00Z          (charge what is due at that time)
 *   npm run renewals -- --emulator-clock http://127.0.0.1:4100   (the Klarna emulator's clock)
 *
 * Prints one summary line and exits 0 (1 when the run itself failed, e.g. no database).
 */
import { parseArgs } from 'node:util';

try {
  process.loadEnvFile();
} catch {
  // no .env: the defaults in lib/env.ts apply
}

const USAGE =
  'Usage: npm run renewals -- [--now <ISO date>] [--emulator-clock <emulator URL>] [--concurrency <1-64>] [--limit <n>]';

function positiveInt(value: string | undefined, name: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1 || number > max) {
    throw new Error(`--${name} must be a whole number from 1 to ${max}, got "${value}"`);
  }
  return number;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        now: { type: 'string' },
        'emulator-clock': { type: 'string' },
        concurrency: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const { emulatorClock, fixedClock, systemClock } = await import('@/lib/subscriptions/clock');
  let clock = systemClock;
  let concurrency: number | undefined;
  let limit: number | undefined;
  try {
    if (args.now && args['emulator-clock']) throw new Error('--now and --emulator-clock exclude each other');
    if (args.now) {
      const now = new Date(args.now);
      if (Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO date, got "${args.now}"`);
      clock = fixedClock(now);
    }
    if (args['emulator-clock']) clock = emulatorClock(args['emulator-clock']);
    concurrency = positiveInt(args.concurrency, 'concurrency', 64);
    limit = positiveInt(args.limit, 'limit', 10_000_000);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }

  const { resumeInterruptedTokenCreations } = await import('@/lib/checkout/subscribe');
  const { runRenewals } = await import('@/lib/subscriptions/renewals/runner');
  const tokensResumed = await resumeInterruptedTokenCreations();
  const summary = await runRenewals({
    clock,
    ...(concurrency ? { concurrency } : {}),
    ...(limit ? { maxSubscriptions: limit } : {}),
  });
  console.log(
    `renewals at ${summary.startedAt.toISOString()}: ${summary.processed} due, ${summary.charged} charged, ` +
      `${summary.retrying} retrying, ${summary.pastDue} past due, ${summary.stopped} stopped, ` +
      `${summary.skipped} skipped, ${tokensResumed} tokens finished, ` +
      `${summary.tokensCancelled} tokens cancelled (${summary.durationMs} ms)`,
  );
  return 0;
}

main()
  .then(async (code) => {
    // The confirmations of the renewal orders just placed.
    const { orderMailsSent } = await import('@/lib/mail/deliver');
    await orderMailsSent();
    const { prisma } = await import('@/lib/db');
    await prisma.$disconnect();
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error('renewals failed:', error);
    process.exit(1);
  });
