import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { setUpTestDatabase } from './helpers/database';

const db = setUpTestDatabase();

const DAY = 86_400_000;
const NOW = new Date('2026-11-20T12:00:00.000Z');

interface Seeded {
  id: string;
  number: string;
  email: string;
  status: string;
  fraudStatus: string;
  orderAmount: number;
  createdAt: Date;
  klarnaOrderId: string;
  currency: string;
  merchantReference1: string | null;
  authorizationExpiresAt: Date;
}

const seeded: Seeded[] = [];

/** 60 orders, one every 6 hours back from NOW, with a spread of statuses, amounts and currencies. */
beforeAll(async () => {
  const prisma = await db.prisma();
  // Every sixth order is captured and then refunded in full: its status stays CAPTURED.
  const statuses = ['AUTHORIZED', 'CAPTURED', 'PART_CAPTURED', 'CAPTURED', 'CAPTURED', 'CANCELLED'] as const;
  for (let i = 0; i < 60; i++) {
    const createdAt = new Date(NOW.getTime() - i * 6 * 3_600_000);
    const status = statuses[i % statuses.length] ?? 'AUTHORIZED';
    const refunded = i % statuses.length === 4;
    const fraudStatus = i === 7 ? 'PENDING' : 'ACCEPTED';
    const orderAmount = 1_000 + ((i * 7_919) % 50_000);
    const captured = status === 'CAPTURED' ? orderAmount : status === 'PART_CAPTURED' ? 500 : 0;
    const currency = i % 3 === 0 ? 'EUR' : 'SEK';
    const row = await prisma.order.create({
      data: {
        number: `T${String(i).padStart(3, '0')}-${i % 2 === 0 ? 'EVEN' : 'ODDS'}`,
        accessKey: randomUUID(),
        email: i === 11 ? 'mixed.case@example.com' : `shopper${i % 20}@example.com`,
        klarnaOrderId: randomUUID(),
        region: 'eu',
        country: currency === 'EUR' ? 'DE' : 'SE',
        currency,
        locale: currency === 'EUR' ? 'de-DE' : 'sv-SE',
        status,
        fraudStatus,
        orderAmount,
        taxAmount: 0,
        capturedAmount: captured,
        refundedAmount: refunded ? captured : 0,
        authorizationExpiresAt: new Date(createdAt.getTime() + 28 * DAY),
        billingAddress: {},
        shippingAddress: {},
        // As the data layer stores it (lower-cased) when an order is placed.
        billingName: i === 14 ? 'åsa lindqvist' : i === 15 ? 'anna svensson' : null,
        placedAt: createdAt,
        createdAt,
        merchantReference1: i % 10 === 0 ? `ERP-${1000 + i}` : null,
        captures:
          captured > 0
            ? {
                create: {
                  klarnaCaptureId: randomUUID(),
                  amount: captured,
                  currency,
                  lines: [],
                  actor: 'admin@example.com',
                  capturedAt: new Date(createdAt.getTime() + 3_600_000),
                },
              }
            : undefined,
      },
    });
    seeded.push({
      id: row.id,
      number: row.number,
      email: row.email,
      status,
      fraudStatus,
      orderAmount,
      createdAt,
      klarnaOrderId: row.klarnaOrderId ?? '',
      currency,
      merchantReference1: row.merchantReference1,
      authorizationExpiresAt: row.authorizationExpiresAt ?? createdAt,
    });
  }
});

async function list(params: Record<string, string>) {
  const { listAdminOrders } = await import('@/lib/data/order-list');
  const { listQueryFromParams, parseOrderListParams } = await import('@/lib/validations/admin-orders');
  return listAdminOrders(listQueryFromParams(parseOrderListParams(params).params, NOW));
}

const newestFirst = () => [...seeded].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());

