import { describe, expect, test } from 'vitest';
import {
  addMonths,
  IDEMPOTENCY_KEY_SAFE_MS,
  periodDueAt,
  renewalIdempotencyKey,
  renewalKeyAfterRefusal,
  retryAfterNoAnswer,
  retryAfterRefusal,
  UNANSWERED_RETRY_MS,
} from './subscription-schedule';
import { addMs, MINUTE_MS } from './time';

const at = (iso: string) => new Date(iso);

describe('addMonths', () => {
  test.each([
    ['a plain month', '2026-03-15T09:30:00Z', 1, '2026-04-15T09:30:00Z'],
    ['over a year end', '2026-12-10T00:00:00Z', 1, '2027-01-10T00:00:00Z'],
    ['31 January to the end of February', '2027-01-31T12:00:00Z', 1, '2027-02-28T12:00:00Z'],
    ['31 January to 29 February in a leap year', '2028-01-31T12:00:00Z', 1, '2028-02-29T12:00:00Z'],
    ['31 March to 30 April', '2026-03-31T08:00:00Z', 1, '2026-04-30T08:00:00Z'],
    ['a year', '2028-02-29T10:00:00Z', 12, '2029-02-28T10:00:00Z'],
    ['backwards', '2026-03-31T00:00:00Z', -1, '2026-02-28T00:00:00Z'],
  ])('%s', (_label, from, months, expected) => {
    expect(addMonths(at(from), months).toISOString()).toBe(at(expected).toISOString());
  });
});

describe('periodDueAt', () => {
  test.each([
    ['period 1 is the anchor', 'MONTH', 1, 1, '2026-01-31T10:00:00Z'],
    ['period 2 of a monthly plan, clamped to February', 'MONTH', 1, 2, '2026-02-28T10:00:00Z'],
    [
      'period 3 returns to the 31st (counted from the anchor, no drift)',
      'MONTH',
      1,
      3,
      '2026-03-31T10:00:00Z',
    ],
    ['period 2 of a quarterly plan', 'MONTH', 3, 2, '2026-04-30T10:00:00Z'],
    ['period 2 of a yearly plan', 'YEAR', 1, 2, '2027-01-31T10:00:00Z'],
  ] as const)('%s', (_label, interval, count, period, expected) => {
    expect(periodDueAt(at('2026-01-31T10:00:00Z'), interval, count, period).toISOString()).toBe(
      at(expected).toISOString(),
    );
  });

  test('refuses periods below 1 and interval counts below 1', () => {
    expect(() => periodDueAt(new Date(), 'MONTH', 1, 0)).toThrow(RangeError);
    expect(() => periodDueAt(new Date(), 'MONTH', 0, 1)).toThrow(RangeError);
  });
});

describe('retries', () => {
  const firstRefusal = at('2026-05-01T06:00:00Z');

  test.each([
    ['after the first refusal: one day later', 1, '2026-05-02T06:00:00Z'],
    ['after the second: three days after the first', 2, '2026-05-04T06:00:00Z'],
    ['after the third: seven days after the first', 3, '2026-05-08T06:00:00Z'],
  ])('a refused charge is tried again %s', (_label, refusals, expected) => {
    expect(retryAfterRefusal(firstRefusal, refusals)?.toISOString()).toBe(at(expected).toISOString());
  });

  test('after the fourth refusal there is no retry: the subscription is past due', () => {
    expect(retryAfterRefusal(firstRefusal, 4)).toBeNull();
  });

  test('an unanswered charge is re-sent soon, while Klarna still remembers its idempotency key', () => {
    const first = at('2026-05-01T06:00:00Z');
    const soon = addMs(first, MINUTE_MS);
    expect(retryAfterNoAnswer(first, soon)?.getTime()).toBe(soon.getTime() + UNANSWERED_RETRY_MS);

    const late = new Date(first.getTime() + IDEMPOTENCY_KEY_SAFE_MS - UNANSWERED_RETRY_MS);
    expect(retryAfterNoAnswer(first, late)).toBeNull();
  });
});

test('the idempotency key depends on the subscription and the period only', () => {
  expect(renewalIdempotencyKey('sub_1', 3)).toBe(renewalIdempotencyKey('sub_1', 3));
  expect(renewalIdempotencyKey('sub_1', 3)).not.toBe(renewalIdempotencyKey('sub_1', 4));
  expect(renewalIdempotencyKey('sub_1', 3)).not.toBe(renewalIdempotencyKey('sub_2', 3));
});

test('after a refusal the next try has a key no earlier try used', () => {
  const keys = [
    renewalIdempotencyKey('sub_1', 3),
    renewalKeyAfterRefusal('sub_1', 3, 1),
    renewalKeyAfterRefusal('sub_1', 3, 2),
    renewalKeyAfterRefusal('sub_1', 4, 1),
  ];
  expect(new Set(keys).size).toBe(keys.length);
});
