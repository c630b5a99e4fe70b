import { z } from 'zod';

/**
 * The storefront's environment, validated once. `next.config.mjs` imports this module, so a bad
 * value fails `next build` and `next start` with a readable message instead of a runtime 500.
 *
 * Every default points at the local set-up: SQLite in `data/`, the Klarna emulator on
 * 127.0.0.1:4100. Real Klarna is configuration only (see `.env.example`).
 * Klarna credentials are server-only: nothing here may ever be `NEXT_PUBLIC_`.
 *
 * Production refuses what is only safe locally: the development NEXTAUTH_SECRET (it is in the
 * source), and the emulator's Klarna URLs and credentials unless KLARNA_EMULATOR_ALLOWED=1 says
 * this production build is meant to run against the emulator (`npm start` and the test servers).
 */

const DEFAULT_EMULATOR_PORT = 4100;

/** Used only outside production so `npm run dev` and the tests work without a `.env`. */
export const DEVELOPMENT_NEXTAUTH_SECRET = 'development-only-secret-never-use-in-production';

const url = z.url({ protocol: /^https?$/ });

const port = z.coerce.number().int().min(1).max(65535);

const credential = z.string().min(1);

/**
 * The accessibility statement's contact while none is configured: fine for development and for
 * builds against the emulator, refused by a production shop (it reaches nobody).
 */
export const PLACEHOLDER_ACCESSIBILITY_CONTACT = 'accessibility@nordlys.example';

/** The sender of the shop's mails while none is configured: refused by a production shop, like the contact above. */
export const PLACEHOLDER_MAIL_FROM = 'Nordlys Store <orders@nordlys.example>';

/** The opt-in that lets a production build talk to the Klarna emulator. */
const EMULATOR_OPT_IN = 'KLARNA_EMULATOR_ALLOWED';

/** The credentials the emulator accepts out of the box (emulator/README.md): never Klarna's. */
const EMULATOR_CREDENTIALS = new Set([
  'PK_EU_TEST',
  'PK_NA_TEST',
  'PK_OC_TEST',
  'emulator-eu',
  'emulator-na',
  'emulator-oc',
]);

const KLARNA_URLS = [
  'KLARNA_SDK_URL',
  'KLARNA_EU_BASE_URL',
  'KLARNA_NA_BASE_URL',
  'KLARNA_OC_BASE_URL',
] as const;

const KLARNA_CREDENTIALS = [
  'KLARNA_EU_USERNAME',
  'KLARNA_EU_PASSWORD',
  'KLARNA_NA_USERNAME',
  'KLARNA_NA_PASSWORD',
  'KLARNA_OC_USERNAME',
  'KLARNA_OC_PASSWORD',
] as const;

/** Klarna is only ever reached over https on a public host; anything else is an emulator (or a mistake). */
export function isEmulatorUrl(value: string): boolean {
  const { protocol, hostname } = new URL(value);
  const local =
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    hostname === '0.0.0.0' ||
    /^127\./.test(hostname);
  return protocol !== 'https:' || local;
}

