/** Durations in milliseconds, so no file spells out `86_400_000` on its own. */
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** `date` moved by `ms` milliseconds (negative moves it back). */
export function addMs(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}

/** `date` moved by whole 24-hour days; calendar months are `lib/subscriptions`' business. */
export function addDays(date: Date, days: number): Date {
  return addMs(date, days * DAY_MS);
}
