import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { launchBrowser, startPageSite, type MerchantSite } from './browser.js';
import { rawRequest, startTestEmulator } from './helpers.js';

/** On-site messaging: the API a server renders from, and the library a browser renders with. */

interface Node {
  name: string;
  type: string;
  value?: string;
  url?: string;
  label?: string;
  alt?: string;
}

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

function messaging(region: string, query: Record<string, string>, headers: Record<string, string> = {}) {
  const search = new URLSearchParams({ client_id: 'store-1', ...query });
  return rawRequest<{ content: { nodes: Node[] } }>(
    emulator,
    'GET',
    `/${region}/messaging/v3?${search.toString()}`,
    {
      headers: { 'user-agent': 'messaging-test', ...headers },
    },
  );
}

/** Money is formatted by Intl, which puts no-break spaces between amount and currency: read as plain spaces. */
function plain(text: string | null | undefined): string | undefined {
  return text?.replace(/[\u00a0\u202f]/g, ' ');
}

function mainText(nodes: Node[] | undefined): string | undefined {
  return plain(nodes?.find((node) => node.name === 'TEXT_MAIN')?.value);
}

describe('messaging API', () => {
  test('an amount within the instalment range: the payment each time, in the market language and currency', async () => {
    const sweden = await messaging('eu', {
      placement_key: 'credit-promotion-badge',
      locale: 'sv-SE',
      purchase_amount: '129900',
    });
    expect(sweden.status).toBe(200);
    expect(sweden.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(sweden.headers.get('access-control-allow-origin')).toBe('*');
    expect(sweden.headers.get('klarna-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(mainText(sweden.json.content.nodes)).toBe('Dela upp i 3 räntefria betalningar om 433,00 kr.');
    expect(sweden.json.content.nodes.map((node) => [node.name, node.type])).toEqual([
      ['TEXT_MAIN', 'TEXT'],
      ['ACTION_LEARN_MORE', 'ACTION'],
      ['KLARNA_LOGO', 'IMAGE'],
    ]);

    const english = await messaging('eu', {
      placement_key: 'credit-promotion-badge',
      locale: 'en-SE',
      purchase_amount: '129900',
    });
    expect(mainText(english.json.content.nodes)).toBe('Pay in 3 interest-free payments of 433,00 kr.');

    const us = await messaging('na', {
      placement_key: 'credit-promotion-badge',
      locale: 'en-US',
      purchase_amount: '10001',
    });
    // 100.01 / 4 rounds up to the cent.
    expect(mainText(us.json.content.nodes)).toBe('Pay in 4 interest-free payments of $25.01.');

    const germany = await messaging('eu', {
      placement_key: 'credit-promotion-auto-size',
      locale: 'de-DE',
      purchase_amount: '9000',
    });
    expect(mainText(germany.json.content.nodes)).toBe('Bezahle in 3 zinsfreien Raten von je 30,00 €.');
  });

  test('pay in 30 days above the instalment range where Klarna sells it, and no message outside every offer', async () => {
    const above = await messaging('eu', {
      placement_key: 'credit-promotion-badge',
      locale: 'sv-SE',
      purchase_amount: '3000000',
    });
    expect(mainText(above.json.content.nodes)).toBe('Betala inom 30 dagar.');

    const tooSmall = await messaging('na', {
      placement_key: 'credit-promotion-badge',
      locale: 'en-US',
      purchase_amount: '3499',
    });
    expect(tooSmall.status).toBe(204);
    expect(tooSmall.text).toBe('');
    const tooLarge = await messaging('oc', {
      placement_key: 'credit-promotion-badge',
      locale: 'en-AU',
      purchase_amount: '200001',
    });
    expect(tooLarge.status).toBe(204);
  });

  test('a strip or a placement without an amount gets a message that names none', async () => {
    const strip = await messaging('oc', { placement_key: 'top-strip-promotion-badge', locale: 'en-AU' });
    expect(mainText(strip.json.content.nodes)).toBe('Pay in 4 interest-free payments with Klarna.');
    const noAmount = await messaging('eu', { placement_key: 'credit-promotion-badge', locale: 'de-AT' });
    expect(mainText(noAmount.json.content.nodes)).toBe('Später bezahlen mit Klarna.');
  });

  test('needs no API credentials, and is logged with its region', async () => {
    const answer = await messaging('eu', { placement_key: 'credit-promotion-badge', locale: 'sv-SE' });
    expect(answer.status).toBe(200);
    const log = await rawRequest<{ requests: { path: string; region?: string; status: number }[] }>(
      emulator,
      'GET',
      '/_emulator/requests',
    );
    expect(
      log.json.requests.some((entry) => entry.path === '/eu/messaging/v3' && entry.region === 'eu'),
    ).toBe(true);
  });

  test('the learn-more link opens a page with the same message', async () => {
    const answer = await messaging('eu', {
      placement_key: 'credit-promotion-badge',
      locale: 'sv-SE',
      purchase_amount: '129900',
    });
    const link = answer.json.content.nodes.find((node) => node.name === 'ACTION_LEARN_MORE');
    expect(link?.label).toBe('Läs mer');
    const page = await fetch(link?.url ?? '');
    expect(page.status).toBe(200);
    expect(plain(await page.text())).toContain('Dela upp i 3 räntefria betalningar om 433,00 kr.');
  });

  test.each([
    [{ placement_key: 'credit-promotion-badge', locale: 'sv-SE', client_id: '' }, 'client_id is required'],
    [{ placement_key: 'homepage-banner', locale: 'sv-SE' }, 'placement_key must be one of'],
    [{ placement_key: 'credit-promotion-badge', locale: 'xx-SE' }, 'locale "xx-SE" is not one Klarna serves'],
    [{ placement_key: 'credit-promotion-badge', locale: 'en-US' }, 'belongs to the na region, not eu'],
    [
      { placement_key: 'credit-promotion-badge', locale: 'sv-SE', purchase_amount: '12.50' },
      'purchase_amount must be a whole number',
    ],
    [
      { placement_key: 'credit-promotion-badge', locale: 'sv-SE', purchase_amount: '-100' },
      'purchase_amount must be a whole number',
    ],
  ])('a bad query %o is a 400 that names the problem', async (query, problem) => {
    const answer = await messaging('eu', query);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error_code: 'BAD_REQUEST' });
    expect((answer.json as { error_messages?: string[] }).error_messages?.join(' ')).toContain(problem);
  });

  test('a request without a User-Agent is refused with 403, as Klarna refuses it', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${emulator.url}/eu/messaging/v3?client_id=a&placement_key=credit-promotion-badge&locale=sv-SE`,
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  test('an unknown region is a 404', async () => {
    const answer = await messaging('xx', { placement_key: 'credit-promotion-badge', locale: 'sv-SE' });
    expect(answer.status).toBe(404);
  });
});

describe('messaging library in Chromium', () => {
  let browser: Browser;
  let site: MerchantSite;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = await startPageSite({
      '/': `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Shop</title>
        <script async src="${emulator.url}/osm/lib.js" data-client-id="store-1"></script></head>
        <body><p>1 299,00 kr</p>
        <klarna-placement id="product" data-key="credit-promotion-badge" data-locale="sv-SE" data-purchase-amount="129900"></klarna-placement>
        </body></html>`,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  test('a placement shows its message, follows a new amount, and empties outside every offer', async () => {
    page = await browser.newPage();
    await page.goto(site.url);
    const placement = page.locator('#product');
    await expect
      .poll(async () => plain(await placement.locator('[part=osm-message]').textContent()), {
        timeout: 15_000,
      })
      .toBe('Dela upp i 3 räntefria betalningar om 433,00 kr.');
    await expect.poll(() => placement.getByRole('link', { name: 'Läs mer' }).count()).toBe(1);
    await expect.poll(() => placement.getByRole('img', { name: 'Klarna' }).count()).toBe(1);

    // Two payments' worth, as a quantity change would ask: the text follows the attribute.
    await placement.evaluate((element) => element.setAttribute('data-purchase-amount', '259800'));
    await expect
      .poll(async () => plain(await placement.locator('[part=osm-message]').textContent()), {
        timeout: 15_000,
      })
      .toBe('Dela upp i 3 räntefria betalningar om 866,00 kr.');

    // Above every offer: no message at all.
    await placement.evaluate((element) => element.setAttribute('data-purchase-amount', '6000000'));
    await expect.poll(() => placement.locator('[part=osm-message]').count(), { timeout: 15_000 }).toBe(0);

    // `Klarna.OnsiteMessaging.refresh()` renders placements added later, as integrations call it.
    await page.evaluate(() => {
      // The page's own globals (this file is type-checked without the DOM library).
      const page = globalThis as unknown as {
        document: {
          createElement(tag: string): { id: string; dataset: Record<string, string> };
          body: { append(node: unknown): void };
        };
        Klarna: { OnsiteMessaging: { refresh(): void } };
      };
      const added = page.document.createElement('klarna-placement');
      added.id = 'strip';
      added.dataset.key = 'top-strip-promotion-badge';
      added.dataset.locale = 'sv-SE';
      page.document.body.append(added);
      page.Klarna.OnsiteMessaging.refresh();
    });
    await expect
      .poll(async () => plain(await page.locator('#strip [part=osm-message]').textContent()), {
        timeout: 15_000,
      })
      .toBe('Dela upp i 3 räntefria betalningar med Klarna.');
    await page.close();
  });
});
