/** Where the e2e run's servers listen and which database they use (shared by config, set-up and fixtures). */

// Overridable so a second run (another checkout, a benchmark) can sit beside this one.
export const STOREFRONT_PORT = Number(process.env.E2E_STOREFRONT_PORT ?? 3100);
export const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4101);
export const STOREFRONT_URL = `http://localhost:${STOREFRONT_PORT}`;
export const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;

/** The mail sink (scripts/mail-sink.ts) the e2e storefront sends to, and where tests read what it got. */
export const MAIL_SMTP_PORT = Number(process.env.E2E_MAIL_SMTP_PORT ?? 4102);
export const MAIL_READER_PORT = Number(process.env.E2E_MAIL_READER_PORT ?? 4103);
export const MAIL_READER_URL = `http://127.0.0.1:${MAIL_READER_PORT}`;

/** Lets the browser tests call the renewals scheduler route (POST /api/subscriptions/renew). */
export const E2E_RENEWALS_SECRET = 'e2e-renewals-secret-e2e-renewals-secret';

/** The accessibility contact the e2e storefront is configured with (not the development placeholder). */
export const E2E_ACCESSIBILITY_CONTACT_EMAIL = 'accessibility@e2e.nordlys.test';

/** The build the e2e storefront serves (`npm test` builds it there), apart from `npm start`'s .next. */
export const E2E_DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next-test';

/** Its own database, reset and seeded before the storefront starts (playwright.config.ts); never the development one. */
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? 'file:./data/e2e.db';

export { isPostgresUrl, sqliteFilePath as sqlitePath } from '../lib/database-url';