function buildSchema(source: Record<string, string | undefined>) {
  const isProduction = source.NODE_ENV === 'production';
  const emulatorPort = port.safeParse(source.KLARNA_EMULATOR_PORT ?? DEFAULT_EMULATOR_PORT);
  const emulatorBaseUrl = `http://127.0.0.1:${emulatorPort.success ? emulatorPort.data : DEFAULT_EMULATOR_PORT}`;

  const schema = z.object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)')
      .default('file:./data/dev.db'),
    NEXTAUTH_SECRET: isProduction
      ? z.string({ error: 'is required in production' }).min(32, 'must be at least 32 characters')
      : z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_NEXTAUTH_SECRET),
    NEXTAUTH_URL: url.default('http://localhost:3000'),
    APP_URL: url.default('http://localhost:3000'),
    KLARNA_EMULATOR_PORT: port.default(DEFAULT_EMULATOR_PORT),
    KLARNA_SDK_URL: url.default(`${emulatorBaseUrl}/kp/lib/v1/api.js`),
    KLARNA_EU_BASE_URL: url.default(`${emulatorBaseUrl}/eu`),
    KLARNA_EU_USERNAME: credential.default('PK_EU_TEST'),
    KLARNA_EU_PASSWORD: credential.default('emulator-eu'),
    KLARNA_NA_BASE_URL: url.default(`${emulatorBaseUrl}/na`),
    KLARNA_NA_USERNAME: credential.default('PK_NA_TEST'),
    KLARNA_NA_PASSWORD: credential.default('emulator-na'),
    KLARNA_OC_BASE_URL: url.default(`${emulatorBaseUrl}/oc`),
    KLARNA_OC_USERNAME: credential.default('PK_OC_TEST'),
    KLARNA_OC_PASSWORD: credential.default('emulator-oc'),
    /**
     * Klarna's public client identifiers (Merchant portal → Client identifier), one per region, for
     * the Express Checkout button. Unset against real Klarna: no Express button in that region.
     */
    KLARNA_EU_CLIENT_ID: credential.optional(),
    KLARNA_NA_CLIENT_ID: credential.optional(),
    KLARNA_OC_CLIENT_ID: credential.optional(),
    /**
     * How many reverse proxies in front of the storefront append to X-Forwarded-For. 0 (the
     * default): clients connect directly, the header is theirs to forge and is ignored; the
     * sign-in throttle keys on the connection's own address instead.
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Where shoppers and staff report an accessibility problem (the accessibility statement names it). */
    ACCESSIBILITY_CONTACT_EMAIL: z
      .email({ error: 'must be an email address' })
      .default(PLACEHOLDER_ACCESSIBILITY_CONTACT),
    /**
     * The SMTP server the shop's mails go through (`smtp://user:password@host:587`, or `smtps://`
     * for implicit TLS). Unset: the shop sends no mail and says none was sent; a production shop
     * against Klarna requires it (shoppers are owed a confirmation).
     */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    /** The From of the shop's mails, e.g. `Nordlys Store <orders@example.com>`. */
    MAIL_FROM: z.string().min(3).default(PLACEHOLDER_MAIL_FROM),
    /** Bearer secret of POST /api/subscriptions/renew (the scheduler's route); unset = route off. */
    RENEWALS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    [EMULATOR_OPT_IN]: z
      .enum(['0', '1'], { error: 'must be 1 (this build runs against the Klarna emulator) or 0' })
      .default('0')
      .transform((value) => value === '1'),
  });

  return schema.superRefine((env, context) => {
    if (env.NODE_ENV !== 'production') return;
    const refuse = (variable: string, message: string) =>
      context.addIssue({ code: 'custom', path: [variable], message });
    if (env.NEXTAUTH_SECRET === DEVELOPMENT_NEXTAUTH_SECRET) {
      refuse(
        'NEXTAUTH_SECRET',
        'is the development secret written in the source; set a random one (e.g. `openssl rand -base64 32`)',
      );
    }
    if (env[EMULATOR_OPT_IN]) return;
    if (env.ACCESSIBILITY_CONTACT_EMAIL === PLACEHOLDER_ACCESSIBILITY_CONTACT) {
      refuse(
        'ACCESSIBILITY_CONTACT_EMAIL',
        'is the placeholder address, which reaches nobody: set the address where shoppers can report an accessibility problem',
      );
    }
    if (!env.SMTP_URL) {
      refuse(
        'SMTP_URL',
        'is required in production: order confirmations, receipts and refund notices are sent through it',
      );
    }
    if (env.MAIL_FROM === PLACEHOLDER_MAIL_FROM) {
      refuse('MAIL_FROM', 'is the placeholder sender: set the address the shop sends its mails from');
    }
    const optIn = `, or set ${EMULATOR_OPT_IN}=1 if this production build is meant to run against the Klarna emulator`;
    for (const variable of KLARNA_URLS) {
      if (isEmulatorUrl(env[variable])) {
        refuse(variable, `is the Klarna emulator's (${env[variable]}): set Klarna's https URL${optIn}`);
      }
    }
    for (const variable of KLARNA_CREDENTIALS) {
      if (EMULATOR_CREDENTIALS.has(env[variable])) {
        refuse(variable, `is the Klarna emulator's test credential: set the one Klarna issued${optIn}`);
      }
    }
  });
}

export type Env = z.infer<ReturnType<typeof buildSchema>>;

/** Parses `source` (default `process.env`); throws one error that lists every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings (e.g. `FOO=` in a .env file) mean "not set", so defaults apply.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = buildSchema(present).safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment variables:\n${problems.join('\n')}`);
  }
  return result.data;
}

export const env: Env = parseEnv();
