/**
 * The markets the shop sells to. Each country/locale/currency triple is one that
 * Klarna accepts (api-reference §3.7: Klarna only takes the local currency, and the
 * locale must belong to the purchase country).
 */
import type { CurrencyCode } from './money';

export type CountryCode = 'SE' | 'DE' | 'GB' | 'US' | 'AU';

/** Klarna's regional API hosts: North America, Oceania, and Europe for every other market. */
export type KlarnaRegion = 'eu' | 'na' | 'oc';

/**
 * How tax reaches Klarna: `vat` puts the VAT inside each line (prices include it);
 * `sales_tax` (US) sends net prices and adds the tax as one separate line.
 */
export type TaxStyle = 'vat' | 'sales_tax';

export interface Market {
  country: CountryCode;
  /** Country name for a market selector, in English. */
  name: string;
  currency: CurrencyCode;
  /** Klarna locale (`purchase_country`-compatible), also used for `Intl` formatting. */
  locale: string;
  region: KlarnaRegion;
  taxStyle: TaxStyle;
  /** Regional-indicator flag emoji, for a selector next to the name. */
  flag: string;
  /** Short selector label, e.g. "Sweden (SEK)". */
  label: string;
  /**
   * The tax's name in the shop's (English) text, the same on every page: "VAT" in Europe, "GST" in
   * Australia, "Sales tax" in the US.
   */
  taxName: string;
  /** Working days from order to the shopper's door in this market. */
  deliveryDays: DeliveryDays;
}

/** A delivery time as a range of working days (Monday to Friday, public holidays excluded). */
export interface DeliveryDays {
  min: number;
  max: number;
}

function market(
  country: CountryCode,
  name: string,
  currency: CurrencyCode,
  locale: string,
  taxStyle: TaxStyle,
  taxName: string,
  deliveryDays: DeliveryDays,
): Market {
  return {
    country,
    name,
    currency,
    locale,
    region: regionForCountry(country),
    taxStyle,
    flag: flagEmoji(country),
    label: `${name} (${currency})`,
    taxName,
    deliveryDays,
  };
}

/** Builds the flag from the two regional-indicator symbols of an ISO country code. */
function flagEmoji(country: string): string {
  const base = 0x1f1e6 - 'A'.charCodeAt(0);
  return String.fromCodePoint(...[...country.toUpperCase()].map((c) => base + c.charCodeAt(0)));
}

const NORTH_AMERICA = new Set(['US', 'CA', 'MX']);
const OCEANIA = new Set(['AU', 'NZ']);

/**
 * The Klarna region serving a purchase country (any ISO 3166-1 alpha-2 code,
 * case-insensitive): US, CA, MX → `na`; AU, NZ → `oc`; every other country → `eu`.
 */
export function regionForCountry(country: string): KlarnaRegion {
  const code = country.trim().toUpperCase();
  if (NORTH_AMERICA.has(code)) return 'na';
  if (OCEANIA.has(code)) return 'oc';
  return 'eu';
}

export const MARKETS: readonly Market[] = Object.freeze([
  // Delivery days are what the product page promises in each market; change them here only.
  market('SE', 'Sweden', 'SEK', 'sv-SE', 'vat', 'VAT', { min: 1, max: 3 }),
  market('DE', 'Germany', 'EUR', 'de-DE', 'vat', 'VAT', { min: 2, max: 4 }),
  market('GB', 'United Kingdom', 'GBP', 'en-GB', 'vat', 'VAT', { min: 3, max: 5 }),
  market('US', 'United States', 'USD', 'en-US', 'sales_tax', 'Sales tax', { min: 4, max: 7 }),
  market('AU', 'Australia', 'AUD', 'en-AU', 'vat', 'GST', { min: 6, max: 10 }),
]);

const MARKETS_BY_COUNTRY = new Map(MARKETS.map((m) => [m.country as string, m]));

/** Looks a market up by country code, case-insensitively; unknown or unsold → undefined. */
export function getMarket(country: string): Market | undefined {
  return MARKETS_BY_COUNTRY.get(country.trim().toUpperCase());
}

/** Sweden: the shop's home market, used when no market has been chosen. */
export const DEFAULT_MARKET: Market = requireMarket('SE');

function requireMarket(country: CountryCode): Market {
  const found = getMarket(country);
  if (!found) throw new Error(`market ${country} missing from MARKETS`);
  return found;
}

/** Narrows an arbitrary string to a country we sell to (case-sensitive, as stored). */
export function isCountryCode(value: string): value is CountryCode {
  return MARKETS_BY_COUNTRY.has(value);
}

/** The tax's name for an order's or a cart's country; "Tax" for a country we no longer sell to. */
export function taxNameFor(country: string): string {
  return getMarket(country)?.taxName ?? 'Tax';
}

/**
 * The label of a summary's tax row: the tax's name, or "Estimated sales tax" in the US while the
 * shipping state (which sets the rate) is not known yet.
 */
export function taxLabelFor(country: string, estimated: boolean): string {
  const market = getMarket(country);
  if (!market) return 'Tax';
  return estimated && market.taxStyle === 'sales_tax'
    ? `Estimated ${market.taxName.toLowerCase()}`
    : market.taxName;
}

/**
 * The locale dates are written in: the shop's text is English, so month names are English, in
 * the order the market's region writes them ("17 December 2026" for sv-SE, "December 17, 2026"
 * for en-US). Money keeps the market's own locale ("199,00 kr").
 */
export function dateLocale(locale: string): string {
  const region = new Intl.Locale(locale).maximize().region;
  return region ? `en-${region}` : 'en';
}

/** "17 December 2026" (sv-SE), "December 17, 2026" (en-US): a date in the shop's text, in UTC. */
export function formatLongDate(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** "Delivered in 1–3 working days": a market's delivery time in the shop's (English) text. */
export function deliveryTimeText({ min, max }: DeliveryDays): string {
  const days = min === max ? String(min) : `${min}–${max}`;
  return `Delivered in ${days} working ${max === 1 ? 'day' : 'days'}`;
}
