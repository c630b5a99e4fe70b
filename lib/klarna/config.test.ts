import { describe, expect, test } from 'vitest';
import { basicAuthHeader, klarnaConfigFromEnv, klarnaUrl, regionForPurchaseCountry } from './config';

describe('regionForPurchaseCountry', () => {
  test.each([
    ['SE', 'eu'],
    ['DE', 'eu'],
    ['GB', 'eu'],
    ['CH', 'eu'],
    ['US', 'na'],
    ['CA', 'na'],
    ['MX', 'na'],
    ['AU', 'oc'],
    ['NZ', 'oc'],
    ['us', 'na'],
  ])('%s is served by %s', (country, region) => {
    expect(regionForPurchaseCountry(country)).toBe(region);
  });
});

describe('basicAuthHeader', () => {
  test('encodes username:password in base64', () => {
    const header = basicAuthHeader({ username: 'PK_EU_TEST', password: 'emulator-eu' });
    expect(header).toBe('Basic UEtfRVVfVEVTVDplbXVsYXRvci1ldQ==');
  });

  test('encodes non-ASCII secrets as UTF-8', () => {
    const header = basicAuthHeader({ username: 'K123', password: 'sécret' });
    const decoded = Buffer.from(header.replace('Basic ', ''), 'base64').toString('utf8');
    expect(decoded).toBe('K123:sécret');
  });
});

describe('klarnaConfigFromEnv', () => {
  test('defaults every region to the local emulator and its credentials', () => {
    const config = klarnaConfigFromEnv({ NODE_ENV: 'test' });
    expect(config.regions.eu).toEqual({
      baseUrl: 'http://127.0.0.1:4100/eu',
      username: 'PK_EU_TEST',
      password: 'emulator-eu',
    });
    expect(config.regions.na.baseUrl).toBe('http://127.0.0.1:4100/na');
    expect(config.regions.oc.username).toBe('PK_OC_TEST');
    expect(config.timeoutMs).toBe(10_000);
  });

  test('points a region at Klarna’s playground by configuration alone', () => {
    const config = klarnaConfigFromEnv({
      NODE_ENV: 'test',
      KLARNA_NA_BASE_URL: 'https://api-na.playground.klarna.com',
      KLARNA_NA_USERNAME: 'merchant-na',
      KLARNA_NA_PASSWORD: 'klarna_test_api_secret',
    });
    expect(config.regions.na).toEqual({
      baseUrl: 'https://api-na.playground.klarna.com',
      username: 'merchant-na',
      password: 'klarna_test_api_secret',
    });
    expect(klarnaUrl(config.regions.na, '/payments/v1/sessions')).toBe(
      'https://api-na.playground.klarna.com/payments/v1/sessions',
    );
  });

  test('refuses a base URL that is not http(s)', () => {
    expect(() => klarnaConfigFromEnv({ NODE_ENV: 'test', KLARNA_EU_BASE_URL: 'ftp://klarna' })).toThrow(
      /KLARNA_EU_BASE_URL/,
    );
  });
});

describe('klarnaUrl', () => {
  test('joins a base with or without a trailing slash', () => {
    const credentials = { username: 'u', password: 'p' };
    expect(
      klarnaUrl({ ...credentials, baseUrl: 'https://api.klarna.com/' }, '/ordermanagement/v1/orders/1'),
    ).toBe('https://api.klarna.com/ordermanagement/v1/orders/1');
    expect(klarnaUrl({ ...credentials, baseUrl: 'http://127.0.0.1:4100/eu' }, '/payments/v1/sessions')).toBe(
      'http://127.0.0.1:4100/eu/payments/v1/sessions',
    );
  });
});