describe('listAdminOrders', () => {
  test('pages through every order once, newest first, and back again', async () => {
    const first = await list({});
    const second = await list({ after: first.nextCursor ?? '' });
    const third = await list({ after: second.nextCursor ?? '' });

    expect(first.rows.map((row) => row.number)).toEqual(
      newestFirst()
        .slice(0, 25)
        .map((row) => row.number),
    );
    expect(second.rows.map((row) => row.number)).toEqual(
      newestFirst()
        .slice(25, 50)
        .map((row) => row.number),
    );
    expect(third.rows.map((row) => row.number)).toEqual(
      newestFirst()
        .slice(50)
        .map((row) => row.number),
    );
    expect([first.previousCursor, third.nextCursor]).toEqual([null, null]);

    const back = await list({ before: third.previousCursor ?? '' });
    expect(back.rows.map((row) => row.id)).toEqual(second.rows.map((row) => row.id));
    const start = await list({ before: back.previousCursor ?? '' });
    expect(start.rows.map((row) => row.id)).toEqual(first.rows.map((row) => row.id));
    expect(start.previousCursor).toBeNull();
  });

  test('a broken page link shows the first page', async () => {
    expect((await list({ after: 'not-a-cursor' })).rows.map((row) => row.id)).toEqual(
      (await list({})).rows.map((row) => row.id),
    );
  });

  test.each<{ label: string; params: Record<string, string>; expected: (order: Seeded) => boolean }>([
    {
      label: 'status',
      params: { status: 'part-captured' },
      expected: (o: Seeded) => o.status === 'PART_CAPTURED',
    },
    {
      label: 'fraud status',
      params: { fraud: 'pending' },
      expected: (o: Seeded) => o.fraudStatus === 'PENDING',
    },
    {
      label: 'needs capture (open and accepted)',
      params: { needs: 'capture' },
      expected: (o: Seeded) =>
        (o.status === 'AUTHORIZED' || o.status === 'PART_CAPTURED') && o.fraudStatus === 'ACCEPTED',
    },
    {
      label: 'authorization expires within 20 days',
      params: { expires: '20' },
      expected: (o: Seeded) =>
        (o.status === 'AUTHORIZED' || o.status === 'PART_CAPTURED') &&
        o.authorizationExpiresAt.getTime() <= NOW.getTime() + 20 * DAY,
    },
  ])('filters by $label', async ({ params, expected }) => {
    const wanted = newestFirst().filter(expected);
    expect(wanted.length).toBeGreaterThan(0);
    const page = await list(params);
    expect(page.rows.map((row) => row.number)).toEqual(wanted.slice(0, 25).map((row) => row.number));
  });

  test.each([
    {
      label: 'an order number prefix',
      q: 't00',
      expected: [
        'T000-EVEN',
        'T001-ODDS',
        'T002-EVEN',
        'T003-ODDS',
        'T004-EVEN',
        'T005-ODDS',
        'T006-EVEN',
        'T007-ODDS',
        'T008-EVEN',
        'T009-ODDS',
      ],
    },
    { label: 'a whole order number', q: 'T013-ODDS', expected: ['T013-ODDS'] },
    { label: 'an email as stored', q: 'mixed.case@example.com', expected: ['T011-ODDS'] },
    { label: 'an email typed in another case', q: 'Mixed.Case@Example.COM', expected: ['T011-ODDS'] },
    { label: 'the start of an email in capitals', q: 'MIXED.', expected: ['T011-ODDS'] },
    { label: 'the start of an email', q: 'shopper3@', expected: ['T003-ODDS', 'T023-ODDS', 'T043-ODDS'] },
    { label: 'a merchant reference', q: 'ERP-1020', expected: ['T020-EVEN'] },
    { label: 'any part of an email', q: 'XED.CASE@', expected: ['T011-ODDS'] },
    { label: 'the middle of an email', q: 'pper13', expected: ['T013-ODDS', 'T033-ODDS', 'T053-ODDS'] },
    { label: 'a family name in capitals', q: 'SVENSSON', expected: ['T015-ODDS'] },
    { label: 'a whole name', q: 'Anna  Svensson', expected: ['T015-ODDS'] },
    { label: 'a given name with a letter beyond ASCII', q: 'Åsa', expected: ['T014-EVEN'] },
  ])('searches by $label', async ({ q, expected }) => {
    const page = await list({ q });
    expect(page.rows.map((row) => row.number).sort()).toEqual([...expected].sort());
  });

  test('searches by a Klarna order id, in any case', async () => {
    const order = seeded[33];
    if (!order) throw new Error('seed missing');
    const page = await list({ q: order.klarnaOrderId.toUpperCase() });
    expect(page.rows.map((row) => row.id)).toEqual([order.id]);
  });

  test('sorts by amount within each currency (EUR, then SEK), both ways, paging forwards and back', async () => {
    const byCurrency = (a: Seeded, b: Seeded) => a.currency.localeCompare(b.currency);
    const byAmount = [...seeded].sort(
      (a, b) => byCurrency(a, b) || b.orderAmount - a.orderAmount || (b.id < a.id ? -1 : 1),
    );
    const first = await list({ sort: 'amount-desc' });
    const second = await list({ sort: 'amount-desc', after: first.nextCursor ?? '' });
    const third = await list({ sort: 'amount-desc', after: second.nextCursor ?? '' });
    const key = (row: { currency: string; orderAmount: number }) => `${row.currency} ${row.orderAmount}`;
    // 20 EUR orders, then 40 SEK: the second page crosses from EUR to SEK.
    expect([...first.rows, ...second.rows, ...third.rows].map(key)).toEqual(byAmount.map(key));
    expect(third.nextCursor).toBeNull();
    const back = await list({ sort: 'amount-desc', before: third.previousCursor ?? '' });
    expect(back.rows.map((row) => row.id)).toEqual(second.rows.map((row) => row.id));

    const ascending = await list({ sort: 'amount-asc' });
    const eur = seeded.filter((row) => row.currency === 'EUR').map((row) => row.orderAmount);
    expect(ascending.rows.slice(0, eur.length).map(key)).toEqual(
      [...eur].sort((a, b) => a - b).map((amount) => `EUR ${amount}`),
    );
    expect(ascending.rows[eur.length]?.currency).toBe('SEK');
  });

  test('sorts oldest first, and by authorization expiry soonest first, paging in that order', async () => {
    const oldest = await list({ sort: 'oldest' });
    const oldestNext = await list({ sort: 'oldest', after: oldest.nextCursor ?? '' });
    expect([...oldest.rows, ...oldestNext.rows].map((row) => row.number)).toEqual(
      newestFirst()
        .reverse()
        .slice(0, 50)
        .map((row) => row.number),
    );

    const byExpiry = [...seeded].sort(
      (a, b) =>
        a.authorizationExpiresAt.getTime() - b.authorizationExpiresAt.getTime() || (a.id < b.id ? -1 : 1),
    );
    const soonest = await list({ sort: 'expiry' });
    const soonestNext = await list({ sort: 'expiry', after: soonest.nextCursor ?? '' });
    expect([...soonest.rows, ...soonestNext.rows].map((row) => row.number)).toEqual(
      byExpiry.slice(0, 50).map((row) => row.number),
    );
  });
});

