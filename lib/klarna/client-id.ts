import { env, isEmulatorUrl } from '@/lib/env';
import { regionForPurchaseCountry } from './config';

/**
 * The public client identifier the Express Checkout button is initialised with in `country`'s
 * Klarna region, or null when none is configured (then no Express button is shown). The emulator
 * accepts any identifier, so a shop running against it needs none.
 */
export function klarnaClientId(country: string): string | null {
  const region = regionForPurchaseCountry(country);
  const configured = {
    eu: env.KLARNA_EU_CLIENT_ID,
    na: env.KLARNA_NA_CLIENT_ID,
    oc: env.KLARNA_OC_CLIENT_ID,
  }[region];
  return configured ?? (isEmulatorUrl(env.KLARNA_SDK_URL) ? `emulator-${region}` : null);
}
