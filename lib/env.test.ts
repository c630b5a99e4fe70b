import { describe, expect, test } from 'vitest';
import {
  DEVELOPMENT_NEXTAUTH_SECRET,
  isEmulatorUrl,
  parseEnv,
  PLACEHOLDER_ACCESSIBILITY_CONTACT,
  PLACEHOLDER_MAIL_FROM,
} from './env';

const SECRET = 'a-production-secret-a-production-secret';

/** A production configuration against Klarna's playground: what a deployment sets. */
const klarna = {
  NODE_ENV: 'production',
  NEXTAUTH_SECRET: SECRET,
  KLARNA_SDK_URL: 'https://x.klarnacdn.net/kp/lib/v1/api.js',
  KLARNA_EU_BASE_URL: 'https://api.playground.klarna.com',
  KLARNA_EU_USERNAME: 'merchant-eu',
  KLARNA_EU_PASSWORD: 'klarna-issued-eu',
  KLARNA_NA_BASE_URL: 'https://api-na.playground.klarna.com',
  KLARNA_NA_USERNAME: 'merchant-na',
  KLARNA_NA_PASSWORD: 'klarna-issued-na',
  KLARNA_OC_BASE_URL: 'https://api-oc.playground.klarna.com',
  KLARNA_OC_USERNAME: 'merchant-oc',
  KLARNA_OC_PASSWORD: 'klarna-issued-oc',
  ACCESSIBILITY_CONTACT_EMAIL: 'accessibility@shop.example.com',
  SMTP_URL: 'smtp://mailer:mail-password@smtp.shop.example.com:587',
  MAIL_FROM: 'Shop <orders@shop.example.com>',
};