describe('counts and the chart', () => {
  test('counts per status match the orders, with the work queues', async () => {
    const { countAdminOrders } = await import('@/lib/data/order-list');
    const counts = await countAdminOrders(NOW);
    const count = (status: string) => seeded.filter((o) => o.status === status).length;
    expect(counts.byStatus).toMatchObject({
      AUTHORIZED: count('AUTHORIZED'),
      CAPTURED: count('CAPTURED'),
      PART_CAPTURED: count('PART_CAPTURED'),
      CANCELLED: count('CANCELLED'),
      EXPIRED: 0,
    });
    expect(counts.total).toBe(60);
    expect(counts.needsCapture).toBe(
      seeded.filter((o) => ['AUTHORIZED', 'PART_CAPTURED'].includes(o.status) && o.fraudStatus === 'ACCEPTED')
        .length,
    );
  });

  test('the chart sums authorized and captured amounts per UTC day and currency over 30 days', async () => {
    const { getDailyAmounts } = await import('@/lib/data/order-list');
    const chart = await getDailyAmounts(NOW, 30);

    expect(chart.map((series) => series.currency)).toEqual(['EUR', 'SEK']);
    for (const series of chart) {
      expect(series.days).toHaveLength(30);
      expect(series.days.at(-1)?.day).toBe('2026-11-20');
      for (const { day, authorized, captured } of series.days) {
        const placed = seeded.filter(
          (o) => o.currency === series.currency && o.createdAt.toISOString().slice(0, 10) === day,
        );
        expect(authorized, `${series.currency} ${day}`).toBe(
          placed.reduce((sum, o) => sum + o.orderAmount, 0),
        );
        const capturedThatDay = seeded.filter(
          (o) =>
            o.currency === series.currency &&
            ['CAPTURED', 'PART_CAPTURED'].includes(o.status) &&
            new Date(o.createdAt.getTime() + 3_600_000).toISOString().slice(0, 10) === day,
        );
        expect(captured, `${series.currency} ${day}`).toBe(
          capturedThatDay.reduce((sum, o) => sum + (o.status === 'PART_CAPTURED' ? 500 : o.orderAmount), 0),
        );
      }
    }
  });
});

describe('parseOrderListParams', () => {
  test('drops bad parameters with a message instead of failing', async () => {
    const { parseOrderListParams } = await import('@/lib/validations/admin-orders');
    const { params, problems } = parseOrderListParams({
      status: 'shipped',
      expires: '2.5',
      sort: 'random',
      q: 'x'.repeat(201),
    });
    expect(params).toMatchObject({
      status: undefined,
      expiresWithinDays: undefined,
      sort: 'newest',
      search: undefined,
    });
    expect(problems).toEqual([
      'Unknown status filter; showing every status.',
      'Enter the expiry window as a whole number of days.',
      'Search for at most 200 characters.',
      'Unknown sort order; newest first.',
    ]);
  });
});
