import {
  createKlarnaConfig,
  fetchKlarnaMessage,
  type KlarnaConfig,
  type MessagingRequest,
} from '@/lib/klarna';
import { getMarket, type CountryCode, type Market } from '@/lib/markets';
import {
  cartMessagingAmount,
  klarnaMessage,
  productMessagingAmount,
  type MessageFetcher,
  type MessagingResult,
} from '@/lib/on-site-messaging';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { emulatorKlarnaConfig, startPrivateEmulator, type RunningEmulator } from './klarna/emulator';
import { startLocalServer, type LocalServer } from './klarna/local-server';

// Klarna's messaging through the emulator over HTTP: the offer per market and amount, the amounts
// outside each market's limits, subscriptions, and a Klarna that cannot be reached.

let emulator: RunningEmulator;
let config: KlarnaConfig;

beforeAll(async () => {
  emulator = await startPrivateEmulator();
  config = await emulatorKlarnaConfig(emulator.url);
});

afterAll(async () => {
  await emulator?.close();
});

function market(country: CountryCode): Market {
  const found = getMarket(country);
  if (!found) throw new Error(`no market ${country}`);
  return found;
}

/** Asks the given Klarna (the emulator unless told otherwise), recording each request made. */
function fetcher(
  requests: MessagingRequest[] = [],
  options: { config?: Pick<KlarnaConfig, 'regions'>; timeoutMs?: number } = {},
): MessageFetcher {
  return (request, clientId) => {
    requests.push(request);
    return fetchKlarnaMessage(request, {
      config: options.config ?? config,
      clientId,
      timeoutMs: options.timeoutMs ?? 5_000,
    });
  };
}

async function textFor(country: CountryCode, purchaseAmount: number): Promise<string | null> {
  const result = await klarnaMessage(
    { market: market(country), placement: 'credit-promotion-badge', purchaseAmount },
    fetcher(),
  );
  if (result.status === 'unavailable') throw new Error('the emulator did not answer');
  // Intl writes a no-break space inside amounts ("433,00 kr"); compare with plain spaces.
  return result.status === 'shown' ? result.message.text.replace(/\s/g, ' ') : null;
}

describe('the offer line per market, in its language and currency', () => {
  test.each([
    ['SE', 129900, 'Dela upp i 3 räntefria betalningar om 433,00 kr.'],
    ['SE', 5000, 'Betala inom 30 dagar.'],
    ['US', 12500, 'Pay in 4 interest-free payments of $31.25.'],
    ['AU', 19900, 'Pay in 4 interest-free payments of $49.75.'],
    ['DE', 12900, 'Bezahle in 3 zinsfreien Raten von je 43,00 €.'],
    ['DE', 2495, 'In 30 Tagen bezahlen.'],
    ['GB', 11000, 'Pay in 3 interest-free payments of £36.67.'],
  ] as const)('%s, %i minor units: "%s"', async (country, amount, text) => {
    expect(await textFor(country, amount)).toBe(text);
  });

  test('the learn-more link is Klarna’s, labelled in the market’s language', async () => {
    const result = await klarnaMessage(
      { market: market('SE'), placement: 'credit-promotion-badge', purchaseAmount: 129900 },
      fetcher(),
    );
    expect(result.status).toBe('shown');
    if (result.status !== 'shown') return;
    expect(result.message.learnMore.label).toBe('Läs mer');
    const link = new URL(result.message.learnMore.url);
    expect(link.origin).toBe(emulator.url);
    expect(link.searchParams.get('purchase_amount')).toBe('129900');
    expect(link.searchParams.get('locale')).toBe('sv-SE');
  });

  test.each([
    ['SE', 'Dela upp i 3 räntefria betalningar med Klarna.'],
    ['US', 'Pay in 4 interest-free payments with Klarna.'],
    ['AU', 'Pay in 4 interest-free payments with Klarna.'],
    ['DE', 'Bezahle in 3 zinsfreien Raten mit Klarna.'],
    ['GB', 'Pay in 3 interest-free payments with Klarna.'],
  ] as const)('the home page strip in %s names no amount: "%s"', async (country, text) => {
    const result = await klarnaMessage(
      { market: market(country), placement: 'top-strip-promotion-badge' },
      fetcher(),
    );
    expect(result).toMatchObject({ status: 'shown', message: { text } });
  });
});

describe('amounts at and outside each market’s limits', () => {
  test.each([
    // Instalments in the US from $35.00 to $1,000.00, and nothing else.
    ['US', 3500, 'Pay in 4 interest-free payments of $8.75.'],
    ['US', 3499, null],
    ['US', 100000, 'Pay in 4 interest-free payments of $250.00.'],
    ['US', 100001, null],
    // Australia: 1.00 to 2,000.00.
    ['AU', 200000, 'Pay in 4 interest-free payments of $500.00.'],
    ['AU', 200001, null],
    // Great Britain: £30.00 to £2,000.00, no pay later.
    ['GB', 2999, null],
    ['GB', 200001, null],
    // Sweden: instalments from 100 kr to 20 000 kr, then pay in 30 days up to 50 000 kr.
    ['SE', 9999, 'Betala inom 30 dagar.'],
    ['SE', 2000001, 'Betala inom 30 dagar.'],
    ['SE', 5000000, 'Betala inom 30 dagar.'],
    ['SE', 5000001, null],
    // Germany: instalments to 1 500 €, pay in 30 days to 5 000 €.
    ['DE', 150001, 'In 30 Tagen bezahlen.'],
    ['DE', 500001, null],
  ] as const)('%s, %i minor units → %s', async (country, amount, text) => {
    expect(await textFor(country, amount)).toBe(text);
  });

  test('a product’s amount is its price times the quantity chosen', async () => {
    const amount = productMessagingAmount({ kind: 'ONE_TIME' }, 24900, 3);
    expect(amount).toBe(74700);
    expect(await textFor('SE', amount ?? 0)).toBe('Dela upp i 3 räntefria betalningar om 249,00 kr.');
    // 10 × 899 kr = 8 990 kr is still instalments; 99 × 899 kr is past them, and past pay later.
    expect(await textFor('SE', productMessagingAmount({ kind: 'ONE_TIME' }, 89900, 10) ?? 0)).toBe(
      'Dela upp i 3 räntefria betalningar om 2 996,67 kr.',
    );
    expect(await textFor('SE', productMessagingAmount({ kind: 'ONE_TIME' }, 89900, 99) ?? 0)).toBeNull();
    // In the US, 12 × $85.00 = $1,020.00 is past the instalments' $1,000.00.
    expect(await textFor('US', productMessagingAmount({ kind: 'ONE_TIME' }, 8500, 11) ?? 0)).toBe(
      'Pay in 4 interest-free payments of $233.75.',
    );
    expect(await textFor('US', productMessagingAmount({ kind: 'ONE_TIME' }, 8500, 12) ?? 0)).toBeNull();
  });
});