/** The message parseEnv throws for `source`, or undefined when it accepts it. */
function refusal(source: Record<string, string | undefined>): string | undefined {
  try {
    parseEnv(source);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('parseEnv in production', () => {
  test('accepts Klarna URLs and credentials with a secret of its own', () => {
    const env = parseEnv(klarna);
    expect(env.KLARNA_EU_BASE_URL).toBe('https://api.playground.klarna.com');
    expect(env.KLARNA_EMULATOR_ALLOWED).toBe(false);
  });

  test('refuses the development NEXTAUTH_SECRET from the source, even against the emulator', () => {
    for (const source of [
      { ...klarna, NEXTAUTH_SECRET: DEVELOPMENT_NEXTAUTH_SECRET },
      { NODE_ENV: 'production', NEXTAUTH_SECRET: DEVELOPMENT_NEXTAUTH_SECRET, KLARNA_EMULATOR_ALLOWED: '1' },
    ]) {
      expect(refusal(source)).toMatch(/NEXTAUTH_SECRET: is the development secret/);
    }
  });

  test('refuses the emulator defaults, naming every variable, without the opt-in', () => {
    const message = refusal({ NODE_ENV: 'production', NEXTAUTH_SECRET: SECRET });
    for (const variable of [
      'KLARNA_SDK_URL',
      'KLARNA_EU_BASE_URL',
      'KLARNA_NA_BASE_URL',
      'KLARNA_OC_BASE_URL',
      'KLARNA_EU_USERNAME',
      'KLARNA_EU_PASSWORD',
      'KLARNA_NA_USERNAME',
      'KLARNA_NA_PASSWORD',
      'KLARNA_OC_USERNAME',
      'KLARNA_OC_PASSWORD',
    ]) {
      expect(message).toContain(`${variable}: is the Klarna emulator's`);
    }
    expect(message).toContain('KLARNA_EMULATOR_ALLOWED=1');
  });

  test('refuses one emulator URL or credential among real ones', () => {
    expect(refusal({ ...klarna, KLARNA_NA_BASE_URL: 'http://127.0.0.1:4100/na' })).toMatch(
      /^Invalid environment variables:\n {2}KLARNA_NA_BASE_URL: is the Klarna emulator's \(http:\/\/127\.0\.0\.1:4100\/na\)/,
    );
    expect(refusal({ ...klarna, KLARNA_OC_PASSWORD: 'emulator-oc' })).toMatch(
      /KLARNA_OC_PASSWORD: is the Klarna emulator's test credential/,
    );
    expect(refusal({ ...klarna, KLARNA_SDK_URL: 'http://x.klarnacdn.net/kp/lib/v1/api.js' })).toMatch(
      /KLARNA_SDK_URL/,
    );
  });

  test('KLARNA_EMULATOR_ALLOWED=1 lets a production build run against the emulator', () => {
    const env = parseEnv({ NODE_ENV: 'production', NEXTAUTH_SECRET: SECRET, KLARNA_EMULATOR_ALLOWED: '1' });
    expect(env.KLARNA_EMULATOR_ALLOWED).toBe(true);
    expect(env.KLARNA_EU_BASE_URL).toBe('http://127.0.0.1:4100/eu');
  });

  test('refuses the placeholder accessibility contact, which reaches nobody', () => {
    const { ACCESSIBILITY_CONTACT_EMAIL: _, ...unset } = klarna;
    expect(refusal(unset)).toMatch(/ACCESSIBILITY_CONTACT_EMAIL: is the placeholder address/);
    expect(refusal({ ...klarna, ACCESSIBILITY_CONTACT_EMAIL: PLACEHOLDER_ACCESSIBILITY_CONTACT })).toMatch(
      /ACCESSIBILITY_CONTACT_EMAIL: is the placeholder address/,
    );
    expect(parseEnv(klarna).ACCESSIBILITY_CONTACT_EMAIL).toBe('accessibility@shop.example.com');
  });

  test('refuses to run against Klarna without SMTP, as shoppers are owed their confirmations', () => {
    const { SMTP_URL: _, ...unset } = klarna;
    expect(refusal(unset)).toMatch(/SMTP_URL: is required in production/);
    expect(refusal({ ...klarna, MAIL_FROM: PLACEHOLDER_MAIL_FROM })).toMatch(
      /MAIL_FROM: is the placeholder sender/,
    );
    expect(refusal({ ...klarna, SMTP_URL: 'https://smtp.shop.example.com' })).toMatch(
      /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(parseEnv(klarna).SMTP_URL).toBe(klarna.SMTP_URL);
  });

  test('ACCESSIBILITY_CONTACT_EMAIL must be an email address', () => {
    expect(refusal({ ...klarna, ACCESSIBILITY_CONTACT_EMAIL: 'call us' })).toMatch(
      /ACCESSIBILITY_CONTACT_EMAIL: must be an email address/,
    );
  });

  test('KLARNA_EMULATOR_ALLOWED takes 1 or 0 only', () => {
    expect(refusal({ ...klarna, KLARNA_EMULATOR_ALLOWED: 'yes' })).toMatch(
      /KLARNA_EMULATOR_ALLOWED: must be 1/,
    );
    expect(parseEnv({ ...klarna, KLARNA_EMULATOR_ALLOWED: '0' }).KLARNA_EMULATOR_ALLOWED).toBe(false);
  });
});

describe('parseEnv outside production', () => {
  test('development and tests run on the emulator defaults without any opt-in', () => {
    for (const NODE_ENV of ['development', 'test']) {
      const env = parseEnv({ NODE_ENV });
      expect(env.NEXTAUTH_SECRET).toBe(DEVELOPMENT_NEXTAUTH_SECRET);
      expect(env.KLARNA_SDK_URL).toBe('http://127.0.0.1:4100/kp/lib/v1/api.js');
      expect(env.ACCESSIBILITY_CONTACT_EMAIL).toBe(PLACEHOLDER_ACCESSIBILITY_CONTACT);
    }
  });
});

describe('isEmulatorUrl', () => {
  test.each([
    ['http://127.0.0.1:4100/eu', true],
    ['http://localhost:4100/eu', true],
    ['https://localhost/eu', true],
    ['https://127.0.0.2/eu', true],
    ['https://[::1]:4100/eu', true],
    ['http://api.klarna.com', true],
    ['https://api.klarna.com', false],
    ['https://x.klarnacdn.net/kp/lib/v1/api.js', false],
  ])('%s → %s', (url, expected) => {
    expect(isEmulatorUrl(url)).toBe(expected);
  });
});
