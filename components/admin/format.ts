import { DAY_MS } from '@/lib/time';

/*
 * Formatting for the admin, at the edge only: money in the order's currency (and the shopper's
 * locale, so amounts read as the shopper saw them), times in UTC so every admin sees the same.
 */

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export function dateTime(date: Date | string | null | undefined): string {
  if (!date) return '—';
  return `${dateTimeFormat.format(new Date(date))} UTC`;
}

export function day(date: Date | string | null | undefined): string {
  if (!date) return '—';
  return dateFormat.format(new Date(date));
}

/** "in 3 days", "2 days ago", "today" for an expiry, relative to `now`. */
export function relativeDays(date: Date | string | null | undefined, now: Date): string {
  if (!date) return '';
  const days = Math.round((new Date(date).getTime() - now.getTime()) / DAY_MS);
  if (days === 0) return 'today';
  return days > 0 ? `in ${days} day${days === 1 ? '' : 's'}` : `${-days} day${days === -1 ? '' : 's'} ago`;
}

/** A stable locale per currency, for figures that sum many shoppers' orders (whose locales differ). */
const CURRENCY_LOCALES: Record<string, string> = {
  SEK: 'sv-SE',
  EUR: 'de-DE',
  GBP: 'en-GB',
  USD: 'en-US',
  AUD: 'en-AU',
};

export function currencyLocale(currency: string): string {
  return CURRENCY_LOCALES[currency] ?? 'en-GB';
}
