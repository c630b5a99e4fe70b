/**
 * The renewal job's notion of "now", injectable so tests and demos can run it at a given date or on
 * the Klarna emulator's clock (which they advance by a month to make a renewal due).
 */
export type Clock = () => Promise<Date>;

export const systemClock: Clock = () => Promise.resolve(new Date());

export function fixedClock(date: Date): Clock {
  return () => Promise.resolve(new Date(date.getTime()));
}

/**
 * The Klarna emulator's clock (`GET {emulatorUrl}/_emulator/clock` → `{ now }`). Only the emulator
 * has one: against Klarna itself the job runs on the system clock.
 */
export function emulatorClock(emulatorUrl: string): Clock {
  const url = `${emulatorUrl.replace(/\/+$/, '')}/_emulator/clock`;
  return async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`the emulator clock at ${url} answered ${response.status}`);
    const body = (await response.json()) as { now?: unknown };
    const now = typeof body.now === 'string' || typeof body.now === 'number' ? new Date(body.now) : null;
    if (!now || Number.isNaN(now.getTime())) throw new Error(`the emulator clock at ${url} gave no time`);
    return now;
  };
}
