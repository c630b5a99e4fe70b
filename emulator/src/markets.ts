import type { Region } from './types.js';

/** Klarna's markets: purchase country → accepted locales and the one local currency (api-reference §3.7). */
export interface Market {
  country: string;
  currency: string;
  /** Accepted locales; the first is the default when a session names none. */
  locales: readonly string[];
}

const MARKET_LIST: readonly Market[] = [
  { country: 'AU', currency: 'AUD', locales: ['en-AU'] },
  { country: 'AT', currency: 'EUR', locales: ['de-AT', 'en-AT'] },
  { country: 'BE', currency: 'EUR', locales: ['nl-BE', 'fr-BE', 'en-BE'] },
  { country: 'CA', currency: 'CAD', locales: ['en-CA', 'fr-CA'] },
  { country: 'CZ', currency: 'CZK', locales: ['cs-CZ', 'en-CZ'] },
  { country: 'DK', currency: 'DKK', locales: ['da-DK', 'en-DK'] },
  { country: 'FI', currency: 'EUR', locales: ['fi-FI', 'sv-FI', 'en-FI'] },
  { country: 'FR', currency: 'EUR', locales: ['fr-FR', 'en-FR'] },
  { country: 'DE', currency: 'EUR', locales: ['de-DE', 'en-DE'] },
  { country: 'GR', currency: 'EUR', locales: ['el-GR', 'en-GR'] },
  { country: 'HU', currency: 'HUF', locales: ['hu-HU', 'en-HU'] },
  { country: 'IE', currency: 'EUR', locales: ['en-IE'] },
  { country: 'IT', currency: 'EUR', locales: ['it-IT', 'en-IT'] },
  { country: 'MX', currency: 'MXN', locales: ['en-MX', 'es-MX'] },
  { country: 'NL', currency: 'EUR', locales: ['nl-NL', 'en-NL'] },
  { country: 'NZ', currency: 'NZD', locales: ['en-NZ'] },
  { country: 'NO', currency: 'NOK', locales: ['nb-NO', 'en-NO'] },
  { country: 'PL', currency: 'PLN', locales: ['pl-PL', 'en-PL'] },
  { country: 'PT', currency: 'EUR', locales: ['pt-PT', 'en-PT'] },
  { country: 'RO', currency: 'RON', locales: ['ro-RO', 'en-RO'] },
  { country: 'SK', currency: 'EUR', locales: ['sk-SK', 'en-SK'] },
  { country: 'ES', currency: 'EUR', locales: ['es-ES', 'en-ES'] },
  { country: 'SE', currency: 'SEK', locales: ['sv-SE', 'en-SE'] },
  { country: 'CH', currency: 'CHF', locales: ['de-CH', 'fr-CH', 'it-CH', 'en-CH'] },
  { country: 'GB', currency: 'GBP', locales: ['en-GB'] },
  { country: 'US', currency: 'USD', locales: ['en-US', 'es-US'] },
];

const MARKETS = new Map(MARKET_LIST.map((market) => [market.country, market]));

export function findMarket(country: string): Market | undefined {
  return MARKETS.get(country.toUpperCase());
}

const CANONICAL_LOCALE = /^[a-z]{2}-[A-Z]{2}$/;

/** `en-us` → `en-US`: locales are case-insensitive on input, canonical when stored. */
export function canonicalLocale(locale: string): string {
  if (CANONICAL_LOCALE.test(locale)) return locale;
  const [language = '', ...rest] = locale.split('-');
  return [language.toLowerCase(), ...rest.map((part) => part.toUpperCase())].join('-');
}

/** The regional API host a purchase country belongs to. */
export function regionOf(country: string): Region {
  const upper = country.toUpperCase();
  if (upper === 'US' || upper === 'CA' || upper === 'MX') return 'na';
  if (upper === 'AU' || upper === 'NZ') return 'oc';
  return 'eu';
}

/** Countries where Klarna requires `region` (state) in addresses. */
export const COUNTRIES_REQUIRING_ADDRESS_REGION: ReadonlySet<string> = new Set(['US', 'AU']);
