import { defineConfig, devices } from '@playwright/test';
import {
  E2E_ACCESSIBILITY_CONTACT_EMAIL,
  E2E_DATABASE_URL,
  E2E_DIST_DIR,
  E2E_RENEWALS_SECRET,
  EMULATOR_PORT,
  EMULATOR_URL,
  MAIL_READER_PORT,
  MAIL_READER_URL,
  MAIL_SMTP_PORT,
  STOREFRONT_PORT,
  STOREFRONT_URL,
} from './e2e/environment';

// Browser tests drive Debian's Chromium (never a downloaded browser) against a production build
// (`npm run build`; `npm test` builds first) on port 3100, the Klarna emulator on port 4101 and the
// mail sink that catches the shop's mails on 4102 (SMTP; tests read them over HTTP on 4103).
// Two projects share those servers: `e2e` (shopper and staff flows) and `security` (attacks on the
// real server, tests/security); `npx playwright test --project security` runs only the attacks.
// The storefront's command resets and seeds its database first: web servers start before any
// global set-up would run, and the database must not be migrated under a server that holds it open.
export default defineConfig({
  projects: [
    { name: 'e2e', testDir: 'e2e' },
    { name: 'security', testDir: 'tests/security' },
  ],
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list']],
  // Generous bounds: the tests assert outcomes, and a shared 2-core machine under load can take
  // several times longer than a quiet one to reach them (a real fault still fails the assertion).
  timeout: 90_000,
  expect: { timeout: 20_000 },
  use: {
    ...devices['Desktop Chrome'],
    baseURL: STOREFRONT_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      name: 'emulator',
      command: 'node --import tsx emulator/src/server.ts',
      url: `${EMULATOR_URL}/_emulator/health`,
      env: { KLARNA_EMULATOR_PORT: String(EMULATOR_PORT), APP_URL: STOREFRONT_URL },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      name: 'mail sink',
      command: 'node --import tsx scripts/mail-sink.ts',
      url: `${MAIL_READER_URL}/health`,
      env: { MAIL_SINK_SMTP_PORT: String(MAIL_SMTP_PORT), MAIL_SINK_HTTP_PORT: String(MAIL_READER_PORT) },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      name: 'storefront',
      command: `node scripts/db-reset.mjs --seed && node node_modules/next/dist/bin/next start -p ${STOREFRONT_PORT}`,
      url: `${STOREFRONT_URL}/api/health`,
      env: {
        NODE_ENV: 'production',
        NEXT_DIST_DIR: E2E_DIST_DIR,
        NEXT_TELEMETRY_DISABLED: '1',
        DATABASE_URL: E2E_DATABASE_URL,
        NEXTAUTH_URL: STOREFRONT_URL,
        APP_URL: STOREFRONT_URL,
        NEXTAUTH_SECRET: 'e2e-only-secret-e2e-only-secret-e2e-only',
        // A production build against the emulator: lib/env.ts refuses that without the opt-in.
        KLARNA_EMULATOR_ALLOWED: '1',
        KLARNA_EMULATOR_PORT: String(EMULATOR_PORT),
        KLARNA_EU_BASE_URL: `${EMULATOR_URL}/eu`,
        KLARNA_NA_BASE_URL: `${EMULATOR_URL}/na`,
        KLARNA_OC_BASE_URL: `${EMULATOR_URL}/oc`,
        KLARNA_EU_USERNAME: 'PK_EU_TEST',
        KLARNA_EU_PASSWORD: 'emulator-eu',
        KLARNA_NA_USERNAME: 'PK_NA_TEST',
        KLARNA_NA_PASSWORD: 'emulator-na',
        KLARNA_OC_USERNAME: 'PK_OC_TEST',
        KLARNA_OC_PASSWORD: 'emulator-oc',
        KLARNA_SDK_URL: `${EMULATOR_URL}/kp/lib/v1/api.js`,
        RENEWALS_SECRET: E2E_RENEWALS_SECRET,
        SMTP_URL: `smtp://127.0.0.1:${MAIL_SMTP_PORT}`,
        MAIL_FROM: 'Nordlys Store <orders@e2e.nordlys.test>',
        ACCESSIBILITY_CONTACT_EMAIL: E2E_ACCESSIBILITY_CONTACT_EMAIL,
        // As if behind one proxy: a test can then sign in from an X-Forwarded-For address of its own,
        // so the sign-in throttle tests never throttle the rest of the run (all else is 127.0.0.1).
        TRUSTED_PROXY_HOPS: '1',
      },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