describe('no message where Klarna’s offer does not apply', () => {
  test('a subscription product gets none, and Klarna is not asked', async () => {
    const requests: MessagingRequest[] = [];
    const purchaseAmount = productMessagingAmount({ kind: 'SUBSCRIPTION' }, 24900, 1);
    const result = await klarnaMessage(
      { market: market('SE'), placement: 'credit-promotion-badge', purchaseAmount },
      fetcher(requests),
    );
    expect(result).toEqual({ status: 'hidden' });
    expect(requests).toEqual([]);
  });

  test('a basket with a subscription gets none; a basket without one is priced at its total', async () => {
    const summary = { total: 129900 };
    expect(
      cartMessagingAmount({ lines: [{ kind: 'ONE_TIME' }, { kind: 'SUBSCRIPTION' }], summary }),
    ).toBeNull();
    expect(cartMessagingAmount({ lines: [], summary: { total: 0 } })).toBeNull();
    const amount = cartMessagingAmount({ lines: [{ kind: 'ONE_TIME' }, { kind: 'ONE_TIME' }], summary });
    expect(amount).toBe(129900);
    expect(await textFor('SE', amount ?? 0)).toBe('Dela upp i 3 räntefria betalningar om 433,00 kr.');
  });
});

test('against Klarna, a region without a client identifier shows none and asks nothing', async () => {
  const requests: MessagingRequest[] = [];
  const result = await klarnaMessage(
    { market: market('SE'), placement: 'credit-promotion-badge', purchaseAmount: 129900 },
    fetcher(requests),
    null,
  );
  expect(result).toEqual({ status: 'hidden' });
  expect(requests).toEqual([]);
});

describe('when Klarna cannot be asked, the placement is simply not shown', () => {
  let hanging: LocalServer;
  let broken: LocalServer;

  beforeAll(async () => {
    // Accepts the request and never answers.
    hanging = await startLocalServer([() => {}]);
    broken = await startLocalServer([
      (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"content":');
      },
    ]);
  });

  afterAll(async () => {
    await hanging?.close();
    await broken?.close();
  });

  function regionsAt(url: string): Pick<KlarnaConfig, 'regions'> {
    const region = { baseUrl: url, username: 'unused', password: 'unused' };
    return createKlarnaConfig({ regions: { eu: region, na: region, oc: region } });
  }

  async function resultFrom(url: string, timeoutMs = 5_000): Promise<MessagingResult> {
    return klarnaMessage(
      { market: market('SE'), placement: 'credit-promotion-badge', purchaseAmount: 129900 },
      fetcher([], { config: regionsAt(url), timeoutMs }),
    );
  }

  test('nothing listens at the configured URL', async () => {
    const closed = await startLocalServer([]);
    const url = closed.url;
    await closed.close();
    expect(await resultFrom(url)).toEqual({ status: 'unavailable' });
  });

  test('Klarna takes longer than the timeout', async () => {
    expect(await resultFrom(hanging.url, 300)).toEqual({ status: 'unavailable' });
    expect(hanging.requests.length).toBeGreaterThan(0);
  });

  test('Klarna answers with a broken body', async () => {
    expect(await resultFrom(broken.url)).toEqual({ status: 'unavailable' });
  });

  test('Klarna refuses the call (an unknown locale is a 400)', async () => {
    const result = await klarnaMessage(
      {
        market: { ...market('SE'), locale: 'xx-SE' },
        placement: 'credit-promotion-badge',
        purchaseAmount: 129900,
      },
      fetcher(),
    );
    expect(result).toEqual({ status: 'unavailable' });
  });

  test('the messaging call names the store and sends a User-Agent, as Klarna requires', async () => {
    const recorder = await startLocalServer([(res) => res.writeHead(204).end()]);
    try {
      const result = await klarnaMessage(
        { market: market('US'), placement: 'credit-promotion-badge', purchaseAmount: 12500 },
        fetcher([], { config: regionsAt(`${recorder.url}/na`) }),
        'nordlys-test',
      );
      expect(result).toEqual({ status: 'hidden' });
      const [request] = recorder.requests;
      const url = new URL(request?.url ?? '', recorder.url);
      expect(url.pathname).toBe('/na/messaging/v3');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: 'nordlys-test',
        placement_key: 'credit-promotion-badge',
        locale: 'en-US',
        purchase_amount: '12500',
      });
      expect(request?.headers['user-agent']).toBeTruthy();
      expect(request?.headers.authorization).toBeUndefined();
    } finally {
      await recorder.close();
    }
  });
});
