import { describe, expect, test } from 'vitest';
import type { ChargeFailureKind } from '../klarna-token';
import { decideAfterFailure, isRefusal, type FailedCharge, type FailureDecision } from './failure-policy';

const at = (iso: string) => new Date(iso);
const DUE = '2026-05-01T06:00:00Z';

function failure(
  kind: ChargeFailureKind,
  now: string,
  history: Partial<FailedCharge['charge']> = {},
): FailedCharge {
  return {
    kind,
    detail: '403 PAYMENT_METHOD_FAILED',
    now: at(now),
    charge: {
      period: 2,
      orderNumber: 'K7QF-3XWD',
      firstAttemptAt: at(DUE),
      refusals: 0,
      firstRefusedAt: null,
      ...history,
    },
    tokenRegion: 'eu',
  };
}

type Expected = Pick<FailureDecision, 'next' | 'chargeStatus' | 'subscriptionStatus'> & { retryAt?: string };

describe('what happens after a failed renewal charge', () => {
  test.each<[label: string, input: FailedCharge, expected: Expected]>([
    [
      'first refusal: retried one day after it',
      failure('refused', DUE),
      {
        next: 'retry',
        retryAt: '2026-05-02T06:00:00Z',
        chargeStatus: 'FAILED',
        subscriptionStatus: 'ACTIVE',
      },
    ],
    [
      'second refusal: retried three days after the first',
      failure('refused', '2026-05-02T06:00:00Z', { refusals: 1, firstRefusedAt: at(DUE) }),
      {
        next: 'retry',
        retryAt: '2026-05-04T06:00:00Z',
        chargeStatus: 'FAILED',
        subscriptionStatus: 'ACTIVE',
      },
    ],
    [
      'third refusal: retried seven days after the first',
      failure('refused', '2026-05-04T06:00:00Z', { refusals: 2, firstRefusedAt: at(DUE) }),
      {
        next: 'retry',
        retryAt: '2026-05-08T06:00:00Z',
        chargeStatus: 'FAILED',
        subscriptionStatus: 'ACTIVE',
      },
    ],
    [
      'fourth refusal: given up, past due',
      failure('refused', '2026-05-08T06:00:00Z', { refusals: 3, firstRefusedAt: at(DUE) }),
      { next: 'past_due', chargeStatus: 'ABANDONED', subscriptionStatus: 'PAST_DUE' },
    ],
    [
      'no answer at the first attempt: the same charge again in ten minutes',
      failure('unanswered', DUE),
      {
        next: 'retry',
        retryAt: '2026-05-01T06:10:00Z',
        chargeStatus: 'FAILED',
        subscriptionStatus: 'ACTIVE',
      },
    ],
    [
      'no answer 22 hours after the first attempt: the same charge again in ten minutes',
      failure('unanswered', '2026-05-02T04:00:00Z'),
      {
        next: 'retry',
        retryAt: '2026-05-02T04:10:00Z',
        chargeStatus: 'FAILED',
        subscriptionStatus: 'ACTIVE',
      },
    ],
    [
      'no answer as the idempotency key is about to lapse: held for review, past due',
      failure('unanswered', '2026-05-02T04:55:00Z'),
      { next: 'past_due', chargeStatus: 'NEEDS_REVIEW', subscriptionStatus: 'PAST_DUE' },
    ],
    [
      'token cancelled at Klarna: the subscription is cancelled',
      failure('token_cancelled', DUE),
      { next: 'stop', chargeStatus: 'ABANDONED', subscriptionStatus: 'CANCELLED' },
    ],
    [
      'token suspended at Klarna: the subscription waits, suspended',
      failure('token_suspended', DUE),
      { next: 'stop', chargeStatus: 'FAILED', subscriptionStatus: 'SUSPENDED' },
    ],
    [
      'token unknown to its region: the subscription waits, suspended',
      failure('token_unknown', DUE),
      { next: 'stop', chargeStatus: 'FAILED', subscriptionStatus: 'SUSPENDED' },
    ],
    [
      'token cancelled after earlier refusals: still cancelled, no retry',
      failure('token_cancelled', '2026-05-04T06:00:00Z', { refusals: 2, firstRefusedAt: at(DUE) }),
      { next: 'stop', chargeStatus: 'ABANDONED', subscriptionStatus: 'CANCELLED' },
    ],
  ])('%s', (_label, input, expected) => {
    const decision = decideAfterFailure(input);
    expect({
      next: decision.next,
      chargeStatus: decision.chargeStatus,
      subscriptionStatus: decision.subscriptionStatus,
      ...(decision.next === 'retry' ? { retryAt: decision.retryAt.toISOString() } : {}),
    }).toEqual({ ...expected, ...(expected.retryAt ? { retryAt: at(expected.retryAt).toISOString() } : {}) });
  });
});

describe('what the subscription shows as its reason', () => {
  test.each<[label: string, input: FailedCharge, expected: RegExp]>([
    [
      'a retry names the attempt and when',
      failure('refused', DUE),
      /retry 1 of 3 at 2026-05-02T06:00:00\.000Z/,
    ],
    [
      'past due after refusals counts them',
      failure('refused', '2026-05-08T06:00:00Z', { refusals: 3, firstRefusedAt: at(DUE) }),
      /refused the charge for period 2 4 times/,
    ],
    [
      'held for review names the order to look up at Klarna',
      failure('unanswered', '2026-05-02T05:30:00Z'),
      /Check Klarna's portal for order K7QF-3XWD/,
    ],
    ['an unknown token names its region', failure('token_unknown', DUE), /Klarna's eu region does not know/],
  ])('%s', (_label, input, expected) => {
    expect(decideAfterFailure(input).reason).toMatch(expected);
  });
});

test.each<[label: string, kind: ChargeFailureKind, refusal: boolean]>([
  ['no answer may have charged: not a refusal, the same key is sent again', 'unanswered', false],
  ['a refusal charged nothing', 'refused', true],
  ['a cancelled token charged nothing', 'token_cancelled', true],
  ['a suspended token charged nothing', 'token_suspended', true],
  ['an unknown token charged nothing', 'token_unknown', true],
])('%s', (_label, kind, refusal) => {
  expect(isRefusal(kind)).toBe(refusal);
});
